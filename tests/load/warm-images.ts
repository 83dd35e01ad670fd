/**
 * Fills the variant cache with the given URLs before the warm phase, the way a patient client would:
 * a few at a time, and after a 503 or 429 it waits as long as Retry-After says and asks again.
 */
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_ATTEMPTS = 20;

export interface WarmResult {
  /** Refusals (503/429) that were waited out and retried. */
  retries: number;
  seconds: number;
}

export async function warmImages(
  urls: readonly string[],
  options: { accept: string; concurrency: number; timeoutMs: number },
): Promise<WarmResult> {
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  let retries = 0;
  let next = 0;
  const warmOne = async (url: string) => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const timeout = Math.min(REQUEST_TIMEOUT_MS, deadline - performance.now());
      if (timeout <= 0) throw new Error(`Warming did not finish within ${options.timeoutMs / 1000} s`);
      const response = await fetch(url, {
        headers: { accept: options.accept },
        signal: AbortSignal.timeout(timeout),
      });
      await response.arrayBuffer();
      if (response.status === 200) return;
      if (response.status !== 503 && response.status !== 429) {
        throw new Error(`Warming ${url} answered ${response.status}`);
      }
      retries++;
      const wait = Number(response.headers.get('retry-after') ?? '1');
      await new Promise((resolve) => setTimeout(resolve, (Number.isFinite(wait) ? wait : 1) * 1000));
    }
    throw new Error(`Warming ${url}: still refused after ${MAX_ATTEMPTS} attempts`);
  };
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < urls.length) await warmOne(urls[next++]!);
    }),
  );
  return { retries, seconds: (performance.now() - started) / 1000 };
}
