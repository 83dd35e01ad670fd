/**
 * A visitor scrolling the feed while images are stormed: one feed request every `everyMs` on its own
 * connections, sent on schedule whether or not the last one has answered (a slow server must not
 * slow the probe down, or it would measure fewer of its slow moments).
 */
import { Agent, request } from 'undici';
import { errorCode } from './load-runner';

const SLOWEST_KEPT = 3;

export interface ProbeResult {
  sent: number;
  /** Milliseconds to the last byte of each 200 answer. */
  latencies: number[];
  /** The slowest answers and when they were sent (ms after the probe started): when did it stall? */
  slowest: { sentAt: number; ms: number }[];
  /** What went wrong instead of a 200: `status 503`, `UND_ERR_HEADERS_TIMEOUT`, … */
  failures: Map<string, number>;
}

export interface FeedProbe {
  /** Stops sending and waits (bounded by the probe's timeout) for the answers still on the way. */
  stop(): Promise<ProbeResult>;
}

export function startFeedProbe(url: string, everyMs: number, timeoutMs: number): FeedProbe {
  const agent = new Agent({
    connections: Math.ceil(timeoutMs / everyMs),
    connectTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const result: ProbeResult = { sent: 0, latencies: [], slowest: [], failures: new Map() };
  const started = performance.now();
  const fail = (reason: string) => result.failures.set(reason, (result.failures.get(reason) ?? 0) + 1);
  const inFlight = new Set<Promise<void>>();

  const probe = async () => {
    const sent = performance.now();
    try {
      const response = await request(url, { dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) });
      await response.body.arrayBuffer();
      const ms = performance.now() - sent;
      if (response.statusCode === 200) {
        result.latencies.push(ms);
        result.slowest.push({ sentAt: sent - started, ms });
        result.slowest = result.slowest.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_KEPT);
      } else fail(`status ${response.statusCode}`);
    } catch (error) {
      fail(errorCode(error));
    }
  };
  const timer = setInterval(() => {
    result.sent++;
    const running = probe();
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
  }, everyMs);

  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      await agent.close().catch(() => agent.destroy());
      return result;
    },
  };
}
