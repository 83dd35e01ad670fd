/**
 * The report's `feed` section: the same cards on three pages — Vitrine's feed (`ours`), the naive
 * `<img loading="lazy">` page (`naive`) and Next's `<Image>` page (`nextImage`), both in the baseline
 * app — each visited by the same scripted visitor (feed-session.ts) on a cold and then a warm server
 * cache; LCP is measured apart (a visitor's first scroll ends LCP), on a fast and a throttled network,
 * each cold on servers of its own, and warm also with the CPU slowed 4× and on a phone. "Cold" means
 * both servers restarted with their image caches emptied (`restartCold`), which the caller owns, and
 * each page's HTML fetched once before the browser opens it (the cold sessions fetch it for its size
 * anyway).
 * Alongside, the per-seen-image counters the economics section prices: ours from the app's `/i/`
 * access log, Next's from its `X-Nextjs-Cache` header, the naive page's from the wire.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import type { StrategyCounters, StrategyKey } from './economics';
import {
  type AccessLogEvent,
  accessLogWork,
  feedPageFigures,
  median,
  naiveWork,
  nextImageWork,
  onTheWire,
  perSeenCounters,
  type SessionRecord,
  type ServerWork,
} from './feed-metrics';
import { type LcpCondition, launchBrowser, lcpConditions, measureLcp, recordSession } from './feed-session';
import type { FeedPage, FeedPages, FeedSection } from './report-types';

export const pageKeys = ['ours', 'naive', 'nextImage'] as const satisfies readonly StrategyKey[];
type PageKey = (typeof pageKeys)[number];

export interface FeedSectionOptions {
  urls: Record<PageKey, string>;
  /** The app's IMAGE_ACCESS_LOG, read for ours' server-side work. */
  accessLog: string;
  cards: number;
  screens: number;
  /** Restarts both servers with empty image caches and resolves once they answer. */
  restartCold: () => Promise<void>;
  onProgress?: (message: string) => void;
}

export interface FeedSectionResult {
  section: FeedSection;
  counters: Record<PageKey, StrategyCounters>;
  /** Ours' `/i/` access log over its cold and warm sessions, and the cards each saw (display-set coverage). */
  oursSessions: Record<'cold' | 'warm', { events: readonly AccessLogEvent[]; seen: number }>;
}

/** Page loads per LCP figure (the median is reported). */
const LCP_SAMPLES = 3;
/** The conditions measured on a cold server too. */
const coldLcpConditions = ['fast', 'throttled'] as const satisfies readonly LcpCondition[];

const labels: Record<PageKey, string> = { ours: 'Vitrine', naive: 'naive <img>', nextImage: 'Next <Image>' };

function accessLogSince(file: string, offset: number): AccessLogEvent[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file)
    .subarray(offset)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AccessLogEvent);
}

const logSize = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

async function htmlBytes(url: string): Promise<number> {
  const response = await fetch(url);
  return Buffer.byteLength(await response.text());
}

export async function runFeedSection(options: FeedSectionOptions): Promise<FeedSectionResult> {
  const log = options.onProgress ?? (() => {});
  const browser: Browser = await launchBrowser();
  try {
    /** `refillsOf`: on a warm cache, the variants the cold session made (feed-metrics.ts). */
    const session = async (key: PageKey, cache: 'cold' | 'warm', refillsOf?: ReadonlySet<string>) => {
      const offset = logSize(options.accessLog);
      const record: SessionRecord = await recordSession(browser, options.urls[key], {
        screens: options.screens,
        onProgress: (message) => log(`${labels[key]}, ${cache} cache: ${message}`),
      });
      const events = key === 'ours' ? accessLogSince(options.accessLog, offset) : [];
      const work: ServerWork =
        key === 'ours'
          ? accessLogWork(events, refillsOf)
          : key === 'naive'
            ? naiveWork(record.wire)
            : nextImageWork(record.wire, refillsOf);
      log(`${labels[key]}, ${cache} cache: ${record.seen} cards seen`);
      return { record, work, events };
    };

    await options.restartCold();
    const html = {} as Record<PageKey, number>;
    const cold = {} as Record<PageKey, Awaited<ReturnType<typeof session>>>;
    for (const key of pageKeys) {
      html[key] = await htmlBytes(options.urls[key]);
      cold[key] = await session(key, 'cold');
    }
    const warm = {} as Record<PageKey, Awaited<ReturnType<typeof session>>>;
    const lcp = {
      cold: {} as Record<PageKey, Partial<Record<LcpCondition, number>>>,
      warm: {} as Record<PageKey, Partial<Record<LcpCondition, number>>>,
    };
    // One LCP is one page load: a few tens of ms of noise on this machine, as much as the gap the
    // cold ÷ warm bound is about. Each figure is the median of LCP_SAMPLES loads.
    for (const key of pageKeys) {
      warm[key] = await session(key, 'warm', new Set(cold[key].work.made));
      lcp.warm[key] = {};
      for (const condition of lcpConditions) {
        const samples: number[] = [];
        for (let i = 0; i < LCP_SAMPLES; i++)
          samples.push(await measureLcp(browser, options.urls[key], condition));
        lcp.warm[key][condition] = median(samples);
      }
    }
    // A cold LCP warms what it shows: each sample gets servers of their own, restarted cold. (Only on
    // the desktop's two networks: each sample is a restart of both servers.)
    for (const key of pageKeys) lcp.cold[key] = {};
    for (const condition of coldLcpConditions) {
      const samples = Object.fromEntries(pageKeys.map((key) => [key, [] as number[]])) as Record<
        PageKey,
        number[]
      >;
      for (let i = 0; i < LCP_SAMPLES; i++) {
        log(`restarting both servers cold for the ${condition} cold LCP (${i + 1}/${LCP_SAMPLES})…`);
        await options.restartCold();
        // The page's HTML once, as the cold sessions had it (htmlBytes): a server that just started
        // renders its first request slowly whatever its images cost, and the cold LCP is about the
        // image caches being empty (issue 17: the encoder on the visitor's path), not the process.
        for (const key of pageKeys) await htmlBytes(options.urls[key]);
        for (const key of pageKeys)
          samples[key].push(await measureLcp(browser, options.urls[key], condition));
      }
      for (const key of pageKeys) lcp.cold[key][condition] = median(samples[key]);
    }
    for (const key of pageKeys) {
      const c = lcp.cold[key];
      const w = lcp.warm[key];
      log(
        `${labels[key]}: LCP ${c.fast} ms cold, ${w.fast} ms warm; throttled ${c.throttled} ms cold, ` +
          `${w.throttled} ms warm; CPU 4× ${w.cpu} ms, phone ${w.phone} ms (warm)`,
      );
    }

    const page = (key: PageKey, cache: 'cold' | 'warm'): FeedPage => {
      const { record } = (cache === 'cold' ? cold : warm)[key];
      return {
        ...feedPageFigures(record, html[key]),
        lcpFastMs: lcp[cache][key].fast,
        lcpThrottledMs: lcp[cache][key].throttled,
        lcpCpuMs: lcp[cache][key].cpu,
        lcpPhoneMs: lcp[cache][key].phone,
        requests: onTheWire(record.wire).length,
        seen: record.seen,
      };
    };
    const pages = (cache: 'cold' | 'warm'): FeedPages => ({
      ours: page('ours', cache),
      naive: page('naive', cache),
      nextImage: page('nextImage', cache),
    });
    const coldPages = pages('cold');
    const ratio = (field: 'bytesPerSeen' | 'requestsPerSeen') => {
      const naive = coldPages.naive?.[field];
      const ours = coldPages.ours?.[field];
      return naive !== undefined && ours ? Math.round((naive / ours) * 100) / 100 : undefined;
    };
    const counters = Object.fromEntries(
      pageKeys.map((key) => [
        key,
        {
          cold: perSeenCounters(cold[key].record, cold[key].work),
          warm: perSeenCounters(warm[key].record, warm[key].work),
        },
      ]),
    ) as Record<PageKey, StrategyCounters>;
    return {
      section: {
        cards: options.cards,
        screens: options.screens,
        ...coldPages,
        warm: pages('warm'),
        ratio: { bytes: ratio('bytesPerSeen'), requests: ratio('requestsPerSeen') },
      },
      counters,
      oursSessions: {
        cold: { events: cold.ours.events, seen: cold.ours.record.seen },
        warm: { events: warm.ours.events, seen: warm.ours.record.seen },
      },
    };
  } finally {
    await browser.close();
  }
}
