-- AlterTable
ALTER TABLE "dossiers" ADD COLUMN     "demo" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "index_scores" ADD COLUMN     "demo" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "units" ADD COLUMN     "contact" TEXT,
ADD COLUMN     "demo" BOOLEAN NOT NULL DEFAULT false;

-- Rows an earlier `seed --demo` made (codes DEMO-000001…, procedures DEMO.*, the province "TINH"
-- named "(dữ liệu mẫu)") are marked, so the next seed replaces them instead of refusing.
UPDATE "dossiers" SET "demo" = true WHERE "ma_ho_so" ~ '^DEMO-[0-9]{6}$' AND "ma_thu_tuc" LIKE 'DEMO.%';
UPDATE "units" SET "demo" = true
WHERE EXISTS (SELECT 1 FROM "units" t WHERE t."code" = 'TINH' AND t."name" = 'UBND tỉnh Minh Họa (dữ liệu mẫu)')
  AND ("code" = 'TINH' OR "path" LIKE '/TINH/%')
  AND "code" IN ('TINH', 'SYT', 'SYT.VP', 'SYT.NV1', 'SYT.NV2', 'SYT.ATTP', 'XA.ANPHU', 'XA.BINHTHANH', 'XA.TANLOC');
UPDATE "index_scores" s SET "demo" = true FROM "units" u WHERE u."code" = s."unit_code" AND u."demo";

-- A unit is demo data only while `seed --demo` writes it: any other insert or update (an
-- `import units` over a demo code) makes it a real unit, which the demo then never overwrites.
-- The seed sets tro_ly_dvc.seeding_demo = 'on' for its own transaction only.
CREATE FUNCTION "units_demo_marker"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."demo" := coalesce(current_setting('tro_ly_dvc.seeding_demo', true), '') = 'on';
  RETURN NEW;
END
$$;
CREATE TRIGGER "units_demo_marker" BEFORE INSERT OR UPDATE ON "units"
  FOR EACH ROW EXECUTE FUNCTION "units_demo_marker"();

-- The import validates every value; these keep the tables right whatever writes to them.
ALTER TABLE "units" ADD CONSTRAINT "units_code_check" CHECK ("code" <> '' AND strpos("code", '/') = 0);
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_ma_ho_so_check" CHECK ("ma_ho_so" <> '' AND length("ma_ho_so") <= 64);
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_kenh_nop_check" CHECK ("kenh_nop" IN ('truc_tuyen', 'truc_tiep', 'buu_chinh'));
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_dates_check"
  CHECK ("han_xu_ly" >= "ngay_tiep_nhan" AND ("ngay_hoan_thanh" IS NULL OR "ngay_hoan_thanh" >= "ngay_tiep_nhan"));
ALTER TABLE "index_scores" ADD CONSTRAINT "index_scores_nhom_check"
  CHECK ("nhom" IN ('cong_khai', 'tien_do', 'truc_tuyen', 'so_hoa', 'hai_long', 'tong'));
ALTER TABLE "index_scores" ADD CONSTRAINT "index_scores_score_check"
  CHECK ("score" >= 0 AND "score" <= CASE "nhom" WHEN 'cong_khai' THEN 18 WHEN 'tien_do' THEN 20 WHEN 'truc_tuyen' THEN 22
    WHEN 'so_hoa' THEN 22 WHEN 'hai_long' THEN 18 ELSE 100 END);
ALTER TABLE "index_scores" ADD CONSTRAINT "index_scores_period_check"
  CHECK ("period" ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$');
-- Roll-up counters: never negative, each part within its whole (rollup.ts: completed = on time + late).
ALTER TABLE "daily_stats" ADD CONSTRAINT "daily_stats_counts_check" CHECK (
  "received" >= 0 AND "received_online" BETWEEN 0 AND "received" AND "received_with_fee" BETWEEN 0 AND "received"
  AND "paid_online" BETWEEN 0 AND "received_with_fee" AND "digitized" BETWEEN 0 AND "received"
  AND "completed_on_time" >= 0 AND "completed_late" >= 0 AND "completed" = "completed_on_time" + "completed_late"
  AND "completed_early" BETWEEN 0 AND "completed_on_time" AND "e_result" BETWEEN 0 AND "completed");
