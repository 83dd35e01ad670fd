import 'server-only';
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * argon2id with OWASP's first recommended setting (m = 19 MiB, t = 2, p = 1). The algorithm number
 * is spelled out: `Algorithm` is a const enum, which isolated modules cannot import.
 */
const ARGON2ID = 2;
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Why a password cannot be used, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `A password needs at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `A password has at most ${PASSWORD_MAX_LENGTH} characters.`;
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** Checks a login's password; one per process (lib/server/app-services.ts), which keeps its decoy hash. */
export interface PasswordVerifier {
  /**
   * Whether `password` matches `passwordHash`. Null (the account does not exist) is verified against
   * a decoy hash and is false: a login for an unknown e-mail costs the same time as one with a wrong
   * password, so the timing tells nothing about which accounts exist.
   */
  verify(passwordHash: string | null, password: string): Promise<boolean>;
}

export function createPasswordVerifier(): PasswordVerifier {
  let decoy: Promise<string> | undefined;
  return {
    async verify(passwordHash, password) {
      if (passwordHash !== null) return verifyPassword(passwordHash, password);
      decoy ??= hashPassword('not a real password, only spends the same time');
      await verifyPassword(await decoy, password);
      return false;
    },
  };
}
