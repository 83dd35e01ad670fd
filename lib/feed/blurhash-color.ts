const base83 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';

/**
 * The average colour of a blurhash (its DC component, already sRGB), without decoding pixels:
 * shown instantly, before the blurred preview is decoded off the critical path.
 */
export function blurhashAverageColor(hash: string): string {
  if (hash.length < 6) return '#1c1c22';
  let value = 0;
  for (const char of hash.slice(2, 6)) {
    const digit = base83.indexOf(char);
    if (digit < 0) return '#1c1c22';
    value = value * 83 + digit;
  }
  return `#${(value & 0xffffff).toString(16).padStart(6, '0')}`;
}
