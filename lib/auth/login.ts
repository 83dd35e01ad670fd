import 'server-only';
import { z } from 'zod';
import type { Database } from '@/lib/db/client';
import { ApiError } from '@/lib/api/errors';
import { findCurator, normalizeEmail } from './curators';
import {
  accountRule,
  addressRule,
  clearFailures,
  recordFailure,
  secondsUntilAllowed,
} from './login-throttle';
import type { PasswordVerifier } from './passwords';
import { createSession } from './sessions';

/** `POST /api/auth/login`'s body. */
export const credentialsSchema = z
  .object({ email: z.string().max(320), password: z.string().max(256) })
  .strict();

export interface LoginAttempt {
  email: string;
  password: string;
  /** The client's address (lib/auth/request-guard.ts `clientAddress`). */
  address: string;
}

export interface LoginDeps {
  db: Database;
  passwords: PasswordVerifier;
}

/**
 * Checks a curator's credentials and opens a session; the token goes into the cookie. Throttled per
 * account and per address (429 with Retry-After before the password is even checked), and the same
 * answer, in about the same time, for an unknown e-mail and a wrong password.
 */
export async function logIn(deps: LoginDeps, attempt: LoginAttempt, now = new Date()): Promise<string> {
  const { db } = deps;
  const email = normalizeEmail(attempt.email);
  const keys = [
    { key: `account:${email}`, rule: accountRule },
    { key: `ip:${attempt.address}`, rule: addressRule },
  ];
  const wait = await secondsUntilAllowed(db, keys, now);
  if (wait > 0) {
    throw new ApiError('rate_limited', `Too many failed logins. Try again in ${Math.ceil(wait / 60)} min.`, {
      'Retry-After': String(wait),
    });
  }
  const curator = await findCurator(db, email);
  const valid = await deps.passwords.verify(curator?.passwordHash ?? null, attempt.password);
  if (!curator || !valid) {
    await recordFailure(db, keys, now);
    throw new ApiError('unauthorized', 'The e-mail or the password is wrong.');
  }
  await clearFailures(db, `account:${email}`);
  return createSession(db, curator.id, now);
}
