/**
 * The header the production server (scripts/serve.ts) sets on every request from the TCP peer's
 * address, replacing whatever a client sent under that name; absent under `next dev`. Next's
 * route handlers see no socket, so this is how they learn who is asking (login throttling, `/i/`'s
 * budget of misses).
 */
export const PEER_ADDRESS_HEADER = 'x-vitrine-peer';

/**
 * The client's address. Behind a trusted proxy (TRUST_PROXY) it is the last X-Forwarded-For hop:
 * the one that proxy appended; earlier hops are whatever the client wrote and would let it pose as
 * anyone. Otherwise the TCP peer (`peer`, or the header above). Null when nothing says.
 */
export function clientAddressFrom(
  header: (name: string) => string | null,
  peer: string | null,
  trustProxy: boolean,
): string | null {
  if (trustProxy) {
    const forwarded = header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return peer ?? header(PEER_ADDRESS_HEADER) ?? null;
}
