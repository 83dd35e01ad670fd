import { execFile } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  /** Past this the command is killed: a mirror that stalls must not stall the benchmark. */
  timeoutMs: number;
  /** What the reader can do instead, appended to every failure ("pass --images DIR …"). */
  hint: string;
}

/** A command that failed, with what it printed last (apt's "E: …" lines say why). */
export class CommandError extends Error {
  constructor(
    message: string,
    /** `missing`: no such program here; `timeout`: killed at `timeoutMs`; `failed`: it exited non-zero. */
    readonly reason: 'missing' | 'timeout' | 'failed',
    readonly output: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

const lastLines = (text: string, count: number) => text.trim().split('\n').slice(-count).join('\n');

/**
 * Runs an external program without a shell (arguments are never interpreted), bounded in time and
 * in output, and turns every way it can fail into one message that names the command and the way out.
 */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  const shown = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const output = `${stdout}\n${stderr}`;
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          return reject(
            new CommandError(
              `${command} is not available on this machine. ${options.hint}`,
              'missing',
              output,
            ),
          );
        }
        if (error.killed) {
          const seconds = Math.round(options.timeoutMs / 1000);
          return reject(
            new CommandError(
              `\`${shown}\` did not finish within ${seconds} s. ${options.hint}`,
              'timeout',
              output,
            ),
          );
        }
        const said = lastLines(stderr || stdout, 3) || error.message;
        reject(
          new CommandError(
            `\`${shown}\` failed (exit ${error.code ?? '?'}): ${said}. ${options.hint}`,
            'failed',
            output,
          ),
        );
      },
    );
  });
}
