/**
 * A closed-loop load: `connections` keep-alive connections, each sending its next request as soon as
 * the last one is answered, for a fixed time. Unlike tests/bench's `throughput`, it keeps what a
 * load test judges by: every status, every socket error, each request's latency, and whether refusals
 * said when to come back.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { formatMs, summarizeLatencies } from './latency';

export interface LoadRequest {
  url: string;
  headers?: Record<string, string>;
}

export interface LoadRunOptions {
  label: string;
  connections: number;
  seconds: number;
  next: () => LoadRequest;
  /** Longest wait for one answer, headers or body; beyond it the request counts as a socket error. */
  requestTimeoutMs?: number;
  /** Appended to the progress line printed every two seconds. */
  progress?: () => string;
}

export interface LoadResult {
  /** Wall time from the first request until the last in-flight answer came back. */
  elapsedSeconds: number;
  /** Answers with a status (whatever it was), per second. */
  rps: number;
  statuses: Map<number, number>;
  /** Requests that got no HTTP answer, by error code (ECONNRESET, UND_ERR_HEADERS_TIMEOUT, …). */
  errors: Map<string, number>;
  /** 503 and 429 answers without a Retry-After header. */
  refusalsWithoutRetryAfter: number;
  latencies: number[];
  /**
   * This process's own event-loop delay (p99, max; ms) during the load: when it is high, latencies
   * measured here include time the generator spent busy, not only time the server took.
   */
  generatorLag: { p99: number; max: number };
}

const PROGRESS_EVERY_MS = 2000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

const increment = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

export const countOf = <K>(map: Map<K, number>) => [...map.values()].reduce((sum, n) => sum + n, 0);

export function formatCounts<K>(map: Map<K, number>): string {
  if (map.size === 0) return 'none';
  return [...map.entries()]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([key, count]) => `${key}: ${count}`)
    .join('  ');
}

export function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    // DOMExceptions (an aborted or timed-out request) have a numeric code: their name says more.
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (typeof name === 'string') return name;
  }
  return 'unknown error';
}

export async function runLoad(options: LoadRunOptions): Promise<LoadResult> {
  const timeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const agent = new Agent({
    connections: options.connections,
    pipelining: 1,
    connectTimeout: timeout,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  const statuses = new Map<number, number>();
  const errors = new Map<string, number>();
  const latencies: number[] = [];
  let refusalsWithoutRetryAfter = 0;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;

  const report = () => {
    const elapsed = (performance.now() - started) / 1000;
    const answered = countOf(statuses);
    const failed = countOf(errors);
    console.log(
      `  [${options.label}] ${elapsed.toFixed(0)} s  ${answered} answers (${(answered / elapsed).toFixed(0)}/s)  ` +
        `${formatCounts(statuses)}${failed ? `  socket errors ${failed}` : ''}${options.progress ? `  ${options.progress()}` : ''}`,
    );
  };
  const timer = setInterval(report, PROGRESS_EVERY_MS);

  try {
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (performance.now() < deadline) {
          const { url, headers } = options.next();
          const sent = performance.now();
          try {
            const response = await request(url, { dispatcher: agent, headers });
            // Latency is to the last byte: a fast status line with a slow body is still slow.
            await response.body.arrayBuffer();
            latencies.push(performance.now() - sent);
            increment(statuses, response.statusCode);
            if (
              (response.statusCode === 503 || response.statusCode === 429) &&
              !response.headers['retry-after']
            ) {
              refusalsWithoutRetryAfter++;
            }
          } catch (error) {
            increment(errors, errorCode(error));
            // A refused connection fails at once; without a pause this loop would spin the CPU.
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }),
    );
  } finally {
    clearInterval(timer);
    lag.disable();
    await agent.close().catch(() => agent.destroy());
  }
  const elapsedSeconds = (performance.now() - started) / 1000;
  const result = {
    elapsedSeconds,
    rps: countOf(statuses) / elapsedSeconds,
    statuses,
    errors,
    refusalsWithoutRetryAfter,
    latencies,
    generatorLag: { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
  };
  const { p50, p99 } = summarizeLatencies(latencies);
  console.log(
    `  [${options.label}] done: ${result.rps.toFixed(0)} req/s, p50 ${formatMs(p50)} ms, p99 ${formatMs(p99)} ms; ` +
      `generator event-loop delay p99 ${formatMs(result.generatorLag.p99)} ms, max ${formatMs(result.generatorLag.max)} ms`,
  );
  return result;
}
