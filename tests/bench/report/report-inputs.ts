import { formatNumber } from './report-format';

/**
 * One line naming what the run measured on (issue 11: "the report names its inputs"). Accepts the
 * photographs module's `{ source, files: [{ width, height, bytes }] }` and a plain
 * `{ source, count, sizes }`; anything else is printed as its keys' scalar values.
 */
export function describeInputs(inputs: object): string {
  const record = inputs as Record<string, unknown>;
  const source = typeof record.source === 'string' ? record.source : undefined;
  const files = Array.isArray(record.files) ? (record.files as unknown[]).filter(isSizedFile) : undefined;
  if (files && files.length > 0) {
    const pixels = files.map((file) => file.width * file.height);
    const smallest = files[pixels.indexOf(Math.min(...pixels))]!;
    const largest = files[pixels.indexOf(Math.max(...pixels))]!;
    const meanBytes = files.reduce((sum, file) => sum + file.bytes, 0) / files.length;
    return [
      `${files.length} ${files.length === 1 ? 'image' : 'images'}${source ? ` from ${source}` : ''}`,
      `${smallest.width}×${smallest.height} to ${largest.width}×${largest.height}`,
      `mean ${formatNumber(meanBytes / 1e6, 2)} MB`,
    ].join(', ');
  }
  return Object.entries(record)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
    .map(
      ([key, value]) =>
        `${key}: ${typeof value === 'number' ? formatNumber(value, Number.isInteger(value) ? 0 : 2) : String(value)}`,
    )
    .join(', ');
}

interface SizedFile {
  width: number;
  height: number;
  bytes: number;
}

function isSizedFile(value: unknown): value is SizedFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Record<string, unknown>;
  return typeof file.width === 'number' && typeof file.height === 'number' && typeof file.bytes === 'number';
}
