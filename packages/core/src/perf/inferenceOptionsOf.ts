import type { InferenceMeasurement } from "./perfData.js";
import type { InferenceOptions } from "./prepareInference.js";

/**
 * The options that reproduce a published inference run: its precision, stack, layout (tp, pp, ep,
 * attention-DP; 1 where the source gives none), power cap, and replicas = ⌊chips / (tp·pp·attentionDp)⌋
 * (at least 1) — a run on more chips than one instance needs serves that many copies side by side.
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
  };
}
