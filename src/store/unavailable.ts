// Kept apart from db.ts so the core can tell an outage from a refusal without loading a driver.

const UNAVAILABLE_CODES = new Set([
  // Node sockets
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  // PostgreSQL: connection exceptions, shutdowns, statement timeout, too many connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '57014',
  '53300',
]);
const UNAVAILABLE_TEXT =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|terminating connection|connect ECONN|the database system is (starting up|shutting down|in recovery mode)|Connection refused|statement timeout/i;

/**
 * True when `err` says the database could not be reached or did not answer in time (as opposed to
 * refusing a statement): the caller answers "busy" and tries again later. Looks through `cause`
 * chains and aggregated errors (a connection attempt to several addresses).
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 5 || err === null || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_TEXT.test(e.message)) return true;
  return (
    isDatabaseUnavailable(e.cause, depth + 1) ||
    (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1)))
  );
}
