import { type PriceKey, prices, type UnitPrice } from './economics-prices';
import { defaultScenario, type Scenario, scenarioLabels, scenarioReasons } from './economics-scenario';
import { formatDollars, formatNumber, roundTo } from './report-format';

/**
 * The bench's `economics` section: what a month of the reference scenario (5,000 users scrolling a
 * showcase, `economics-scenario.ts`) costs with each delivery strategy, from counters measured per
 * seen image. Pure: the bench measures, this prices.
 *
 * The model. A view is one image seen by one visitor. The first view of an (image, width) in the
 * month finds a cold shared cache and pays the cold counters (origin read, transform, write); every
 * later view pays the warm ones (only bytes, for a strategy with a shared cache; everything again for
 * one without, where warm = cold). So per counter: month = F × cold + (V − F) × warm, with V views and
 * F = min(V, catalogue × widths) fills. With the display set stored (`stored`), publish also writes every
 * member of the set (R2 Class A), the set is kept (GB-month), a fill reads one stored object instead
 * of transforming, and only variants outside the set are transformed. Costs are list prices with their free allowances
 * (`economics-prices.ts`), quantities rounded up to whole billing units. `formula` spells this out
 * with the month's numbers and the report prints it verbatim.
 */

/** What the bench counts, divided by the images the visitor saw (`perSeenImage`). */
export interface PerSeenImage {
  /** Reads of an original from the object store (R2 Class B). */
  readonly originReads: number;
  /** Object-store writes (R2 Class A); a variant cache on the host's disk writes nothing to R2. */
  readonly writes: number;
  /** Distinct (source, width, quality, ratio) resizes: what Cloudflare bills once a month. */
  readonly uniqueTransformations: number;
  readonly bytesServed: number;
  /** Resizes actually run, formats counted apart (Next encodes AVIF and WebP separately). */
  readonly transformsPerformed: number;
}

/** One page's counters on a cold server cache (first views) and on a warm one (every later view). */
export interface StrategyCounters {
  readonly cold: PerSeenImage;
  readonly warm: PerSeenImage;
}

/**
 * `oursOnHost` is Vitrine's counters priced as Next's optimizer is (the app's own `/i/` on the host
 * behind a generic CDN): the same deployment on both sides, so the two bills compare like for like.
 * `stored` is Vitrine with each source's display set made at publish and kept in R2 (issue 17): its
 * counters are the stored-path ones (`storedCounters`), its set's size is `EconomicsInput.displaySet`.
 */
export const strategyKeys = ['ours', 'naive', 'nextImage', 'oursOnHost', 'stored'] as const;
export type StrategyKey = (typeof strategyKeys)[number];

/** The display set of the bench's own photographs (lib/image-guard/display-set.ts), measured. */
export interface DisplaySetMeasure {
  /** Mean members per published image: rungs it fills × AVIF, WebP and JPEG/PNG. */
  readonly membersPerImage: number;
  /** Mean bytes of one image's whole set. */
  readonly meanBytes: number;
  /** Images whose sets were measured, and where: `the public store` or `/i/ (a sample)`. */
  readonly images: number;
  readonly measuredFrom: string;
}

export interface EconomicsInput {
  readonly strategies: Partial<Record<StrategyKey, StrategyCounters>>;
  /** Mean size of the bench's originals: what one stored original weighs. */
  readonly meanOriginalBytes: number;
  /** Required to price `stored`. */
  readonly displaySet?: DisplaySetMeasure;
  readonly scenario?: Partial<Scenario>;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly free: number;
  /** Quantity past the free allowance, rounded up to whole billing units (in `unit`s). */
  readonly billable: number;
  /** `$0.36 per 1,000,000 operations`. */
  readonly price: string;
  readonly cost: number;
  readonly priceKey: PriceKey;
}

export interface StrategyBill {
  readonly key: StrategyKey;
  readonly label: string;
  readonly deployment: string;
  /** The month's counters (the per-seen-image counters scaled by the model). */
  readonly month: PerSeenImage;
  readonly lines: readonly CostLine[];
  readonly total: number;
}

export interface EconomicsSection {
  readonly scenario: Scenario & {
    readonly views: number;
    readonly fills: number;
    readonly meanOriginalBytes: number;
  };
  readonly assumptions: readonly string[];
  readonly prices: readonly { readonly name: PriceKey; readonly price: string; readonly source: string }[];
  readonly strategies: readonly StrategyBill[];
  /** Each bill's total by strategy: the paths the bounds read (`economics.totals.stored`). */
  readonly totals: Partial<Record<StrategyKey, number>>;
  readonly displaySet?: DisplaySetMeasure;
  readonly formula: string;
}

interface StrategyPricing {
  readonly label: string;
  readonly deployment: string;
  readonly egress: PriceKey;
  /** Publish writes the display set and R2 keeps it (`stored`). */
  readonly storesDisplaySet: boolean;
  /** Which counter is billed as resizing, and at which price; null for a strategy that never resizes. */
  readonly transforms: {
    readonly item: string;
    readonly counter: keyof PerSeenImage;
    readonly price: PriceKey;
  } | null;
}

/** How each strategy is deployed for the month, hence which prices its counters meet. */
const strategyPricing: Record<StrategyKey, StrategyPricing> = {
  ours: {
    label: 'Vitrine on the fly',
    deployment: 'image-guard Worker + Image Transformations at the edge, in front of R2',
    egress: 'cloudflareEgress',
    storesDisplaySet: false,
    transforms: {
      item: 'Image Transformations',
      counter: 'uniqueTransformations',
      price: 'imageTransformations',
    },
  },
  naive: {
    label: 'naive <img>',
    deployment: 'originals served by the app host behind a generic CDN',
    egress: 'genericCdnEgress',
    storesDisplaySet: false,
    transforms: null,
  },
  nextImage: {
    label: 'Next <Image>',
    deployment: "Next's optimizer on the app host behind a generic CDN",
    egress: 'genericCdnEgress',
    storesDisplaySet: false,
    transforms: { item: 'resizes on the app host', counter: 'transformsPerformed', price: 'hostTransforms' },
  },
  oursOnHost: {
    label: 'Vitrine on the host',
    deployment:
      "the app's own /i/ (sharp) on the app host behind a generic CDN, as Next's optimizer is priced",
    egress: 'genericCdnEgress',
    storesDisplaySet: false,
    transforms: { item: 'resizes on the app host', counter: 'transformsPerformed', price: 'hostTransforms' },
  },
  stored: {
    label: 'Vitrine stored',
    deployment:
      'display set made at publish and stored in R2; the Worker serves it through the zone cache, ' +
      'Image Transformations only outside the set',
    egress: 'cloudflareEgress',
    storesDisplaySet: true,
    transforms: {
      item: 'Image Transformations (outside the set)',
      counter: 'uniqueTransformations',
      price: 'imageTransformations',
    },
  },
};

const counterKeys = [
  'originReads',
  'writes',
  'uniqueTransformations',
  'bytesServed',
  'transformsPerformed',
] as const satisfies readonly (keyof PerSeenImage)[];

const BYTES_PER_GB = 1e9;

const fixedAssumptions = [
  'each (image, width) is filled once a month and stays cached (Smart Tiered Cache and Cache Reserve, ' +
    'as the reference recommends); every eviction would add one more cold view',
  'every view costs the bytes the bench measured per seen image, at its viewport',
  "Vitrine is priced as deployed: the Worker resizes through Image Transformations at Cloudflare's edge; " +
    "the bench counts the same work on the app's /i/ route",
  "naive and Next serve their bytes from the app host behind a generic CDN; behind Cloudflare's CDN " +
    'those bytes would cost $0 too, the GB staying as shown',
  'the app host (pages, API, resizing CPU) runs in every strategy and is not priced; neither are CDN ' +
    'request fees',
];

/** Printed only when the stored display set is priced. */
const storedAssumptions = [
  'stored set: a cache fill reads one stored object (R2 Class B) and transforms nothing; the zone cache ' +
    '(Smart Tiered Cache, Cache Reserve) answers every later view of that variant, as for Vitrine on the fly',
  'stored set: a fill is one (image, width) in the format the browser negotiates; a second format of the ' +
    'same width is one more read of the same kind',
  "stored set: every URL the app emits is a member of its source's set, so Image Transformations bill only " +
    "what the month's sessions asked outside it (other qualities and ratios: measured per seen image)",
  'stored set: the sets of images published before this month were written in earlier months; ' +
    'this month writes only the new ones',
];

/** Totals counted over a run, divided by the images seen in it. */
export function perSeenImage(totals: PerSeenImage, seenImages: number): PerSeenImage {
  if (!(seenImages > 0))
    throw new Error(`perSeenImage needs a positive count of seen images, got ${seenImages}`);
  const divided = {} as Record<keyof PerSeenImage, number>;
  for (const key of counterKeys) divided[key] = totals[key] / seenImages;
  return divided;
}

export function priceText(price: UnitPrice): string {
  const per = price.per === 1 ? '' : `${formatNumber(price.per)} `;
  const unit = price.per === 1 ? price.unit.replace(/s$/, '') : price.unit;
  const decimals = Math.max(2, (String(price.dollars).split('.')[1] ?? '').length);
  return `$${formatNumber(price.dollars, decimals)} per ${per}${unit}`;
}

function costLine(item: string, quantity: number, priceKey: PriceKey): CostLine {
  const price: UnitPrice = prices[priceKey];
  // toPrecision drops binary noise so 95,000 / 1,000 is 95 units, never 95.00000000000001 → 96.
  const units = Math.ceil(Number((Math.max(0, quantity - price.free) / price.per).toPrecision(12)));
  return {
    item,
    quantity,
    unit: price.unit,
    free: price.free,
    billable: units * price.per,
    price: priceText(price),
    cost: roundTo(units * price.dollars, 2),
    priceKey,
  };
}

function monthOf(counters: StrategyCounters, views: number, fills: number): PerSeenImage {
  const month = {} as Record<keyof PerSeenImage, number>;
  for (const key of counterKeys)
    month[key] = fills * counters.cold[key] + (views - fills) * counters.warm[key];
  return month;
}

/** What R2 keeps a month: the originals' copies, plus every display set when it is stored. */
function storedGbOf(
  scenario: EconomicsSection['scenario'],
  displaySet: DisplaySetMeasure | undefined,
): number {
  const perImage =
    scenario.meanOriginalBytes * scenario.copiesPerOriginal + (displaySet ? displaySet.meanBytes : 0);
  return (scenario.catalogueImages * perImage) / BYTES_PER_GB;
}

function bill(
  key: StrategyKey,
  counters: StrategyCounters,
  scenario: EconomicsSection['scenario'],
  displaySetMeasure: DisplaySetMeasure | undefined,
): StrategyBill {
  const pricing = strategyPricing[key];
  const month = monthOf(counters, scenario.views, scenario.fills);
  const displaySet = pricing.storesDisplaySet ? displaySetMeasure : undefined;
  if (pricing.storesDisplaySet && !displaySet)
    throw new Error(`pricing ${key} needs the display set measured (EconomicsInput.displaySet)`);
  const readsPerPublish = scenario.readsPerPublish + (displaySet ? scenario.displaySetReadsPerPublish : 0);
  const writesPerPublish = scenario.writesPerPublish + (displaySet ? displaySet.membersPerImage : 0);
  const lines = [
    costLine(
      'R2 Class B (reads)',
      Math.round(month.originReads + scenario.publishedPerMonth * readsPerPublish),
      'r2ClassB',
    ),
    costLine(
      'R2 Class A (writes)',
      Math.round(month.writes + scenario.publishedPerMonth * writesPerPublish),
      'r2ClassA',
    ),
    costLine('R2 storage', roundTo(storedGbOf(scenario, displaySet), 2), 'r2Storage'),
    ...(pricing.transforms
      ? [
          costLine(
            pricing.transforms.item,
            Math.round(month[pricing.transforms.counter]),
            pricing.transforms.price,
          ),
        ]
      : []),
    costLine('bytes to browsers', roundTo(month.bytesServed / BYTES_PER_GB, 2), pricing.egress),
  ];
  const total = roundTo(
    lines.reduce((sum, line) => sum + line.cost, 0),
    2,
  );
  return { key, label: pricing.label, deployment: pricing.deployment, month, lines, total };
}

function storedFormula(s: EconomicsSection['scenario'], set: DisplaySetMeasure): string[] {
  const n = (value: number) => formatNumber(value);
  const members = formatNumber(set.membersPerImage, 2);
  const gb = formatNumber(roundTo(storedGbOf(s, set), 2), 2);
  return [
    `stored set, R2 Class B = F × stored reads per fill (measured per seen image, cold) + published a month × (reads per publish + reads per display set) (${n(s.publishedPerMonth)} × (${n(s.readsPerPublish)} + ${n(s.displaySetReadsPerPublish)}))`,
    `stored set, R2 Class A = writes a month + published a month × (writes per publish + members per display set) (${n(s.publishedPerMonth)} × (${n(s.writesPerPublish)} + ${members}))`,
    `stored set, R2 storage = ${n(s.catalogueImages)} images × (${formatNumber(s.meanOriginalBytes / 1e6, 2)} MB mean original × ${n(s.copiesPerOriginal)} copies + ${formatNumber(set.meanBytes / 1e6, 2)} MB mean display set) = ${gb} GB-month`,
    'stored set, Image Transformations = unique transformations a month of variants outside the set (0 for every URL the app emits)',
  ];
}

function formulaText(s: EconomicsSection['scenario'], displaySet: DisplaySetMeasure | undefined): string {
  const n = (value: number) => formatNumber(value);
  const storedGb = roundTo((s.catalogueImages * s.meanOriginalBytes * s.copiesPerOriginal) / BYTES_PER_GB, 2);
  return [
    `V, views a month = users × sessions per user × images seen per session = ${n(s.users)} × ${n(s.sessionsPerUser)} × ${n(s.imagesSeenPerSession)} = ${n(s.views)}`,
    `F, cache fills a month = min(V, catalogue × widths per image) = min(${n(s.views)}, ${n(s.catalogueImages)} × ${n(s.rungsPerImage)}) = ${n(s.fills)}`,
    'each counter a month = F × (per seen image, cold server cache) + (V − F) × (per seen image, warm server cache)',
    `R2 Class B = origin reads a month + published a month × reads per publish (${n(s.publishedPerMonth)} × ${n(s.readsPerPublish)})`,
    `R2 Class A = writes a month + published a month × writes per publish (${n(s.publishedPerMonth)} × ${n(s.writesPerPublish)})`,
    `R2 storage = ${n(s.catalogueImages)} images × ${formatNumber(s.meanOriginalBytes / 1e6, 2)} MB mean original × ${n(s.copiesPerOriginal)} copies = ${formatNumber(storedGb, 2)} GB-month`,
    'resizing = unique transformations a month (Vitrine: Cloudflare bills each once a month), resizes performed (Next: on the host)',
    'bytes to browsers = bytes served a month ÷ 10^9 (GB)',
    ...(displaySet ? storedFormula(s, displaySet) : []),
    'cost of a line = ceil(max(0, quantity − free allowance) ÷ billing unit) × price of a billing unit; total = sum of the lines',
  ].join('\n');
}

export function economics(input: EconomicsInput): EconomicsSection {
  const base: Scenario = { ...defaultScenario, ...input.scenario };
  const views = base.users * base.sessionsPerUser * base.imagesSeenPerSession;
  const fills = Math.min(views, base.catalogueImages * base.rungsPerImage);
  const scenario = { ...base, views, fills, meanOriginalBytes: input.meanOriginalBytes };
  const assumptions = [
    ...(Object.keys(scenarioLabels) as (keyof Scenario)[]).map((key) => {
      const why = input.scenario?.[key] === undefined ? scenarioReasons[key] : 'set by the run';
      return `${scenarioLabels[key]}: ${formatNumber(base[key])} (${why})`;
    }),
    `mean original: ${formatNumber(input.meanOriginalBytes / 1e6, 2)} MB (measured: the bench's inputs)`,
    ...(input.displaySet ? [displaySetAssumption(input.displaySet)] : []),
    ...fixedAssumptions,
    ...(input.strategies.stored ? storedAssumptions : []),
  ];
  const strategies = strategyKeys.flatMap((key) => {
    const counters = input.strategies[key];
    return counters ? [bill(key, counters, scenario, input.displaySet)] : [];
  });
  const totals = Object.fromEntries(strategies.map((bill) => [bill.key, bill.total]));
  const priceList = (Object.keys(prices) as PriceKey[]).map((name) => ({
    name,
    price: priceText(prices[name]),
    source: prices[name].source,
  }));
  const storedSet = input.strategies.stored ? input.displaySet : undefined;
  return {
    scenario,
    assumptions,
    prices: priceList,
    strategies,
    totals,
    ...(input.displaySet ? { displaySet: input.displaySet } : {}),
    formula: formulaText(scenario, storedSet),
  };
}

function displaySetAssumption(set: DisplaySetMeasure): string {
  return (
    `display set: ${formatNumber(set.membersPerImage, 2)} members, ${formatNumber(set.meanBytes / 1e6, 2)} MB ` +
    `per image (measured: the sets of ${formatNumber(set.images)} of the bench's cards, from ${set.measuredFrom})`
  );
}

/**
 * The stored path's counters from what a session measured. Every fill that transformed on the fly
 * reads one stored object instead (or, where the production layout ran, the bucket reads it counted
 * per seen image); the bytes to browsers are the same variants'; only variants outside the set
 * transform (`outsideSet`: unique transformations per seen image of URLs no display set holds).
 */
export function storedCounters(
  onTheFly: StrategyCounters,
  outsideSet: { readonly cold: number; readonly warm: number },
  bucketReads?: { readonly cold: number; readonly warm: number },
): StrategyCounters {
  const side = (cache: 'cold' | 'warm'): PerSeenImage => ({
    originReads: bucketReads ? bucketReads[cache] : onTheFly[cache].transformsPerformed,
    writes: 0,
    uniqueTransformations: outsideSet[cache],
    bytesServed: onTheFly[cache].bytesServed,
    transformsPerformed: outsideSet[cache],
  });
  return { cold: side('cold'), warm: side('warm') };
}

/** `Vitrine on the fly $52.36 · naive <img> $1,708.26 · Next <Image> $33.42`: the one line the summary prints. */
export function economicsTotalsLine(section: EconomicsSection): string {
  return section.strategies.map((bill) => `${bill.label} ${formatDollars(bill.total)}`).join(' · ');
}
