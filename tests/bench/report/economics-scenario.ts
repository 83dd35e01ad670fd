/**
 * The month the economics section prices: the scenario of the question Vitrine started from
 * (/work/shared/reference/000_…txt: "my app has say 5k users … a showcase page where you can
 * infinitely scroll … pretty large sizes"). The reference gives only the user count; every other
 * figure is an assumption, written next to its value so the report prints why it was chosen. A
 * caller may override any of them (`economics({ scenario })`); the report then says "set by the run".
 */
export interface Scenario {
  readonly users: number;
  readonly sessionsPerUser: number;
  readonly imagesSeenPerSession: number;
  /** Published images the feed can reach. */
  readonly catalogueImages: number;
  readonly publishedPerMonth: number;
  /** Variant widths one image is requested at across devices; each is one cache fill a month. */
  readonly rungsPerImage: number;
  /** Copies of each original in R2: the private one kept from upload and the public one. */
  readonly copiesPerOriginal: number;
  /** R2 writes per published image: the upload's PutObject and the publish's PutObject. */
  readonly writesPerPublish: number;
  /** R2 reads per published image: publish reads the private original to strip it. */
  readonly readsPerPublish: number;
  /** With the display set stored: R2 reads of the publish job that makes the set, per image. */
  readonly displaySetReadsPerPublish: number;
}

export const defaultScenario: Scenario = {
  users: 5_000,
  sessionsPerUser: 8,
  imagesSeenPerSession: 150,
  catalogueImages: 50_000,
  publishedPerMonth: 5_000,
  rungsPerImage: 2,
  copiesPerOriginal: 2,
  writesPerPublish: 2,
  readsPerPublish: 1,
  displaySetReadsPerPublish: 1,
};

export const scenarioReasons: Record<keyof Scenario, string> = {
  users: 'reference: "my app has say 5k users"',
  sessionsPerUser: 'assumed: about two visits a week',
  imagesSeenPerSession:
    "assumed: the bench's session, 25 reading-pace screens at 1440×900 with about 6 cards a screen",
  catalogueImages: 'assumed: 10 published generations per user',
  publishedPerMonth: 'assumed: one published generation per user a month',
  rungsPerImage: 'assumed: w-640 for desktop cards at DPR 1, w-1280 for phones at DPR 3 and HiDPI laptops',
  copiesPerOriginal: 'ARCHITECTURE.md: a private original per upload plus the public, metadata-free copy',
  writesPerPublish: 'lib/curation: upload puts the private original, publish puts the public copy',
  readsPerPublish: 'lib/curation: publish reads the private original to strip its metadata',
  displaySetReadsPerPublish:
    'assumed: the display-set job reads the public original once and makes every member from that read',
};

export const scenarioLabels: Record<keyof Scenario, string> = {
  users: 'users',
  sessionsPerUser: 'sessions per user a month',
  imagesSeenPerSession: 'images seen per session',
  catalogueImages: 'published images (catalogue)',
  publishedPerMonth: 'images published a month',
  rungsPerImage: 'widths requested per image',
  copiesPerOriginal: 'R2 copies per original',
  writesPerPublish: 'R2 writes per publish',
  readsPerPublish: 'R2 reads per publish',
  displaySetReadsPerPublish: 'R2 reads per display set made',
};
