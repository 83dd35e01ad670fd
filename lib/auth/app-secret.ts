import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const MIN_SECRET_LENGTH = 32;

function readSecretFile(file: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (text.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `${file} holds a secret shorter than ${MIN_SECRET_LENGTH} characters. Delete the file (a new ` +
        'secret is generated; sessions and feed cursors signed with the old one stop working) or set APP_SECRET.',
    );
  }
  return text;
}

/**
 * The root secret: `appSecret` (APP_SECRET) when set, otherwise a random one kept in
 * `dataDir/app-secret`, created once, so the embedded default needs no set-up. The file appears
 * whole or not at all (written aside, then hard-linked into place, which fails if another process
 * got there first: then theirs is used), so no reader ever sees it empty or half-written.
 */
export function loadRootSecret(options: { appSecret?: string; dataDir: string }): string {
  if (options.appSecret) return options.appSecret;
  const file = path.join(options.dataDir, 'app-secret');
  const existing = readSecretFile(file);
  if (existing !== null) return existing;
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const fresh = randomBytes(32).toString('base64url');
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temp, fresh, { flag: 'wx', mode: 0o600 });
  try {
    fs.linkSync(temp, file);
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const theirs = readSecretFile(file);
    if (theirs === null) throw new Error(`${file} vanished while it was being created; start again.`);
    return theirs;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

export type SecretPurpose = 'feed-cursor' | 'session' | 'feed-head-refresh' | 'report-address';

/** The app's secret: one per process, created by lib/server/app-services.ts and handed to whoever signs. */
export interface AppSecret {
  /** A purpose-bound key, so a cursor MAC can never double as a session or CSRF token. */
  derive(purpose: SecretPurpose): string;
}

/**
 * The root secret is read (or created) on the first `derive`, never before: building the app reads
 * no secret and writes no file.
 */
export function createAppSecret(source: { appSecret?: string; dataDir: string }): AppSecret {
  let root: string | undefined;
  return {
    derive(purpose) {
      root ??= loadRootSecret(source);
      return createHmac('sha256', root).update(`vitrine:${purpose}`).digest('base64url');
    },
  };
}
