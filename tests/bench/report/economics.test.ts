import { describe, expect, it } from 'vitest';
import { prices } from './economics-prices';
import { economics, economicsTotalsLine, perSeenImage, priceText, storedCounters } from './economics';
import { fixtureCounters, fixtureDisplaySet, fixtureStoredCounters } from './report-fixture';

const meanOriginalBytes = 3_340_000;

describe('economics, the default scenario', () => {
  const section = economics({ strategies: fixtureCounters, meanOriginalBytes });

  it('derives the month: 5,000 × 8 × 150 views, 50,000 images × 2 widths of fills', () => {
    expect(section.scenario).toEqual({
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
      views: 6_000_000,
      fills: 100_000,
      meanOriginalBytes,
    });
  });

  it('bills Vitrine: R2 within its free tier, 95 billable thousands of transformations, free bytes', () => {
    const ours = section.strategies[0]!;
    expect(ours.key).toBe('ours');
    // 100,000 fills pay the cold counters, the other 5,900,000 views only 60 kB each.
    expect(ours.month).toEqual({
      originReads: 100_000,
      writes: 0,
      uniqueTransformations: 100_000,
      bytesServed: 360_000_000_000,
      transformsPerformed: 100_000,
    });
    expect(ours.lines).toEqual([
      {
        item: 'R2 Class B (reads)',
        quantity: 105_000,
        unit: 'operations',
        free: 10_000_000,
        billable: 0,
        price: '$0.36 per 1,000,000 operations',
        cost: 0,
        priceKey: 'r2ClassB',
      },
      {
        item: 'R2 Class A (writes)',
        quantity: 10_000,
        unit: 'operations',
        free: 1_000_000,
        billable: 0,
        price: '$4.50 per 1,000,000 operations',
        cost: 0,
        priceKey: 'r2ClassA',
      },
      {
        item: 'R2 storage',
        quantity: 334,
        unit: 'GB-month',
        free: 10,
        billable: 324,
        price: '$0.015 per GB-month',
        cost: 4.86,
        priceKey: 'r2Storage',
      },
      {
        item: 'Image Transformations',
        quantity: 100_000,
        unit: 'unique transformations',
        free: 5_000,
        billable: 95_000,
        price: '$0.50 per 1,000 unique transformations',
        cost: 47.5,
        priceKey: 'imageTransformations',
      },
      {
        item: 'bytes to browsers',
        quantity: 360,
        unit: 'GB',
        free: 0,
        billable: 360,
        price: '$0.00 per GB',
        cost: 0,
        priceKey: 'cloudflareEgress',
      },
    ]);
    expect(ours.total).toBe(52.36);
  });

  it('bills the naive page: every view reads the original and sends 3.34 MB through the generic CDN', () => {
    const naive = section.strategies[1]!;
    expect(naive.key).toBe('naive');
    expect(naive.lines.map((line) => [line.item, line.quantity, line.billable, line.cost])).toEqual([
      ['R2 Class B (reads)', 6_005_000, 0, 0],
      ['R2 Class A (writes)', 10_000, 0, 0],
      ['R2 storage', 334, 324, 4.86],
      ['bytes to browsers', 20_040, 20_040, 1_703.4],
    ]);
    expect(naive.lines[3]!.price).toBe('$0.085 per GB');
    expect(naive.total).toBe(1_708.26);
  });

  it('bills Next: resizes on the host are counted but not priced, its bytes go through the generic CDN', () => {
    const next = section.strategies[2]!;
    expect(next.key).toBe('nextImage');
    expect(
      next.lines.map((line) => [line.item, line.quantity, line.billable, line.price, line.cost]),
    ).toEqual([
      ['R2 Class B (reads)', 105_000, 0, '$0.36 per 1,000,000 operations', 0],
      ['R2 Class A (writes)', 10_000, 0, '$4.50 per 1,000,000 operations', 0],
      ['R2 storage', 334, 324, '$0.015 per GB-month', 4.86],
      ['resizes on the app host', 150_000, 150_000, '$0.00 per transform', 0],
      ['bytes to browsers', 336, 336, '$0.085 per GB', 28.56],
    ]);
    expect(next.total).toBe(33.42);
    expect(economicsTotalsLine(section)).toBe(
      'Vitrine on the fly $52.36 · naive <img> $1,708.26 · Next <Image> $33.42',
    );
  });

  it('bills Vitrine on the host as Next is billed: the same counters as ours, no Image Transformations', () => {
    const onHost = economics({
      strategies: { oursOnHost: fixtureCounters.ours },
      meanOriginalBytes,
    }).strategies[0]!;
    expect(onHost.key).toBe('oursOnHost');
    expect(onHost.lines.map((line) => [line.item, line.quantity, line.billable, line.cost])).toEqual([
      ['R2 Class B (reads)', 105_000, 0, 0],
      ['R2 Class A (writes)', 10_000, 0, 0],
      ['R2 storage', 334, 324, 4.86],
      ['resizes on the app host', 100_000, 100_000, 0],
      ['bytes to browsers', 360, 360, 30.6],
    ]);
    expect(onHost.total).toBe(35.46);
  });

  it('writes the formula with the month’s numbers', () => {
    expect(section.formula).toBe(
      [
        'V, views a month = users × sessions per user × images seen per session = 5,000 × 8 × 150 = 6,000,000',
        'F, cache fills a month = min(V, catalogue × widths per image) = min(6,000,000, 50,000 × 2) = 100,000',
        'each counter a month = F × (per seen image, cold server cache) + (V − F) × (per seen image, warm server cache)',
        'R2 Class B = origin reads a month + published a month × reads per publish (5,000 × 1)',
        'R2 Class A = writes a month + published a month × writes per publish (5,000 × 2)',
        'R2 storage = 50,000 images × 3.34 MB mean original × 2 copies = 334.00 GB-month',
        'resizing = unique transformations a month (Vitrine: Cloudflare bills each once a month), resizes performed (Next: on the host)',
        'bytes to browsers = bytes served a month ÷ 10^9 (GB)',
        'cost of a line = ceil(max(0, quantity − free allowance) ÷ billing unit) × price of a billing unit; total = sum of the lines',
      ].join('\n'),
    );
  });

  it('states every assumption with its reason, and every price with its source', () => {
    expect(section.assumptions.slice(0, 11)).toEqual([
      'users: 5,000 (reference: "my app has say 5k users")',
      'sessions per user a month: 8 (assumed: about two visits a week)',
      "images seen per session: 150 (assumed: the bench's session, 25 reading-pace screens at 1440×900 with about 6 cards a screen)",
      'published images (catalogue): 50,000 (assumed: 10 published generations per user)',
      'images published a month: 5,000 (assumed: one published generation per user a month)',
      'widths requested per image: 2 (assumed: w-640 for desktop cards at DPR 1, w-1280 for phones at DPR 3 and HiDPI laptops)',
      'R2 copies per original: 2 (ARCHITECTURE.md: a private original per upload plus the public, metadata-free copy)',
      'R2 writes per publish: 2 (lib/curation: upload puts the private original, publish puts the public copy)',
      'R2 reads per publish: 1 (lib/curation: publish reads the private original to strip its metadata)',
      'R2 reads per display set made: 1 (assumed: the display-set job reads the public original once and makes every member from that read)',
      "mean original: 3.34 MB (measured: the bench's inputs)",
    ]);
    expect(section.assumptions).toHaveLength(16);
    expect(section.totals).toEqual({ ours: 52.36, naive: 1_708.26, nextImage: 33.42 });
    expect(section.displaySet).toBeUndefined();
    expect(section.prices.map((price) => [price.name, price.price])).toEqual([
      ['r2ClassA', '$4.50 per 1,000,000 operations'],
      ['r2ClassB', '$0.36 per 1,000,000 operations'],
      ['r2Storage', '$0.015 per GB-month'],
      ['imageTransformations', '$0.50 per 1,000 unique transformations'],
      ['cloudflareEgress', '$0.00 per GB'],
      ['genericCdnEgress', '$0.085 per GB'],
      ['hostTransforms', '$0.00 per transform'],
    ]);
    for (const price of section.prices) expect(price.source).toBe(prices[price.name].source);
  });
});

describe('economics, the display set stored at publish', () => {
  const section = economics({
    strategies: { ...fixtureCounters, stored: fixtureStoredCounters },
    meanOriginalBytes,
    displaySet: fixtureDisplaySet,
  });
  const stored = section.strategies[3]!;

  it('bills the stored set: 17 writes per publish, originals and sets kept, one read per fill, no transformation', () => {
    expect(stored.key).toBe('stored');
    expect(stored.label).toBe('Vitrine stored');
    expect(stored.month).toEqual({
      originReads: 100_000,
      writes: 0,
      uniqueTransformations: 0,
      bytesServed: 360_000_000_000,
      transformsPerformed: 0,
    });
    expect(
      stored.lines.map((line) => [line.item, line.quantity, line.billable, line.price, line.cost]),
    ).toEqual([
      // 100,000 fills + 5,000 published × (1 publish read + 1 display-set read).
      ['R2 Class B (reads)', 110_000, 0, '$0.36 per 1,000,000 operations', 0],
      // 5,000 published × (2 writes of today's publish + 15 members).
      ['R2 Class A (writes)', 85_000, 0, '$4.50 per 1,000,000 operations', 0],
      // 50,000 × (3.34 MB × 2 + 1.16 MB).
      ['R2 storage', 392, 382, '$0.015 per GB-month', 5.73],
      ['Image Transformations (outside the set)', 0, 0, '$0.50 per 1,000 unique transformations', 0],
      ['bytes to browsers', 360, 360, '$0.00 per GB', 0],
    ]);
    expect(stored.total).toBe(5.73);
    expect(section.totals).toEqual({ ours: 52.36, naive: 1_708.26, nextImage: 33.42, stored: 5.73 });
  });

  it('leaves the other strategies as they were, and prints the set and its assumptions', () => {
    expect(section.strategies.map((bill) => [bill.key, bill.total])).toEqual([
      ['ours', 52.36],
      ['naive', 1_708.26],
      ['nextImage', 33.42],
      ['stored', 5.73],
    ]);
    expect(section.displaySet).toEqual(fixtureDisplaySet);
    expect(section.assumptions).toHaveLength(21);
    expect(section.assumptions[11]).toBe(
      "display set: 15.00 members, 1.16 MB per image (measured: the sets of 3 of the bench's cards, from the public store)",
    );
    expect(section.assumptions.slice(17)).toEqual([
      'stored set: a cache fill reads one stored object (R2 Class B) and transforms nothing; the zone cache (Smart Tiered Cache, Cache Reserve) answers every later view of that variant, as for Vitrine on the fly',
      'stored set: a fill is one (image, width) in the format the browser negotiates; a second format of the same width is one more read of the same kind',
      "stored set: every URL the app emits is a member of its source's set, so Image Transformations bill only what the month's sessions asked outside it (other qualities and ratios: measured per seen image)",
      'stored set: the sets of images published before this month were written in earlier months; this month writes only the new ones',
    ]);
  });

  it('writes the stored lines of the formula with the month’s numbers', () => {
    expect(section.formula.split('\n').slice(8, 12)).toEqual([
      'stored set, R2 Class B = F × stored reads per fill (measured per seen image, cold) + published a month × (reads per publish + reads per display set) (5,000 × (1 + 1))',
      'stored set, R2 Class A = writes a month + published a month × (writes per publish + members per display set) (5,000 × (2 + 15.00))',
      'stored set, R2 storage = 50,000 images × (3.34 MB mean original × 2 copies + 1.16 MB mean display set) = 392.00 GB-month',
      'stored set, Image Transformations = unique transformations a month of variants outside the set (0 for every URL the app emits)',
    ]);
    expect(section.formula.split('\n')).toHaveLength(13);
  });

  it('refuses to price the stored set without its measured size', () => {
    expect(() => economics({ strategies: { stored: fixtureStoredCounters }, meanOriginalBytes })).toThrow(
      'pricing stored needs the display set measured (EconomicsInput.displaySet)',
    );
  });
});

describe('storedCounters', () => {
  it('turns every on-the-fly fill into one stored read, keeps the bytes, transforms only outside the set', () => {
    expect(storedCounters(fixtureCounters.ours, { cold: 0.02, warm: 0 })).toEqual({
      cold: {
        originReads: 1,
        writes: 0,
        uniqueTransformations: 0.02,
        bytesServed: 60_000,
        transformsPerformed: 0.02,
      },
      warm: {
        originReads: 0,
        writes: 0,
        uniqueTransformations: 0,
        bytesServed: 60_000,
        transformsPerformed: 0,
      },
    });
  });

  it('takes the bucket reads the production layout counted, where it ran', () => {
    const counters = storedCounters(fixtureCounters.ours, { cold: 0, warm: 0 }, { cold: 1.03, warm: 0 });
    expect([counters.cold.originReads, counters.warm.originReads]).toEqual([1.03, 0]);
  });
});

describe('economics, other months', () => {
  it('rounds usage past the free tier up to whole billing units (R2: 50.005 million reads → 51)', () => {
    const section = economics({
      strategies: { naive: fixtureCounters.naive },
      meanOriginalBytes,
      scenario: { users: 50_000 },
    });
    expect(section.strategies.map((bill) => bill.key)).toEqual(['naive']);
    const naive = section.strategies[0]!;
    expect(naive.lines.map((line) => [line.item, line.quantity, line.billable, line.cost])).toEqual([
      ['R2 Class B (reads)', 60_005_000, 51_000_000, 18.36],
      ['R2 Class A (writes)', 10_000, 0, 0],
      ['R2 storage', 334, 324, 4.86],
      ['bytes to browsers', 200_400, 200_400, 17_034],
    ]);
    expect(naive.total).toBe(17_057.22);
    expect(section.assumptions[0]).toBe('users: 50,000 (set by the run)');
  });

  it('caps the fills at the views when fewer views than variants: then every view is cold', () => {
    const section = economics({
      strategies: { ours: fixtureCounters.ours },
      meanOriginalBytes: 1_000_000,
      scenario: { users: 10, sessionsPerUser: 1, imagesSeenPerSession: 100, catalogueImages: 1_000 },
    });
    expect([section.scenario.views, section.scenario.fills]).toEqual([1_000, 1_000]);
    const ours = section.strategies[0]!;
    expect(ours.lines.map((line) => [line.item, line.quantity, line.billable, line.cost])).toEqual([
      ['R2 Class B (reads)', 6_000, 0, 0],
      ['R2 Class A (writes)', 10_000, 0, 0],
      ['R2 storage', 2, 0, 0],
      ['Image Transformations', 1_000, 0, 0],
      ['bytes to browsers', 0.06, 1, 0],
    ]);
    expect(ours.total).toBe(0);
  });
});

describe('perSeenImage', () => {
  it('divides every counter by the images seen', () => {
    expect(
      perSeenImage(
        {
          originReads: 40,
          writes: 0,
          uniqueTransformations: 38,
          bytesServed: 2_400_000,
          transformsPerformed: 41,
        },
        40,
      ),
    ).toEqual({
      originReads: 1,
      writes: 0,
      uniqueTransformations: 0.95,
      bytesServed: 60_000,
      transformsPerformed: 1.025,
    });
  });

  it('refuses a run that saw nothing', () => {
    expect(() => perSeenImage(fixtureCounters.ours.cold, 0)).toThrow('positive count of seen images, got 0');
  });
});

describe('priceText', () => {
  it.each([
    [
      { dollars: 4.5, per: 1_000_000, unit: 'operations', free: 0, source: '' },
      '$4.50 per 1,000,000 operations',
    ],
    [{ dollars: 0.015, per: 1, unit: 'GB-month', free: 0, source: '' }, '$0.015 per GB-month'],
    [{ dollars: 0, per: 1, unit: 'transforms', free: 0, source: '' }, '$0.00 per transform'],
    [
      { dollars: 0.5, per: 1_000, unit: 'unique transformations', free: 0, source: '' },
      '$0.50 per 1,000 unique transformations',
    ],
  ])('%o → %s', (price, text) => {
    expect(priceText(price)).toBe(text);
  });
});
