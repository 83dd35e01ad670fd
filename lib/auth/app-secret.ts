import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';

let cached: string | undefined;

/**
 * The root secret: APP_SECRET when set (required when several app instances share a database),
 * otherwise a random one created once in DATA_DIR so the embedded default needs no set-up.
 */
function rootSecret(): string {
  if (cached) return cached;
  if (env.APP_SECRET) {
    cached = env.APP_SECRET;
    return cached;
  }
  const file = path.join(env.DATA_DIR, 'app-secret');
  try {
    cached = fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(env.DATA_DIR, { recursive: true });
    const fresh = randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, fresh, { flag: 'wx', mode: 0o600 });
      cached = fresh;
    } catch {
      // Another process created it first: use theirs.
      cached = fs.readFileSync(file, 'utf8').trim();
    }
  }
  return cached;
}

/** A purpose-bound key, so a cursor MAC can never double as a session or CSRF token. */
export function deriveSecret(purpose: 'feed-cursor' | 'session'): string {
  return createHmac('sha256', rootSecret()).update(`vitrine:${purpose}`).digest('base64url');
}
