/**
 * The photograph fetcher alone, from the repository root:
 *   node --conditions=react-server --import tsx tests/bench/report/photographs-cli.ts [--quick]
 *     [--images DIR] [--publish DATA_DIR [--cards N]]
 * Prints the report's `inputs` (source, count, sizes); with --publish, also puts the photographs into
 * that data directory as published generations (a directory no server is running on).
 */
import { parseArgs } from 'node:util';
import { ensurePhotographs, reportInputs } from './photographs';
import { publishPhotographs } from './publish-photographs';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    images: { type: 'string' },
    publish: { type: 'string' },
    cards: { type: 'string' },
  },
});

const log = (message: string) => console.error(`[photographs] ${message}`);
const started = performance.now();
const photographs = await ensurePhotographs({ dir: values.images, quick: values.quick, onProgress: log });
log(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const inputs = reportInputs(photographs);
const megabytes = photographs.files.reduce((sum, file) => sum + file.bytes, 0) / 1024 / 1024;
console.log(
  `${inputs.count} photographs, ${megabytes.toFixed(1)} MB, from ${inputs.source}\n` +
    inputs.sizes
      .map((size) => `  ${size.width}×${size.height}, ${(size.bytes / 1024).toFixed(0)} KB`)
      .join('\n'),
);

if (values.publish) {
  const cards = values.cards === undefined ? undefined : Number(values.cards);
  if (cards !== undefined && !Number.isInteger(cards))
    throw new Error(`--cards must be a whole number (got ${values.cards})`);
  const result = await publishPhotographs({
    dataDir: values.publish,
    photographs: photographs.files,
    cards,
    onProgress: log,
  });
  console.log(JSON.stringify({ publishedInto: values.publish, ...result }, null, 2));
}
