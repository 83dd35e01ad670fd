/**
 * Number formatting for the bench report (terminal summary, HTML, economics text). Written by hand
 * rather than with `toLocaleString` so the output is the same on every machine whatever its ICU data
 * or locale: the tests assert exact text.
 */

/** `1234567.891, 2` → `1,234,567.89`; negative numbers keep their sign; no exponent notation. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}

/** Dollars to the cent: `1703.4` → `$1,703.40`. */
export function formatDollars(value: number): string {
  return `$${formatNumber(value, 2)}`;
}

/**
 * Rounds half away from zero to `decimals` places. The product is first cut to 15 significant digits,
 * so binary noise (`1.005 * 100` = 100.49999999999999) does not round the wrong way.
 */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  return (Math.sign(value) * Math.round(scaled)) / factor;
}
