-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "units" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parent_code" TEXT,
    "path" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "units_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "officers" (
    "id" SERIAL NOT NULL,
    "unit_code" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "report_enabled" BOOLEAN NOT NULL DEFAULT false,
    "last_report_on" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "officers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "officer_accounts" (
    "id" SERIAL NOT NULL,
    "officer_id" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "officer_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invite_codes" (
    "id" SERIAL NOT NULL,
    "code_hash" TEXT NOT NULL,
    "unit_code" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "used_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invite_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enroll_attempts" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "enroll_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dossiers" (
    "ma_ho_so" TEXT NOT NULL,
    "ma_don_vi" TEXT NOT NULL,
    "ma_thu_tuc" TEXT NOT NULL,
    "kenh_nop" TEXT NOT NULL,
    "ngay_tiep_nhan" TIMESTAMPTZ(3) NOT NULL,
    "han_xu_ly" TIMESTAMPTZ(3) NOT NULL,
    "ngay_hoan_thanh" TIMESTAMPTZ(3),
    "co_phi" BOOLEAN NOT NULL,
    "thanh_toan_truc_tuyen" BOOLEAN NOT NULL,
    "da_so_hoa" BOOLEAN NOT NULL,
    "ket_qua_dien_tu" BOOLEAN NOT NULL,
    "ly_do_tre_han" TEXT,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dossiers_pkey" PRIMARY KEY ("ma_ho_so")
);

-- CreateTable
CREATE TABLE "daily_stats" (
    "unit_code" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "received" INTEGER NOT NULL DEFAULT 0,
    "received_online" INTEGER NOT NULL DEFAULT 0,
    "received_with_fee" INTEGER NOT NULL DEFAULT 0,
    "paid_online" INTEGER NOT NULL DEFAULT 0,
    "digitized" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "completed_early" INTEGER NOT NULL DEFAULT 0,
    "completed_on_time" INTEGER NOT NULL DEFAULT 0,
    "completed_late" INTEGER NOT NULL DEFAULT 0,
    "e_result" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "daily_stats_pkey" PRIMARY KEY ("unit_code","day")
);

-- CreateTable
CREATE TABLE "index_scores" (
    "unit_code" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "nhom" TEXT NOT NULL,
    "score" DECIMAL(6,2) NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "index_scores_pkey" PRIMARY KEY ("unit_code","period","nhom")
);

-- CreateTable
CREATE TABLE "targets" (
    "id" SERIAL NOT NULL,
    "metric" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT 'default',
    "op" TEXT NOT NULL DEFAULT '>=',
    "threshold" DOUBLE PRECISION NOT NULL,
    "period" TEXT,
    "source" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "targets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chats" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "last_topic" TEXT,
    "last_guide_id" TEXT,
    "mode" TEXT NOT NULL DEFAULT 'normal',
    "step" INTEGER NOT NULL DEFAULT 0,
    "state" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "chats_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_updates" (
    "channel" TEXT NOT NULL,
    "update_id" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_updates_pkey" PRIMARY KEY ("channel","update_id")
);

-- CreateTable
CREATE TABLE "feedback" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "user_id" TEXT,
    "question" TEXT,
    "guide_id" TEXT,
    "helpful" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "unanswered_questions" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "best_guide" TEXT,
    "best_score" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "unanswered_questions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "units_parent_code_idx" ON "units"("parent_code");

-- CreateIndex
CREATE INDEX "units_path_idx" ON "units"("path");

-- CreateIndex
CREATE INDEX "officers_unit_code_idx" ON "officers"("unit_code");

-- CreateIndex
CREATE INDEX "officer_accounts_officer_id_idx" ON "officer_accounts"("officer_id");

-- CreateIndex
CREATE UNIQUE INDEX "officer_accounts_channel_user_id_key" ON "officer_accounts"("channel", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "invite_codes_code_hash_key" ON "invite_codes"("code_hash");

-- CreateIndex
CREATE INDEX "invite_codes_unit_code_idx" ON "invite_codes"("unit_code");

-- CreateIndex
CREATE INDEX "enroll_attempts_channel_user_id_created_at_idx" ON "enroll_attempts"("channel", "user_id", "created_at");

-- CreateIndex
CREATE INDEX "dossiers_ma_don_vi_ngay_tiep_nhan_idx" ON "dossiers"("ma_don_vi", "ngay_tiep_nhan");

-- CreateIndex
CREATE INDEX "dossiers_ma_don_vi_ngay_hoan_thanh_idx" ON "dossiers"("ma_don_vi", "ngay_hoan_thanh");

-- CreateIndex
CREATE INDEX "dossiers_han_xu_ly_idx" ON "dossiers"("han_xu_ly");

-- CreateIndex
CREATE INDEX "daily_stats_day_idx" ON "daily_stats"("day");

-- CreateIndex
CREATE UNIQUE INDEX "targets_metric_scope_key" ON "targets"("metric", "scope");

-- CreateIndex
CREATE UNIQUE INDEX "chats_channel_chat_id_key" ON "chats"("channel", "chat_id");

-- CreateIndex
CREATE INDEX "processed_updates_processed_at_idx" ON "processed_updates"("processed_at");

-- CreateIndex
CREATE INDEX "feedback_created_at_idx" ON "feedback"("created_at");

-- CreateIndex
CREATE INDEX "unanswered_questions_created_at_idx" ON "unanswered_questions"("created_at");

-- AddForeignKey
ALTER TABLE "units" ADD CONSTRAINT "units_parent_code_fkey" FOREIGN KEY ("parent_code") REFERENCES "units"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "officers" ADD CONSTRAINT "officers_unit_code_fkey" FOREIGN KEY ("unit_code") REFERENCES "units"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "officer_accounts" ADD CONSTRAINT "officer_accounts_officer_id_fkey" FOREIGN KEY ("officer_id") REFERENCES "officers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invite_codes" ADD CONSTRAINT "invite_codes_unit_code_fkey" FOREIGN KEY ("unit_code") REFERENCES "units"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invite_codes" ADD CONSTRAINT "invite_codes_used_by_id_fkey" FOREIGN KEY ("used_by_id") REFERENCES "officers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_ma_don_vi_fkey" FOREIGN KEY ("ma_don_vi") REFERENCES "units"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "daily_stats" ADD CONSTRAINT "daily_stats_unit_code_fkey" FOREIGN KEY ("unit_code") REFERENCES "units"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "index_scores" ADD CONSTRAINT "index_scores_unit_code_fkey" FOREIGN KEY ("unit_code") REFERENCES "units"("code") ON DELETE CASCADE ON UPDATE CASCADE;
