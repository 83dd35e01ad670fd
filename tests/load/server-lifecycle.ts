/**
 * Waiting for the server and stopping it, each with a deadline: a load script that hangs, or leaves a
 * server holding the port and the data directory, is worse than one that fails.
 */
import type { ChildProcess } from 'node:child_process';
import { waitUntilUp } from '../bench/bench-server';
import { isAlive, processTree } from './process-tree';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () =>
      reject(new Error(`The server exited (${child.exitCode ?? child.signalCode}) before it answered`));
    if (child.exitCode !== null || child.signalCode !== null) fail();
    else child.once('exit', fail);
  });
}

/** Until `url` answers 200, the server process dies, or `timeoutMs` passes (a first run builds and seeds). */
export async function waitForServer(child: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${url} did not answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    // waitUntilUp polls on after losing the race; the script ends with process.exit, which stops it.
    await Promise.race([waitUntilUp(url), exited(child), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function allGone(pids: readonly number[]): Promise<boolean> {
  return (await Promise.all(pids.map(isAlive))).every((alive) => !alive);
}

/**
 * SIGTERM to the process we spawned (scripts/start.ts passes it on to the server), then SIGKILL to
 * each process of the tree as it was when we asked, if any is still there after `graceMs`. The tree
 * is listed first: once the parent has exited, its children are re-parented and no longer findable.
 */
export async function stopServer(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.pid === undefined) return;
  const tree = await processTree(child.pid);
  if (tree.length === 0) return;
  child.kill('SIGTERM');
  const deadline = performance.now() + graceMs;
  while (performance.now() < deadline) {
    if (await allGone(tree)) return;
    await sleep(100);
  }
  console.warn(`The server did not stop within ${graceMs / 1000} s of SIGTERM; sending SIGKILL.`);
  for (const pid of tree) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (let i = 0; i < 50 && !(await allGone(tree)); i++) await sleep(100);
}
