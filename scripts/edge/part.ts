/**
 * One part of `npm run start:edge` (bucket server, Worker, app): a child process in a process group
 * of its own, so stopping it stops everything it started (wrangler's workerd, Next's server), and a
 * readiness wait with a timeout that names the part when it does not come up.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

export interface Part {
  name: string;
  child: ChildProcess;
  /** Resolves when the part exits, with its code (or 1 when a signal ended it). */
  exited: Promise<number>;
  /** SIGTERM to its whole group; SIGKILL after `graceMs`. Resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** A part just spawned, and the wait until it serves (rejects naming the part). */
export interface Started {
  part: Part;
  ready: Promise<void>;
}

export function startPart(name: string, command: string, args: string[], options: SpawnOptions): Part {
  const child = spawn(command, args, { ...options, detached: true });
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.once('error', (error) => {
      console.error(`[${name}] could not start: ${error.message}`);
      resolve(1);
    });
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  return {
    name,
    child,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        // The leader is gone; whatever it left in its group goes too.
        signalGroup('SIGKILL');
        return;
      }
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      signalGroup('SIGKILL');
    },
  };
}

/** Lines of a child's stream, each passed on with the part's name in front (or dropped by `keep`). */
export function prefixLines(
  stream: NodeJS.ReadableStream | null | undefined,
  name: string,
  keep: (line: string) => boolean = () => true,
) {
  let pending = '';
  stream?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() && keep(line)) console.log(`[${name}] ${line}`);
  });
}

/**
 * Polls `url` until `ready(response)` holds, the part exits (its code in the error), or `timeoutMs`
 * passes: every failure names the part.
 */
export async function waitForHttp(
  part: Part,
  url: string,
  timeoutMs: number,
  ready: (response: Response) => boolean = (response) => response.ok,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | undefined;
  void part.exited.then((code) => {
    exitCode = code;
  });
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${part.name} exited (code ${exitCode}) before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      if (ready(response)) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${part.name} did not come up on ${url} within ${timeoutMs / 1000} s (last: ${last})`);
}
