import type { InferenceEstimate, Workload } from "./estimateInference.js";
import type { InferenceMeasurement } from "./perfData.js";
import type { InferenceOptions } from "./prepareInference.js";

/**
 * The options that reproduce a published inference run: its precision, stack, layout (tp, pp, ep,
 * attention-DP; 1 where the source gives none), power cap, and replicas = ⌊chips / (tp·pp·attentionDp)⌋
 * (at least 1) — a run on more chips than one instance needs serves that many copies side by side —
 * and its speculative decoding and overlap where it used them. A disaggregated run's workload (prefill
 * layout, mode) is {@link inferenceWorkloadOf}'s.
 */
export function inferenceOptionsOf(m: InferenceMeasurement): InferenceOptions {
  const tp = m.parallel?.tp ?? 1;
  const pp = m.parallel?.pp ?? 1;
  const attentionDp = m.parallel?.attentionDp ?? 1;
  return {
    precision: m.precision,
    stack: m.stack,
    tp,
    pp,
    ep: m.parallel?.ep ?? 1,
    attentionDp,
    replicas: Math.max(1, Math.floor(m.chips / (tp * pp * attentionDp))),
    ...(m.powerCapW === undefined ? {} : { powerCapW: m.powerCapW }),
    ...(m.speculative === undefined ? {} : { speculative: m.speculative }),
    ...(m.overlap === undefined ? {} : { overlap: m.overlap }),
  };
}

/**
 * The workload of a published inference run: its batch (`max` resolved by the caller), prompt and
 * output lengths; for a disaggregated run the mode and the prefill instance's layout.
 */
export function inferenceWorkloadOf(m: InferenceMeasurement, batch: number): Workload {
  const { isl, osl } = m.workload;
  if (m.mode !== "disaggregated") return { batch, isl, osl };
  return {
    batch,
    isl,
    osl,
    mode: "disaggregated",
    ...(m.prefillParallel === undefined ? {} : { prefill: m.prefillParallel }),
  };
}

/** One value a published disaggregated pool gives, with the estimate's value of it. */
export interface PoolComparison {
  readonly metric: "TPOT ms" | "TTFT ms" | "decode tok/s/chip" | "prefill tok/s/chip";
  readonly predicted: number;
  readonly measured: number;
}

/**
 * The values a published disaggregated measurement gives (TPOT, TTFT, the decode pool's output and the
 * prefill pool's prompt tokens/s per chip), each beside `e`'s, an estimate of it in disaggregated mode.
 */
export function poolComparisons(m: InferenceMeasurement, e: InferenceEstimate): PoolComparison[] {
  const d = e.disaggregated;
  const pairs: [PoolComparison["metric"], number | undefined, number | undefined][] = [
    ["TPOT ms", e.tpotMs, m.measured.tpotMs],
    ["TTFT ms", e.ttftMs, m.measured.ttftMs],
    ["decode tok/s/chip", d?.decodeOutputTokensPerSecPerChip, m.measured.decodeOutputTokensPerSecPerChip],
    ["prefill tok/s/chip", d?.prefillInputTokensPerSecPerChip, m.measured.prefillInputTokensPerSecPerChip],
  ];
  return pairs.flatMap(([metric, predicted, measured]) =>
    predicted === undefined || measured === undefined ? [] : [{ metric, predicted, measured }],
  );
}
