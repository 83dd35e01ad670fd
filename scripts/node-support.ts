/**
 * Which Node versions Vitrine runs on (README, "Supported Node versions"): 24 is what CI tests, 22.12
 * and later are supported (wrangler's minimum), 20 still runs `npm start` but is past end of life and
 * untested, and anything older than Next.js 16's minimum (20.9) cannot run it at all.
 */

type Version = readonly [major: number, minor: number];

export const testedNodeMajor = 24;
export const supportedNode: Version = [22, 12];
/** Next.js 16's own minimum: below it `next build` refuses to run. */
export const minimumNode: Version = [20, 9];

export type NodeSupport =
  | { level: 'supported' }
  | { level: 'warn'; message: string }
  | { level: 'unsupported'; message: string };

/** Compares a `process.versions.node` string ("20.20.2") with a major.minor. */
export function nodeAtLeast(version: string, [major, minor]: Version): boolean {
  const [actualMajor = 0, actualMinor = 0] = version.split('.').map(Number);
  return actualMajor > major || (actualMajor === major && actualMinor >= minor);
}

export function nodeSupport(version: string): NodeSupport {
  const tested = `Node ${testedNodeMajor} is what is tested (${supportedNode.join('.')}+ supported)`;
  if (!nodeAtLeast(version, minimumNode)) {
    return {
      level: 'unsupported',
      message: `Vitrine needs Node ${minimumNode.join('.')} or newer (Next.js 16's minimum); this is Node ${version}. ${tested}.`,
    };
  }
  if (!nodeAtLeast(version, supportedNode)) {
    // Node 20 and 21 are past end of life; 22.0–22.11 are older than what wrangler needs.
    const why = nodeAtLeast(version, [22, 0]) ? 'is older than the supported 22.12' : 'is past end of life';
    return { level: 'warn', message: `Warning: Node ${version} ${why} and untested here; ${tested}.` };
  }
  return { level: 'supported' };
}
