import { pino, type Logger } from 'pino';
import { maskPersonalData } from './core/personal-data.ts';

/** Log redaction uses the same masking as storage: ID numbers, phone numbers, e-mail. */
export const redactText = maskPersonalData;

/**
 * Masks strings inside what is logged. Only plain objects and arrays are walked: a Date, a Buffer
 * or a class instance is left for pino to print as it does (walking them turned them into {}), and
 * an Error goes through the `err` serializer below, which masks its message and stack.
 */
function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  // Raw bytes (a request body, an image) may hold anything: their size says enough.
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '[ẩn]' : maskDeep(v, depth + 1);
  return out;
}

// Done here rather than with pino's `redact` paths: its wildcards make Buffers unserializable.
const SECRET_KEYS = /^(token|password|authorization|secret|api_?key)$/i;

/** pino's own Error serializer (type, message, stack, cause, own fields), then masked. */
function maskedError(err: unknown): unknown {
  if (!(err instanceof Error)) return maskDeep(err);
  return maskDeep({ ...pino.stdSerializers.err(err) });
}

export interface LoggerOptions {
  /** Human-readable lines instead of JSON (the terminal chat, where a person reads stderr). */
  pretty?: boolean;
}

export function createLogger(level = 'info', destination?: pino.DestinationStream, opts: LoggerOptions = {}): Logger {
  return pino(
    {
      level,
      base: { app: 'tro-ly-dvc' },
      serializers: { err: maskedError, error: maskedError },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => maskDeep(a)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? (opts.pretty ? readableStderr() : pino.destination(2)),
  );
}

/** One line per record on stderr: "HH:MM:SS LEVEL message key=value", no JSON. */
function readableStderr(): pino.DestinationStream {
  const names: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
  return {
    write(line: string) {
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(line) as Record<string, unknown>;
      } catch {
        process.stderr.write(line);
        return;
      }
      const { level, time, msg, app: _app, pid: _pid, hostname: _host, err, ...rest } = rec;
      const at = new Date(Number(time)).toTimeString().slice(0, 8);
      const extra = Object.entries(rest)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      const error = err && typeof err === 'object' ? ` — ${(err as { message?: string }).message ?? ''}` : '';
      process.stderr.write(`${at} ${names[Number(level)] ?? level} ${msg ?? ''}${error}${extra ? ` (${extra})` : ''}\n`);
    },
  };
}

export type { Logger };
