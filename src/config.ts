import { resolve } from 'node:path';
import { z } from 'zod';
import { parseOfficeHours } from './support/hours.ts';

// Empty strings in .env mean "not set", as people leave `KEY=` lines from .env.example.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const url = z.url({ protocol: /^https?$/ });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const configSchema = z.object({
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'postgresql://user:pass@host:port/db')),
  PGLITE_SHARED_BUFFERS: z.string().regex(/^\d+(kB|MB|GB)$/, 'e.g. 64MB').default('64MB'),
  /** PostgreSQL server (DATABASE_URL) only: connect, statement and idle-in-transaction limits. */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(30000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_BASE_URL: optional(url),
  /** /metrics on its own port (e.g. bound to 127.0.0.1 for a local Prometheus) instead of PORT. */
  METRICS_PORT: optional(z.coerce.number().int().min(0).max(65535)),
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** When set, /metrics wants `Authorization: Bearer <token>`. */
  METRICS_TOKEN: optional(z.string().min(16).max(256)),

  TELEGRAM_BOT_TOKEN: optional(z.string().regex(/^\d+:[\w-]+$/, '123456:ABC-…')),
  TELEGRAM_API_ROOT: optional(url),
  TELEGRAM_WEBHOOK_URL: optional(url),
  // At least 16 characters: the secret is all that stands between the internet and the webhook.
  TELEGRAM_WEBHOOK_SECRET: optional(z.string().regex(/^[\w-]{16,256}$/, '16–256 chars A-Z a-z 0-9 _ -')),

  ZALO_BOT_TOKEN: optional(z.string().min(10)),
  ZALO_API_ROOT: z.url().default('https://bot-api.zaloplatforms.com'),
  ZALO_WEBHOOK_URL: optional(url),
  ZALO_WEBHOOK_SECRET: optional(z.string().min(16).max(256)),

  EMBEDDINGS_PROVIDER: z.enum(['local', 'openai-compatible']).default('local'),
  EMBEDDINGS_BASE_URL: optional(url),
  EMBEDDINGS_MODEL: optional(z.string()),
  EMBEDDINGS_API_KEY: optional(z.string()),

  LLM_PROVIDER: z.enum(['none', 'openai-compatible']).default('none'),
  LLM_BASE_URL: optional(url),
  LLM_MODEL: optional(z.string()),
  LLM_API_KEY: optional(z.string()),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),

  ANSWER_THREADS: z.coerce.number().int().min(0).max(16).default(1),
  /** An answer worker stuck longer than this on one question fails it and is replaced. */
  ANSWER_TIMEOUT_MS: z.coerce.number().int().min(1).default(10000),
  REPORT_TIME: hhmm.default('15:30'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /**
   * How long an update taken by a process that then died (kill -9, power loss) waits before
   * another process answers it. Longer than any answer and its send retries take.
   */
  UPDATE_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  /** Days unanswered questions, feedback and idle chat state are kept (Nghị định 13/2023/NĐ-CP). */
  PERSONAL_DATA_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  TARGET_SCOPE: z.string().default('default'),

  /** Staff chats tickets go to (issue 15): a Telegram chat id (groups are negative) and/or a Zalo chat id. */
  SUPPORT_CHAT_TELEGRAM: optional(z.string().regex(/^-?\d{1,20}$/)),
  SUPPORT_CHAT_ZALO: optional(z.string().min(1).max(128)),
  /** Vietnam time; the citizen is told when staff will answer outside these hours. */
  SUPPORT_HOURS: z
    .string()
    .default('Mon-Fri 07:30-11:30,13:30-17:00')
    .refine((s) => {
      try {
        parseOfficeHours(s);
        return true;
      } catch {
        return false;
      }
    }),
  /** Open tickets waiting longer than this are reminded of in the staff chat (within office hours). */
  SUPPORT_REMIND_MINUTES: z.coerce.number().int().min(1).max(10080).default(30),
});

export type Config = z.infer<typeof configSchema> & { dataDir: string };

const expected: Record<string, string> = {
  TELEGRAM_WEBHOOK_SECRET: '16–256 ký tự A-Z a-z 0-9 _ - / 16–256 characters A-Z a-z 0-9 _ -',
  ZALO_WEBHOOK_SECRET: '16–256 ký tự / 16–256 characters',
  METRICS_TOKEN: '16–256 ký tự / 16–256 characters',
  DATABASE_URL: 'chuỗi kết nối postgresql://… / a postgresql:// connection string',
  PORT: 'số cổng 0–65535 / a port number 0–65535',
  REPORT_TIME: 'giờ dạng HH:MM, ví dụ 15:30 / a time as HH:MM',
  SUPPORT_CHAT_TELEGRAM: 'mã chat Telegram, ví dụ -1001234567890 / a Telegram chat id',
  SUPPORT_HOURS: 'ví dụ "Mon-Fri 07:30-11:30,13:30-17:00; Sat 07:30-11:30" / e.g. "Mon-Fri 07:30-11:30,13:30-17:00"',
};

export class ConfigError extends Error {}

/** Validates the environment; the message names the variable in Vietnamese and English. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? '?');
    const want = expected[name] ?? issue.message;
    throw new ConfigError(
      `Cấu hình sai: biến ${name} không hợp lệ (cần: ${want}) / Invalid setting ${name}: expected ${want}, got ${JSON.stringify(env[name])}`,
    );
  }
  const cfg = parsed.data;
  if (cfg.TELEGRAM_WEBHOOK_URL && !cfg.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError(
      'Cấu hình sai: có TELEGRAM_WEBHOOK_URL thì phải có TELEGRAM_WEBHOOK_SECRET / TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL',
    );
  }
  if (cfg.ZALO_WEBHOOK_URL && !cfg.ZALO_WEBHOOK_SECRET) {
    throw new ConfigError(
      'Cấu hình sai: có ZALO_WEBHOOK_URL thì phải có ZALO_WEBHOOK_SECRET / ZALO_WEBHOOK_SECRET is required with ZALO_WEBHOOK_URL',
    );
  }
  for (const [flag, base, model] of [
    ['EMBEDDINGS_PROVIDER', cfg.EMBEDDINGS_BASE_URL, cfg.EMBEDDINGS_MODEL],
    ['LLM_PROVIDER', cfg.LLM_BASE_URL, cfg.LLM_MODEL],
  ] as const) {
    if (cfg[flag] === 'openai-compatible' && (!base || !model)) {
      const prefix = flag.replace('_PROVIDER', '');
      throw new ConfigError(
        `Cấu hình sai: ${flag}=openai-compatible cần ${prefix}_BASE_URL và ${prefix}_MODEL / ${flag}=openai-compatible needs ${prefix}_BASE_URL and ${prefix}_MODEL`,
      );
    }
  }
  return { ...cfg, dataDir: resolve(cfg.DATA_DIR) };
}
