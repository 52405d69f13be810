-- CreateTable
CREATE TABLE "daily_late_reasons" (
    "unit_code" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "daily_late_reasons_pkey" PRIMARY KEY ("unit_code","day","reason")
);

-- CreateIndex
CREATE INDEX "daily_late_reasons_day_idx" ON "daily_late_reasons"("day");

-- AddForeignKey
ALTER TABLE "daily_late_reasons" ADD CONSTRAINT "daily_late_reasons_unit_code_fkey" FOREIGN KEY ("unit_code") REFERENCES "units"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the dossiers already imported (later imports keep it in step).
INSERT INTO "daily_late_reasons" ("unit_code", "day", "reason", "n")
SELECT ma_don_vi, (ngay_hoan_thanh AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, coalesce(nullif(trim(ly_do_tre_han), ''), ''), count(*)::int
  FROM dossiers WHERE ngay_hoan_thanh > han_xu_ly
 GROUP BY 1, 2, 3;
