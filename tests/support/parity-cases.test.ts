import { describe, expect, it } from 'vitest';
import { parityAllowedHosts, parityCases } from './parity-cases';
import { planImageRequest } from '@/lib/image-guard/plan';

// The shared table checked against the pure policy, so a wrong expectation is caught here, before
// either runtime is blamed for it.
describe('parity table agrees with planImageRequest', () => {
  it('has unique names', () => {
    const names = parityCases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('a case with a stored object names the key it is stored at', () => {
    const withStored = parityCases.filter((c) => c.stored);
    expect(withStored.length).toBeGreaterThanOrEqual(4);
    expect(withStored.filter((c) => c.expected.storedKey === undefined).map((c) => c.name)).toEqual([]);
  });

  it('the stored cases run in both runtimes, served from the store', () => {
    const both = parityCases.filter((c) => c.stored && !c.runtimes && c.expected.status === 200);
    expect(both.map((c) => c.expected.transform?.format).sort()).toEqual([
      'avif',
      'avif',
      'avif',
      'png',
      'webp',
    ]);
  });

  it.each(parityCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const url = new URL(c.url, 'https://assets.vitrine.example');
    const plan = planImageRequest(
      {
        method: c.method ?? 'GET',
        pathname: url.pathname,
        accept: c.accept,
        referer: c.referer ?? null,
        userAgent: c.userAgent ?? null,
      },
      { allowedHosts: parityAllowedHosts },
    );
    if (c.expected.transform === null) {
      expect(plan).toMatchObject({ action: 'respond', status: c.expected.status });
      if (plan.action === 'respond') expect(plan.headers).toMatchObject(c.expected.headers);
      return;
    }
    expect(plan.action).toBe('transform');
    if (plan.action !== 'transform') return;
    const { width, height, quality, format, edgeFormat } = c.expected.transform;
    expect({
      width: plan.transform.width,
      quality: plan.transform.quality,
      format: plan.format,
      edgeFormat: plan.edgeFormat,
      storedKey: plan.storedKey,
      ...(plan.transform.height === null ? {} : { height: plan.transform.height }),
    }).toEqual({
      width,
      quality,
      format,
      edgeFormat: edgeFormat ?? format,
      storedKey: c.expected.storedKey ?? null,
      ...(height === undefined ? {} : { height }),
    });
    expect(plan.headOnly).toBe(c.method === 'HEAD');
  });
});
