/**
 * Whether an error means "the database cannot be reached right now" (→ 503, retry) rather than a
 * bug (→ 500). Drivers and drizzle wrap errors, so the whole `cause` chain is read. Pure.
 */
const unavailableCodes = new Set([
  // Node sockets.
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // Postgres: connection exceptions (class 08), shutting down / cannot connect now (57P0x), and a
  // statement cancelled by statement_timeout (57014: the server is too slow to answer in time).
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '57014',
]);

/** node-postgres' own messages for a connection that died or never came. */
const unavailableMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && unavailableCodes.has(code)) return true;
    if (
      unavailableMessages.some((message) => current instanceof Error && current.message.includes(message))
    ) {
      return true;
    }
    current = current.cause;
  }
  return false;
}
