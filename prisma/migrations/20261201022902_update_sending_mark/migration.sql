-- AlterTable
ALTER TABLE "processed_updates" ADD COLUMN     "sending_at" TIMESTAMPTZ(3);
