/**
 * The header the production server (scripts/serve.ts) sets on every request from the TCP peer's
 * address, replacing whatever a client sent under that name; absent under `next dev`. Next's
 * route handlers see no socket, so this is how they learn who is asking (login throttling).
 */
export const PEER_ADDRESS_HEADER = 'x-vitrine-peer';
