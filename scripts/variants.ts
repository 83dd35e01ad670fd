/**
 * `npm run variants -- <command>`: the stored display sets (docs/curation.md, "The publish queue").
 * Each command lives in a file of its own; this only dispatches.
 *   backfill  make every display set public rows lack, through the publish queue, with a progress bar
 */
const commands: Record<string, () => Promise<unknown>> = {
  backfill: () => import('./variants-backfill'),
};

const chosen = process.argv[2] ?? '';
const command = commands[chosen];
if (!command) {
  console.error(`Usage: npm run variants -- ${Object.keys(commands).join('|')}`);
  process.exit(2);
}
await command();

export {};
