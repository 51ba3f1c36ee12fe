import { type Chip, PRECISION_BITS, PRECISIONS, type Precision } from "@dualtrack/core";

/** A chip's export-control metrics as the dashboard plots them. */
export interface WebTpp {
  readonly value: number;
  readonly precision: Precision | null;
  readonly basis: "computed" | "published";
}

/**
 * Total Processing Performance: the maximum over precisions of dense TFLOPS/TOPS × bit length (3A090
 * Technical Note 1); the published TPP when the chip has no dense rate; null when it has neither. On a tie
 * the shorter precision is reported, as the policy engine does.
 */
export function chipTpp(chip: Pick<Chip, "dense" | "tppPublished">): WebTpp | null {
  let best: WebTpp | null = null;
  for (const precision of PRECISIONS) {
    const rate = chip.dense[precision];
    if (rate === undefined) continue;
    const value = rate * PRECISION_BITS[precision];
    if (best === null || value >= best.value) best = { value, precision, basis: "computed" };
  }
  if (best !== null) return best;
  return chip.tppPublished === null
    ? null
    : { value: chip.tppPublished, precision: null, basis: "published" };
}

/** Performance density: TPP ÷ die area (mm²); null when either is unknown. */
export function chipPd(chip: Pick<Chip, "dense" | "tppPublished" | "dieMm2">): number | null {
  const t = chipTpp(chip);
  if (t === null || chip.dieMm2 === null || chip.dieMm2 <= 0) return null;
  return t.value / chip.dieMm2;
}

/** The 3A090 thresholds of the October 2023 rule drawn on the TPP–PD chart. */
export const TPP_LINES = [4800, 1600, 2400] as const;
export const PD_LINES = [5.92, 3.2] as const;
