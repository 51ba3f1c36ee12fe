/**
 * Formats a number for an explanation: thousands separators and at most two decimals
 * (`2368` → "2,368", `2.9091` → "2.91", `5.92` → "5.92"). Locale-independent (always en-US) so that
 * explanations are the same bytes on every machine.
 */
export function formatNumber(x: number): string {
  return NUMBER_FORMAT.format(x);
}

// One formatter for the process: `toLocaleString` builds a new one per call, which dominated classify's time.
const NUMBER_FORMAT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** Lists values for an explanation, eliding after `limit`: "{a, b, c, …}". */
export function formatSet(values: readonly string[], limit = 6): string {
  const shown = values.slice(0, limit).join(", ");
  return `{${shown}${values.length > limit ? ", …" : ""}}`;
}
