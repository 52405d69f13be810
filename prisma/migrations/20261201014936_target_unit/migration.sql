-- DropIndex
DROP INDEX "targets_metric_scope_key";

-- AlterTable
ALTER TABLE "targets" ADD COLUMN     "unit" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE UNIQUE INDEX "targets_metric_scope_unit_key" ON "targets"("metric", "scope", "unit");
