import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { spawnNpmScript, stopLikeAContainerRuntime } from './process-tree';

export interface AppServer {
  origin: string;
  dataDir: string;
  /** Everything it printed so far. */
  output(): string;
  /** Stops and starts it again on the same data, without the variants it encoded: a cold cache. */
  restartCold(): Promise<void>;
  /** SIGTERM to npm's process alone, as a container runtime sends it (tests/e2e/process-tree.ts). */
  stopLikeAContainerRuntime(): ReturnType<typeof stopLikeAContainerRuntime>;
  stop(): Promise<void>;
}

interface AppServerOptions {
  port: number;
  name: string;
  demoCount: number;
  env?: Record<string, string>;
  /** Also wait for the boot-time prewarm to finish. */
  waitForPrewarm?: boolean;
  /** Run on the fresh data directory before the first start (seed it, make a token with the CLI). */
  prepare?: (dataDir: string) => void;
}

/**
 * `npm start` on a port and a fresh data directory of its own, for the tests that need
 * a server configured otherwise than the suite's (a cold variant cache, a prewarm to observe): the
 * build the suite made is reused (its fingerprint matches), the demo data is seeded.
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const dataDir = path.resolve(`.data-e2e-${options.name}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  options.prepare?.(dataDir);
  let text = '';
  let child = await launch(options, dataDir, (chunk) => {
    text += chunk;
  });
  const stopChild = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    origin: `http://127.0.0.1:${options.port}`,
    dataDir,
    output: () => text,
    async restartCold() {
      await stopChild();
      fs.rmSync(path.join(dataDir, 'variants'), { recursive: true, force: true });
      text = '';
      child = await launch(options, dataDir, (chunk) => {
        text += chunk;
      });
    },
    stopLikeAContainerRuntime: () => stopLikeAContainerRuntime(child),
    async stop() {
      await stopChild();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function launch(options: AppServerOptions, dataDir: string, collect: (chunk: string) => void) {
  let text = '';
  // `npm start` itself, as a new user and a container's command run it.
  const child: ChildProcess = spawnNpmScript('start', {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(options.port),
      DEMO_COUNT: String(options.demoCount),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    collect(chunk.toString());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const ready = options.waitForPrewarm ? /Prewarmed \d+ variants/ : /Vitrine ready/;
  await expect
    .poll(() => (ready.test(text) ? 'ready' : child.exitCode !== null ? `exited:\n${text}` : 'starting'), {
      timeout: 170_000,
      intervals: [250],
    })
    .toBe('ready');
  return child;
}

/**
 * A server of its own for the tests of one spec file: started before them (within
 * `startTimeoutMs`), stopped after them. The returned object stands for it inside the tests.
 */
export function appServerForFile(options: AppServerOptions, startTimeoutMs: number): AppServer {
  let started: AppServer | undefined;
  const current = () => {
    if (!started) throw new Error(`the ${options.name} server is used outside its file's tests`);
    return started;
  };
  test.beforeAll(async () => {
    test.setTimeout(startTimeoutMs);
    started = await startAppServer(options);
  });
  test.afterAll(async () => {
    await started?.stop();
  });
  return {
    get origin() {
      return current().origin;
    },
    get dataDir() {
      return current().dataDir;
    },
    output: () => current().output(),
    restartCold: () => current().restartCold(),
    stopLikeAContainerRuntime: () => current().stopLikeAContainerRuntime(),
    stop: () => current().stop(),
  };
}
