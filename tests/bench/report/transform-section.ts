/**
 * The report's `transform` section: the app's `/i/` against Next's optimizer (`/_next/image`, in the
 * baseline app) on the same sources, widths and output format, side by side in one run:
 *   1. cold transform latency: every source once per endpoint, one request at a time, alternating the
 *      endpoints image by image so both see the same machine;
 *   2. warm-hit throughput: keep-alive connections for a fixed time over the warmed w640 AVIF URLs.
 * Both caches must be empty when it starts (the bench starts both servers cold).
 */
import { throughput } from '../bench-server';
import type { TransformCase, TransformSection } from './report-types';

const ACCEPT = {
  avif: 'image/avif,image/webp,image/*,*/*;q=0.8',
  webp: 'image/webp,image/*,*/*;q=0.8',
} as const;

export interface TransformOptions {
  oursBase: string;
  nextBase: string;
  /** Public keys (`g/…`) of the sources. */
  srcs: readonly string[];
  widths: readonly number[];
  warmSeconds: number;
  connections: number;
  onProgress?: (message: string) => void;
}

/**
 * Quality 80 on both sides, one step above the default: the sources' display sets (q-75, made at
 * publish) are in the public store and `/i/` reads them before it transforms, so a q-75 URL would time
 * a store read. A quality outside the set is what `/i/` still encodes on request, like Next always does.
 */
export const TRANSFORM_QUALITY = 80;
const ours = (base: string, src: string, width: number) =>
  `${base}/i/w-${width},q-${TRANSFORM_QUALITY}/${src}`;
const nexts = (base: string, src: string, width: number) =>
  `${base}/_next/image?url=${encodeURIComponent(`/o/${src}`)}&w=${width}&q=${TRANSFORM_QUALITY}`;

async function timed(url: string, accept: string, format: string) {
  const started = performance.now();
  const response = await fetch(url, { headers: { accept } });
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const type = response.headers.get('content-type');
  if (type !== `image/${format}`) throw new Error(`${url} answered ${type}, not image/${format}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

export async function runTransformSection(options: TransformOptions): Promise<TransformSection> {
  const log = options.onProgress ?? (() => {});
  const cases: TransformCase[] = [];
  for (const [format, accept] of Object.entries(ACCEPT)) {
    for (const width of options.widths) {
      const samples = { ours: [] as number[], next: [] as number[], oursBytes: 0, nextBytes: 0 };
      for (const src of options.srcs) {
        const a = await timed(ours(options.oursBase, src, width), accept, format);
        const b = await timed(nexts(options.nextBase, src, width), accept, format);
        samples.ours.push(a.ms);
        samples.next.push(b.ms);
        samples.oursBytes += a.bytes;
        samples.nextBytes += b.bytes;
      }
      const count = options.srcs.length;
      cases.push({
        format,
        width,
        ours: {
          coldP50Ms: round1(percentile(samples.ours, 50)),
          coldP95Ms: round1(percentile(samples.ours, 95)),
          bytesPerImage: Math.round(samples.oursBytes / count),
        },
        nextImage: {
          coldP50Ms: round1(percentile(samples.next, 50)),
          coldP95Ms: round1(percentile(samples.next, 95)),
          bytesPerImage: Math.round(samples.nextBytes / count),
        },
      });
      log(`cold ${format} w${width}: ${count} sources on each side`);
    }
  }
  const load = {
    connections: options.connections,
    seconds: options.warmSeconds,
    headers: { accept: ACCEPT.avif },
  };
  const oursWarm = await throughput(
    options.srcs.map((src) => ours(options.oursBase, src, 640)),
    load,
  );
  const nextWarm = await throughput(
    options.srcs.map((src) => nexts(options.nextBase, src, 640)),
    load,
  );
  log(`warm avif w640: ${Math.round(oursWarm.rps)} vs ${Math.round(nextWarm.rps)} req/s`);
  // The headline (what the bounds judge) is AVIF at w640, the desktop card.
  const headline = cases.find((entry) => entry.format === 'avif' && entry.width === 640) ?? cases[0];
  if (!headline) throw new Error('no transform case was measured');
  return {
    ours: { ...headline.ours, warmRps: Math.round(oursWarm.rps) },
    nextImage: { ...headline.nextImage, warmRps: Math.round(nextWarm.rps) },
    ratio: {
      warmRps: round2(oursWarm.rps / nextWarm.rps),
      coldMs: round2((headline.ours.coldP50Ms ?? 0) / (headline.nextImage.coldP50Ms ?? 1)),
    },
    cases,
    warmFailed: { ours: oursWarm.failed, nextImage: nextWarm.failed },
  };
}
