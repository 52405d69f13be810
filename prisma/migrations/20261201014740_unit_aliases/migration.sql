-- AlterTable
ALTER TABLE "units" ADD COLUMN     "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[];
