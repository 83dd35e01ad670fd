/**
 * What the benchmarks share: Vitrine's production server on a data directory of its own, a wait for
 * it, and a fixed-time load over keep-alive connections.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Agent, request } from 'undici';

export const BENCH_DATA_DIR = '.data-bench';

/**
 * `npm start`'s process on `port`. Cold means cold: the variant cache is dropped first and nothing is
 * prewarmed at boot.
 */
export function startBenchServer(port: number, demoCount: number): ChildProcess {
  fs.rmSync(path.join(BENCH_DATA_DIR, 'variants'), { recursive: true, force: true });
  return spawn('node', ['--conditions=react-server', '--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      DATA_DIR: BENCH_DATA_DIR,
      PORT: String(port),
      DEMO_COUNT: String(demoCount),
      PREWARM_ON_START: 'false',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** Until `url` answers 2xx (the app's is /api/health: ready once its start work is done), 15 min at most. */
export async function waitUntilUp(url: string) {
  for (let i = 0; i < 3600; i++) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not come up in 15 minutes`);
}

/** Completed requests per second over `seconds`, `connections` at once, cycling through `urls`. */
export async function throughput(
  urls: readonly string[],
  options: { connections: number; seconds: number; headers?: Record<string, string> },
) {
  const agent = new Agent({ connections: options.connections, pipelining: 1 });
  const deadline = performance.now() + options.seconds * 1000;
  let done = 0;
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) {
        const url = urls[next++ % urls.length]!;
        const response = await request(url, { dispatcher: agent, headers: options.headers });
        await response.body.arrayBuffer();
        if (response.statusCode === 200) done++;
        else failed++;
      }
    }),
  );
  await agent.close();
  return { rps: done / options.seconds, failed };
}

export interface AppServerOptions {
  /** Its own data directory: PGlite allows one process per directory, and runs must not share state. */
  dataDir: string;
  demoCount: number;
  /** Added to the environment last, so it overrides anything inherited. */
  env?: Record<string, string>;
  /** The server's output goes here instead of the terminal (the report keeps one screen of progress). */
  logFile?: string;
}

/** Where a child's stdout and stderr go: the terminal, or appended to `logFile`. */
export function childOutput(logFile: string | undefined): 'inherit' | number {
  return logFile === undefined ? 'inherit' : fs.openSync(logFile, 'a');
}

/** SIGTERM, then the exit (the port is free again); SIGKILL if it takes longer than `timeoutMs`. */
export function stopServer(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * `npm start`'s process on `port` over a data directory of the caller's choosing (the benchmarks use
 * startBenchServer's): the variant cache is dropped first and nothing is prewarmed at boot, so the
 * first request for any variant is a real transform.
 */
export function startAppServer(port: number, options: AppServerOptions): ChildProcess {
  fs.rmSync(path.join(options.dataDir, 'variants'), { recursive: true, force: true });
  return spawn('node', ['--conditions=react-server', '--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      DATA_DIR: options.dataDir,
      PORT: String(port),
      DEMO_COUNT: String(options.demoCount),
      PREWARM_ON_START: 'false',
      ...options.env,
    },
    stdio: ['ignore', childOutput(options.logFile), childOutput(options.logFile)],
  });
}
