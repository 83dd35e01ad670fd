import { type ChildProcess, execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import path from 'node:path';

/**
 * Processes started the way a user or a container runtime starts them (`npm start`, `npm run
 * start:edge`), and stopped the way a container runtime stops them: SIGTERM to the one process it
 * started (npm's), not to the process group a terminal's Ctrl-C reaches.
 */

/** `npm run <script>` on the Node running the suite (npm is a script run by the first `node` on PATH). */
export function spawnNpmScript(script: string, options: SpawnOptions): ChildProcess {
  const nodeDir = path.dirname(process.execPath);
  const env = { ...(options.env ?? process.env) };
  env.PATH = `${nodeDir}${path.delimiter}${env.PATH ?? ''}`;
  return spawn('npm', ['run', script], { ...options, env });
}

/** Every live descendant of `pid` (children, their children, …), from the process table. */
export function descendantsOf(pid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of table) {
      if (ppid !== parent) continue;
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends SIGTERM to `child` alone and waits (up to `limitMs`, then 5 s more) until it and every process
 * it had started are gone. Returns how long that took and which were still alive at `limitMs`; those
 * are then killed, so a failing test leaves nothing serving.
 */
export async function stopLikeAContainerRuntime(
  child: ChildProcess,
  limitMs = 10_000,
): Promise<{ ms: number; survivors: string[] }> {
  const pid = child.pid;
  if (pid === undefined) throw new Error('the process has no pid');
  const tree = [pid, ...descendantsOf(pid)];
  const started = Date.now();
  child.kill('SIGTERM');
  while (Date.now() - started < limitMs && tree.some(alive)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const ms = Date.now() - started;
  const survivors = tree.filter(alive).map((survivor) => {
    try {
      return `${survivor} ${execFileSync('ps', ['-o', 'args=', '-p', String(survivor)], { encoding: 'utf8' }).trim()}`;
    } catch {
      return `${survivor} (ended while listed)`;
    }
  });
  for (const survivor of tree.filter(alive)) {
    try {
      process.kill(survivor, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  return { ms, survivors };
}
