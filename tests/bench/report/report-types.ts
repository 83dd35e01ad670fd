import type { EconomicsSection } from './economics';

/**
 * The shape of `tests/bench/out/report.json` (issue 11). Every measurement has a name a reader can
 * find in the JSON (`feed.ours.maxInflight`); the bounds and charts name them by that dotted path
 * (`report-bounds.ts`, `report-charts.ts`), so a section a run did not measure simply has no value
 * there and shows as "not measured". Fields are optional for the same reason.
 *
 * Units: bytes, milliseconds, requests per second, shares as 0..1 (the report prints percent).
 */
export interface BenchReport {
  /** `2 cores, AMD EPYC …, 7.7 GB, Linux 6.1, Node 20.19.0`. */
  readonly machine: string;
  /** What produced it: `npm run bench -- --quick`. */
  readonly command: string;
  /** ISO 8601. */
  readonly startedAt: string;
  /** What was measured on: `{ source, files: [{ width, height, bytes }] }` or `{ source, count, sizes }`. */
  readonly inputs: object;
  readonly feed?: FeedSection;
  readonly transform?: TransformSection;
  readonly api?: ApiSection;
  readonly economics?: EconomicsSection;
}

/** One page scrolled by a real browser: 25 reading-pace screens, then a fling. */
export interface FeedPage {
  readonly requestsPerSeen?: number;
  readonly bytesPerSeen?: number;
  /** Share of the images visible at a pause that are still not loaded 1 s later, over all pauses. */
  readonly unloadedAfterPause?: number;
  /** Most image requests on the wire at once (a browser-cache hit holds no connection). */
  readonly maxInflight?: number;
  readonly maxImgInDom?: number;
  readonly jsHeapBytes?: number;
  readonly cls?: number;
  readonly longTasks?: number;
  readonly flingRequests?: number;
  readonly firstScreenHtmlBytes?: number;
  readonly lcpFastMs?: number;
  readonly lcpThrottledMs?: number;
  /** The desktop with its CPU slowed 4× (CDP), fast network; measured on a warm server only. */
  readonly lcpCpuMs?: number;
  /** A phone: 390×844 at DPR 3, touch, CPU slowed 4×, fast network; warm server only. */
  readonly lcpPhoneMs?: number;
  /** Image requests the session saw on the wire and the cards seen: the per-seen figures' parts. */
  readonly requests?: number;
  readonly seen?: number;
}

export interface FeedPages {
  readonly ours?: FeedPage;
  readonly naive?: FeedPage;
  readonly nextImage?: FeedPage;
}

export interface FeedSection extends FeedPages {
  /** Cards in the feed, screens read before the fling. */
  readonly cards?: number;
  readonly screens?: number;
  /** `ours`, `naive`, `nextImage` above are on a cold server cache, what the bounds judge; these on a warm one. */
  readonly warm?: FeedPages;
  /** The production layout (`npm run start:edge`), cold; `warm` the same visitor again. */
  readonly edge?: EdgeLayoutSession & { readonly warm?: EdgeLayoutSession };
  /** The `/i/` URLs ours' sessions asked for, against the display sets of their sources. */
  readonly displaySet?: DisplaySetCoverage;
  /** naive ÷ ours (how many times more the naive page costs). */
  readonly ratio?: { readonly bytes?: number; readonly requests?: number };
}

/**
 * One visitor on the feed through the production layout (app + bucket server + Worker), counted from
 * the bucket server's own access log (BUCKET_ACCESS_LOG) over the session.
 */
export interface EdgeLayoutSession {
  readonly bucketReadsPerSeen?: number;
  readonly bucketBytesPerSeen?: number;
  /** GET/HEAD of the public bucket: stored display variants (`v/…`), originals (`g/…`), anything else. */
  readonly storedReads?: number;
  readonly originalReads?: number;
  readonly otherReads?: number;
  /** Bucket answers other than 200/304 (a miss on a stored key is a 404). */
  readonly failedReads?: number;
  /** Bucket listings (GET of the bucket, R2 Class A) during the session: the app's sweeps. */
  readonly listings?: number;
  readonly seen?: number;
  readonly requestsPerSeen?: number;
  readonly bytesPerSeen?: number;
  readonly unloadedAfterPause?: number;
}

export interface DisplaySetCoverage {
  /** Distinct `/i/` URLs the sessions asked for. */
  readonly emittedUrls?: number;
  /** Of those, URLs that name no member of their source's display set (each a transformation). */
  readonly emittedOutsideSet?: number;
  /** Transformations the cold and warm sessions ran outside the set, per seen image. */
  readonly outsideSetPerSeen?: number;
  readonly outsideSetPerSeenWarm?: number;
}

/** `/i/` or `/_next/image` on the same sources, widths and format. */
export interface TransformSide {
  readonly coldP50Ms?: number;
  readonly coldP95Ms?: number;
  readonly warmRps?: number;
  readonly bytesPerImage?: number;
}

export interface TransformSection {
  /** AVIF at w640 (the desktop card), what the bounds judge; every format and width is in `cases`. */
  readonly ours?: TransformSide;
  readonly nextImage?: TransformSide;
  /** ours ÷ next, each from the run's paired samples: `warmRps` (higher is better), `coldMs` (p50, lower is better). */
  readonly ratio?: { readonly warmRps?: number; readonly coldMs?: number };
  readonly cases?: readonly TransformCase[];
  /** Non-200 answers during the warm load (a figure bought with errors is no figure). */
  readonly warmFailed?: { readonly ours: number; readonly nextImage: number };
}

/** One format at one width, cold, on both sides. */
export interface TransformCase {
  readonly format: string;
  readonly width: number;
  readonly ours: TransformSide;
  readonly nextImage: TransformSide;
}

export interface PagingCost {
  readonly firstMs?: number;
  readonly deepMs?: number;
  readonly deepOverFirst?: number;
}

/** Keyset against OFFSET at page 1 and deep in a 100k-row table (`api-section.ts` fills it). */
export interface ApiSection {
  /** `postgres` or `pglite`, the rows in the table and the deep page's number. */
  readonly backend?: string;
  readonly rows?: number;
  readonly deepPage?: number;
  readonly keyset?: PagingCost;
  readonly offset?: PagingCost;
  /** The head page of a search (`q`, `model`, `author`, `qAndModel`) beside the unfiltered one. */
  readonly filtered?: Readonly<Record<string, FilteredHeadCost>>;
  /** The first page `/` per second: the cached head a shared cache may keep, and rendered per request. */
  readonly head?: FeedHeadThroughput;
}

/** The searches `api.filtered` holds (report/api-section.ts), and how the report names them. */
export const searchLabels: Readonly<Record<string, string>> = {
  q: 'q',
  model: 'model',
  author: 'author',
  qAndModel: 'q + model',
};

export interface FilteredHeadCost {
  readonly filter?: Readonly<Record<string, string | null>>;
  readonly matching?: number;
  readonly firstMs?: number;
  /** firstMs ÷ the unfiltered head page's p50 (`api.keyset.firstMs`), timed in the same passes. */
  readonly overUnfiltered?: number;
}

export interface FeedHeadThroughput {
  readonly sharedCacheRps?: number;
  readonly perRequestRps?: number;
  /** sharedCacheRps ÷ perRequestRps. */
  readonly ratio?: number;
  /** `/`'s Cache-Control, which is what lets a CDN keep it. */
  readonly cacheControl?: string;
}
