-- AlterTable
ALTER TABLE "processed_updates" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "done_at" TIMESTAMPTZ(3),
ADD COLUMN     "event" JSONB,
ADD COLUMN     "lease_until" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "processed_updates_lease_until_idx" ON "processed_updates"("lease_until");

-- Claims recorded before this migration were taken under the old rule (claimed, then processed at most once).
UPDATE "processed_updates" SET "done_at" = "processed_at";
