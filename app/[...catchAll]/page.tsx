import { notFound } from 'next/navigation';
import { connection } from 'next/server';

/**
 * Every URL no route matches: a 404 rendered per request (app/not-found.tsx inside the root layout).
 * Next's own answer for such URLs is the 404 it prerendered at build, which carries no CSP nonce
 * (proxy.ts makes one per request), so the browser refused every script of it.
 */
export default async function Missing(): Promise<never> {
  await connection();
  notFound();
}
