import type { CompiledScenario } from "./compile.js";

/** Quarter indices (into `c.quarters`) covered by a period label: a year (`2024`) or a quarter (`2024Q3`). */
export function periodQuarters(c: CompiledScenario, period: string): number[] {
  const out: number[] = [];
  c.quarters.forEach((q, i) => {
    if (q === period || q.startsWith(`${period}Q`)) out.push(i);
  });
  return out;
}

/**
 * The value of output `o` over quarters `qs` of one replication's `values`: a flow is summed over the
 * quarters, a stock is read at the last one.
 */
export function periodValue(
  c: CompiledScenario,
  values: ArrayLike<number>,
  o: number,
  qs: readonly number[],
): number {
  const nQ = c.quarters.length;
  if (c.outputs[o]?.kind === "stock") return values[o * nQ + (qs[qs.length - 1] ?? 0)] ?? Number.NaN;
  let v = 0;
  for (const q of qs) v += values[o * nQ + q] ?? 0;
  return v;
}
