-- CreateTable
CREATE TABLE "support_tickets" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "user_id" TEXT,
    "question" TEXT NOT NULL,
    "bot_answer" TEXT,
    "guide_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "open_key" TEXT,
    "answer" TEXT,
    "answered_by" TEXT,
    "answered_at" TIMESTAMPTZ(3),
    "closed_by" TEXT,
    "closed_at" TIMESTAMPTZ(3),
    "notified_at" TIMESTAMPTZ(3),
    "reminded_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "support_tickets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "curated_entries" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "guide_id" TEXT,
    "reply" TEXT,
    "source_url" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "curated_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "curated_changes" (
    "id" SERIAL NOT NULL,
    "entry_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "snapshot" JSONB NOT NULL,

    CONSTRAINT "curated_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "support_tickets_open_key_key" ON "support_tickets"("open_key");

-- CreateIndex
CREATE INDEX "support_tickets_status_created_at_idx" ON "support_tickets"("status", "created_at");

-- CreateIndex
CREATE INDEX "support_tickets_channel_chat_id_idx" ON "support_tickets"("channel", "chat_id");

-- CreateIndex
CREATE UNIQUE INDEX "curated_entries_key_key" ON "curated_entries"("key");

-- CreateIndex
CREATE INDEX "curated_entries_kind_idx" ON "curated_entries"("kind");

-- CreateIndex
CREATE INDEX "curated_changes_key_idx" ON "curated_changes"("key");

-- CreateIndex
CREATE INDEX "curated_changes_at_idx" ON "curated_changes"("at");
