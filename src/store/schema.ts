import type { ColumnType } from "kysely";
export type Generated<T> = T extends ColumnType<infer S, infer I, infer U>
  ? ColumnType<S, I | undefined, U>
  : ColumnType<T, T | undefined, T>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type AdminLoginAttempt = {
    id: Generated<number>;
    username: string;
    ip: string | null;
    success: boolean;
    created_at: Generated<Timestamp>;
};
export type AdminSecret = {
    name: string;
    value: string;
    created_at: Generated<Timestamp>;
};
export type AdminSession = {
    id: string;
    user_id: number;
    data: unknown;
    created_at: Generated<Timestamp>;
    last_seen_at: Generated<Timestamp>;
    expires_at: Timestamp;
};
export type AdminUser = {
    id: Generated<number>;
    username: string;
    password_hash: string;
    /**
     * editor | support | officer
     */
    role: string;
    /**
     * Officer accounts see the figures and officers of this unit and the units below it.
     */
    unit_code: string | null;
    created_at: Generated<Timestamp>;
    disabled_at: Timestamp | null;
    last_login_at: Timestamp | null;
};
export type Chat = {
    id: Generated<number>;
    channel: string;
    chat_id: string;
    last_topic: string | null;
    last_guide_id: string | null;
    mode: Generated<string>;
    step: Generated<number>;
    /**
     * Numbered choices offered last (for channels without buttons) and other small state.
     */
    state: unknown | null;
    updated_at: Timestamp;
};
export type CuratedChange = {
    id: Generated<number>;
    entry_id: number;
    key: string;
    /**
     * create | update | delete
     */
    action: string;
    actor: string;
    at: Generated<Timestamp>;
    /**
     * The entry after the change (before it, for a delete).
     */
    snapshot: unknown;
};
export type CuratedEntry = {
    id: Generated<number>;
    key: string;
    /**
     * example | answer | out_of_scope
     */
    kind: string;
    /**
     * The citizen's message (masked): an example of `guideId`, or the question the entry answers.
     */
    text: string;
    guide_id: string | null;
    /**
     * answer: the curated answer; out_of_scope: the redirect text.
     */
    reply: string | null;
    source_url: string | null;
    created_by: string;
    created_at: Generated<Timestamp>;
    updated_by: string;
    updated_at: Timestamp;
};
export type DailyLateReason = {
    unit_code: string;
    day: Timestamp;
    reason: string;
    n: number;
};
export type DailyStat = {
    unit_code: string;
    day: Timestamp;
    received: Generated<number>;
    received_online: Generated<number>;
    received_with_fee: Generated<number>;
    paid_online: Generated<number>;
    digitized: Generated<number>;
    completed: Generated<number>;
    completed_early: Generated<number>;
    completed_on_time: Generated<number>;
    completed_late: Generated<number>;
    e_result: Generated<number>;
};
export type Dossier = {
    ma_ho_so: string;
    ma_don_vi: string;
    ma_thu_tuc: string;
    /**
     * truc_tuyen | truc_tiep | buu_chinh
     */
    kenh_nop: string;
    ngay_tiep_nhan: Timestamp;
    han_xu_ly: Timestamp;
    ngay_hoan_thanh: Timestamp | null;
    co_phi: boolean;
    thanh_toan_truc_tuyen: boolean;
    da_so_hoa: boolean;
    ket_qua_dien_tu: boolean;
    ly_do_tre_han: string | null;
    imported_at: Generated<Timestamp>;
    /**
     * Written by `seed --demo` (codes DEMO.…); an ordinary import writes false.
     */
    demo: Generated<boolean>;
};
export type EnrollAttempt = {
    id: Generated<number>;
    channel: string;
    user_id: string;
    success: boolean;
    created_at: Generated<Timestamp>;
};
export type Feedback = {
    id: Generated<number>;
    channel: string;
    chat_id: string;
    user_id: string | null;
    question: string | null;
    guide_id: string | null;
    helpful: boolean;
    created_at: Generated<Timestamp>;
};
export type IndexScore = {
    unit_code: string;
    period: string;
    nhom: string;
    score: string;
    imported_at: Generated<Timestamp>;
    /**
     * Written by `seed --demo`; an ordinary import writes false.
     */
    demo: Generated<boolean>;
};
export type InviteCode = {
    id: Generated<number>;
    code_hash: string;
    unit_code: string;
    expires_at: Timestamp;
    used_at: Timestamp | null;
    used_by_id: number | null;
    created_at: Generated<Timestamp>;
};
export type Officer = {
    id: Generated<number>;
    unit_code: string;
    display_name: string;
    /**
     * Officers opt in to the daily quick report with /baocao bat.
     */
    report_enabled: Generated<boolean>;
    last_report_on: Timestamp | null;
    created_at: Generated<Timestamp>;
    revoked_at: Timestamp | null;
};
export type OfficerAccount = {
    id: Generated<number>;
    officer_id: number;
    channel: string;
    user_id: string;
    chat_id: string;
    created_at: Generated<Timestamp>;
};
export type ProcessedUpdate = {
    channel: string;
    update_id: string;
    processed_at: Generated<Timestamp>;
    /**
     * What is needed to answer it again; cleared once done.
     */
    event: unknown | null;
    /**
     * Answered (or given up on): nothing left to do.
     */
    done_at: Timestamp | null;
    /**
     * The process holding it renews this; past it, another process may take the update over.
     */
    lease_until: Timestamp | null;
    /**
     * Set just before the reply goes out. An update whose process died after this may have been
     * answered: it is not answered again (a double reply is what this guards against).
     */
    sending_at: Timestamp | null;
    attempts: Generated<number>;
};
export type RateLimit = {
    key: string;
    points: Generated<number>;
    expire: string | null;
};
export type SupportTicket = {
    id: Generated<number>;
    channel: string;
    chat_id: string;
    user_id: string | null;
    /**
     * What the citizen asked, masked as in the logs.
     */
    question: string;
    /**
     * The bot's last answer in that chat before the request (shortened).
     */
    bot_answer: string | null;
    guide_id: string | null;
    /**
     * open → answered → closed
     */
    status: Generated<string>;
    open_key: string | null;
    /**
     * The last answer staff gave.
     */
    answer: string | null;
    /**
     * "telegram:<id>", "zalo:<id>" or "console:<account>": for the support team, never shown to citizens.
     */
    answered_by: string | null;
    answered_at: Timestamp | null;
    closed_by: string | null;
    closed_at: Timestamp | null;
    /**
     * When a staff chat received it; null while none could be reached (retried by the reminder loop).
     */
    notified_at: Timestamp | null;
    reminded_at: Timestamp | null;
    created_at: Generated<Timestamp>;
    updated_at: Timestamp;
};
export type Target = {
    id: Generated<number>;
    metric: string;
    scope: Generated<string>;
    /**
     * The unit (and its sub-units) the plan was set for; "" for the whole province of the scope.
     */
    unit: Generated<string>;
    /**
     * ">=" or "<="
     */
    op: Generated<string>;
    threshold: number;
    period: string | null;
    source: string;
    note: string | null;
};
export type UnansweredQuestion = {
    id: Generated<number>;
    channel: string;
    chat_id: string;
    text: string;
    best_guide: string | null;
    best_score: number | null;
    created_at: Generated<Timestamp>;
};
export type Unit = {
    code: string;
    name: string;
    parent_code: string | null;
    path: string;
    /**
     * Short names officers use ("Phòng Dược", "ATTP"), from the optional `ten_goi_khac` import column.
     */
    aliases: Generated<string[]>;
    /**
     * One-stop desk citizens of this unit are sent to (phone, address); an ancestor's serves when null.
     */
    contact: string | null;
    /**
     * Written by `seed --demo` (a trigger clears it on any other write), so the demo replaces only its own.
     */
    demo: Generated<boolean>;
    created_at: Generated<Timestamp>;
    updated_at: Timestamp;
};
export type DB = {
    admin_login_attempts: AdminLoginAttempt;
    admin_secrets: AdminSecret;
    admin_sessions: AdminSession;
    admin_users: AdminUser;
    chats: Chat;
    curated_changes: CuratedChange;
    curated_entries: CuratedEntry;
    daily_late_reasons: DailyLateReason;
    daily_stats: DailyStat;
    dossiers: Dossier;
    enroll_attempts: EnrollAttempt;
    feedback: Feedback;
    index_scores: IndexScore;
    invite_codes: InviteCode;
    officer_accounts: OfficerAccount;
    officers: Officer;
    processed_updates: ProcessedUpdate;
    rate_limits: RateLimit;
    support_tickets: SupportTicket;
    targets: Target;
    unanswered_questions: UnansweredQuestion;
    units: Unit;
};
