/**
 * The list prices the economics section applies, each with the page it comes from (the report prints
 * `source` next to every price). USD, paid plans, taxes excluded, read 2026-11. When a provider
 * changes a price, change it here: the report's formula and every total follow.
 *
 * `per` is the billing unit: a quantity is billed as whole units, rounded up after the free allowance
 * (R2's documented rule: "one million and one operations are billed as two million"; applied to the
 * other prices too, which at worst overstates a line by one unit).
 */
export interface UnitPrice {
  /** Dollars for one billing unit of `per` items. */
  readonly dollars: number;
  readonly per: number;
  /** What is counted, plural: `operations`, `GB`, `GB-month`, `unique transformations`. */
  readonly unit: string;
  /** Included in every month before billing starts, in `unit`s. */
  readonly free: number;
  readonly source: string;
}

const r2Pricing = 'Cloudflare R2 pricing, Standard storage (developers.cloudflare.com/r2/pricing)';

export const prices = {
  /** PutObject, CopyObject, multipart: what ingest and publish do. */
  r2ClassA: { dollars: 4.5, per: 1_000_000, unit: 'operations', free: 1_000_000, source: r2Pricing },
  /** GetObject, HeadObject: every read of an original by whatever delivers it. */
  r2ClassB: { dollars: 0.36, per: 1_000_000, unit: 'operations', free: 10_000_000, source: r2Pricing },
  r2Storage: { dollars: 0.015, per: 1, unit: 'GB-month', free: 10, source: r2Pricing },
  /**
   * Billed once per (source + parameters) per month however often it is served; the output format
   * is not a parameter, so AVIF and WebP of one resize count once (docs/image-delivery.md).
   */
  imageTransformations: {
    dollars: 0.5,
    per: 1_000,
    unit: 'unique transformations',
    free: 5_000,
    source: 'Cloudflare Images pricing, Image Transformations (developers.cloudflare.com/images/pricing)',
  },
  /** R2 bills no egress, and Cloudflare's CDN bills no bandwidth on any plan. */
  cloudflareEgress: {
    dollars: 0,
    per: 1,
    unit: 'GB',
    free: 0,
    source: 'R2 and Cloudflare CDN: no egress or bandwidth charge (developers.cloudflare.com/r2/pricing)',
  },
  /**
   * A generic CDN in front of an app host, for the pages that serve their own bytes (naive, Next).
   * CloudFront's list price is the one most readers know; its 1 TB always-free allowance, cheaper
   * tiers past 10 TB and per-request fees are CloudFront's own and left out, so this is a flat rate.
   */
  genericCdnEgress: {
    dollars: 0.085,
    per: 1,
    unit: 'GB',
    free: 0,
    source:
      'generic CDN: Amazon CloudFront on-demand, first 10 TB/month, North America and Europe ' +
      '(aws.amazon.com/cloudfront/pricing), flat',
  },
  /** Resizing on the app host costs CPU, which the host's fixed price already pays for. */
  hostTransforms: {
    dollars: 0,
    per: 1,
    unit: 'transforms',
    free: 0,
    source: "the app host's CPU: the host runs in every strategy, so it is not priced here",
  },
} as const satisfies Record<string, UnitPrice>;

export type PriceKey = keyof typeof prices;
