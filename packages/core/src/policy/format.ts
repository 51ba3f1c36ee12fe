/**
 * Formats a number for an explanation: thousands separators and at most two decimals, rounded half away
 * from zero (`2368` → "2,368", `2.9091` → "2.91", `5284.8` → "5,284.8"). Locale-independent, so that
 * explanations are the same bytes on every machine. Hand-written rather than `Intl.NumberFormat`, which
 * was the largest single cost of `classify`.
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const sign = x < 0 ? "-" : "";
  const cents = Math.round(Math.abs(x) * 100);
  if (cents === 0) return "0";
  const whole = Math.floor(cents / 100);
  const fraction = cents % 100;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const decimals = fraction === 0 ? "" : `.${String(fraction).padStart(2, "0").replace(/0$/, "")}`;
  return `${sign}${grouped}${decimals}`;
}

/** Lists values for an explanation, eliding after `limit`: "{a, b, c, …}". */
export function formatSet(values: readonly string[], limit = 6): string {
  const shown = values.slice(0, limit).join(", ");
  return `{${shown}${values.length > limit ? ", …" : ""}}`;
}
