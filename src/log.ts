import { pino, type Logger } from 'pino';

// Citizens type phone numbers and ID numbers into chats; logs must never keep them.
const PHONE = /(?<!\d)(?:\+?84|0)(?:[\s.-]?\d){8,10}(?!\d)/g;
const ID_NUMBER = /(?<!\d)\d{12}(?!\d)|(?<!\d)\d{9}(?!\d)/g;

export function redactText(text: string): string {
  return text.replace(ID_NUMBER, '[số giấy tờ]').replace(PHONE, '[sđt]');
}

function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'tro-ly-dvc' },
      redact: { paths: ['*.token', '*.password', 'token', 'headers.authorization'], censor: '[ẩn]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => redactDeep(a)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination(2),
  );
}

export type { Logger };
