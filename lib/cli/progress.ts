/**
 * A dependency-free progress bar for long CLI work: redraws in place on a terminal, and prints a
 * line every 10% when output is a log (CI), so both show that work is moving and how fast.
 */
export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastDecile = -1;
  let done = 0;

  function render(final = false) {
    const fraction = total === 0 ? 1 : done / total;
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    const text = `${label} ${done}/${total} (${Math.round(fraction * 100)}%) ${rate.toFixed(1)}/s${final ? ` in ${elapsed.toFixed(1)} s` : `, ~${eta} s left`}`;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K${final ? '\n' : ''}`,
      );
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (final || decile > lastDecile) {
      lastDecile = decile;
      stream.write(`${text}\n`);
    }
  }

  render();
  return {
    tick(count = 1) {
      done = Math.min(total, done + count);
      render();
    },
    finish() {
      done = total;
      render(true);
    },
  };
}
