/** The command line of `npm run load`. */

export interface LoadFlags {
  /** Length of each measured phase. */
  seconds: number;
  quick: boolean;
  /** Connections of the cold storm; more than the pool's slots + queue (66 by default) forces shedding. */
  stormConnections: number;
}

/** Long enough for p99 to mean something and for the storm to reach a steady state. */
const FULL_SECONDS = 30;
/** Keeps the whole run near two minutes once the build exists. */
const QUICK_SECONDS = 8;

const DEFAULT_STORM_CONNECTIONS = 64;

export const usage = `Usage: npm run load -- [--quick] [--seconds N] [--storm-connections N]
  --quick                short phases (${QUICK_SECONDS} s each): about two minutes once the build exists
  --seconds N            length of each measured phase (default ${FULL_SECONDS}, or ${QUICK_SECONDS} with --quick)
  --storm-connections N  connections of the cold storm (default ${DEFAULT_STORM_CONNECTIONS})`;

function numberArgument(name: string, raw: string | undefined, max: number): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new Error(`${name} needs a number between 0 and ${max}, not ${raw}`);
  }
  return value;
}

export function parseLoadFlags(argv: readonly string[]): LoadFlags {
  let quick = false;
  let seconds: number | undefined;
  let stormConnections = DEFAULT_STORM_CONNECTIONS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name = '', inline] = arg.split('=', 2);
    const value = () => inline ?? argv[++i];
    if (arg === '--quick') quick = true;
    else if (name === '--seconds') seconds = numberArgument(name, value(), 3600);
    else if (name === '--storm-connections') {
      stormConnections = Math.round(numberArgument(name, value(), 1000));
    } else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else throw new Error(`Unknown argument ${arg}\n${usage}`);
  }
  return { quick, seconds: seconds ?? (quick ? QUICK_SECONDS : FULL_SECONDS), stormConnections };
}
