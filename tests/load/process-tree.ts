/**
 * The server as the operating system sees it: `npm start`'s process and everything it spawned
 * (scripts/start.ts hands over to scripts/serve.ts in a child), read from Linux's /proc. Memory is
 * the sum over the whole tree, since the process that holds the pixels is not the one we spawned.
 */
import fs from 'node:fs/promises';

interface ProcStat {
  pid: number;
  ppid: number;
  /** One letter: R, S, D, Z (zombie: exited, waiting to be reaped) … */
  state: string;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so split after the last ')'. */
function parseStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  if (close === -1) return null;
  const pid = Number.parseInt(text, 10);
  const [state = '', ppid = ''] = text
    .slice(close + 2)
    .split(' ', 2)
    .map((field) => field.trim());
  return Number.isInteger(pid) ? { pid, ppid: Number.parseInt(ppid, 10), state } : null;
}

async function readStat(pid: number): Promise<ProcStat | null> {
  try {
    return parseStat(await fs.readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null; // gone between the listing and the read
  }
}

/** Whether `pid` is running (a zombie has exited already: only its exit status remains). */
export async function isAlive(pid: number): Promise<boolean> {
  const stat = await readStat(pid);
  return stat !== null && stat.state !== 'Z';
}

/** `rootPid` and every live descendant, parents before children; empty when the root is gone. */
export async function processTree(rootPid: number): Promise<number[]> {
  const pids = (await fs.readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = await Promise.all(pids.map(readStat));
  const children = new Map<number, number[]>();
  let rootAlive = false;
  for (const stat of stats) {
    if (!stat || stat.state === 'Z') continue;
    if (stat.pid === rootPid) rootAlive = true;
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(stat.pid);
    children.set(stat.ppid, siblings);
  }
  if (!rootAlive) return [];
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/** Resident memory of one process in bytes (VmRSS); 0 when it is gone or has no memory of its own. */
async function residentBytes(pid: number): Promise<number> {
  try {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The tree process by process, for telling which one holds the memory: pid, RSS, command line. */
export async function describeTree(
  rootPid: number,
): Promise<{ pid: number; bytes: number; command: string }[]> {
  return Promise.all(
    (await processTree(rootPid)).map(async (pid) => {
      const command = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      return { pid, bytes: await residentBytes(pid), command: command.split('\0').join(' ').trim() };
    }),
  );
}

export async function treeResidentBytes(rootPid: number): Promise<number> {
  const sizes = await Promise.all((await processTree(rootPid)).map(residentBytes));
  return sizes.reduce((sum, size) => sum + size, 0);
}

export interface RssSampler {
  /** Highest sample since start or the last resetPeak. */
  peak(): number;
  last(): number;
  resetPeak(): void;
  stop(): void;
}

/**
 * Samples the tree's RSS every `everyMs`. A sample still being read when the next tick comes is not
 * doubled up (reading /proc is asynchronous so it never stalls the load generator's event loop).
 */
export function sampleTreeRss(rootPid: number, everyMs: number): RssSampler {
  let peak = 0;
  let last = 0;
  let reading = false;
  const tick = () => {
    if (reading) return;
    reading = true;
    treeResidentBytes(rootPid)
      .then((bytes) => {
        last = bytes;
        peak = Math.max(peak, bytes);
      })
      .catch(() => {})
      .finally(() => {
        reading = false;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    peak: () => peak,
    last: () => last,
    resetPeak: () => {
      peak = last;
    },
    stop: () => clearInterval(timer),
  };
}

export const toMB = (bytes: number) => bytes / (1024 * 1024);
