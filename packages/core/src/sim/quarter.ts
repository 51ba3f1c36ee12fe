/** A quarter as `2026Q1`. */
export const QUARTER_RE = /^(\d{4})Q([1-4])$/;

/** Quarters since 2000Q1 (2000Q1 = 0); NaN for a malformed label. */
export function quarterIndex(label: string): number {
  const m = QUARTER_RE.exec(label);
  if (m === null) return Number.NaN;
  return (Number(m[1]) - 2000) * 4 + (Number(m[2]) - 1);
}

/** The label of quarter index `i` (2000Q1 = 0). */
export function quarterLabel(i: number): string {
  return `${2000 + Math.floor(i / 4)}Q${(i % 4) + 1}`;
}

/** The labels from `start` to `end` inclusive (empty when end < start). */
export function quarterRange(start: string, end: string): string[] {
  const a = quarterIndex(start);
  const b = quarterIndex(end);
  const out: string[] = [];
  for (let i = a; i <= b; i++) out.push(quarterLabel(i));
  return out;
}
