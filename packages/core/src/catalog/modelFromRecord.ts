import type { Model, ModelRecord } from "./model.js";
import { paramCount } from "./paramCount.js";

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/**
 * Flattens a validated model record into the published {@link Model}. `params.computed*B` come from
 * {@link paramCount}, the active count following the publisher's convention (`activeExcludes`: which
 * embedding matrices it leaves out); without a published active count, `activeB` is `totalB` for a dense
 * model and the computed count for a mixture of experts. Provenance is keyed by field path:
 * `arch` for the architecture numbers (one config file), `params.totalB`, `params.activeB`, and `*`.
 */
export function modelFromRecord(record: ModelRecord): Model {
  const { source: archSources, confidence: archConfidence, note: archNote, vision, ...numbers } = record.arch;
  const count = paramCount(record.arch);
  const excluded =
    record.params.activeExcludes === "embeddings"
      ? count.embedding
      : record.params.activeExcludes === "input-embedding"
        ? count.inputEmbedding
        : 0;
  const computedActiveB = round((count.active - excluded) / 1e9, 3);
  const sources: Model["sources"] = {
    "*": record.source,
    arch: archSources,
    "params.totalB": record.params.totalB.source,
  };
  const confidence: Model["confidence"] = {
    arch: archConfidence,
    "params.totalB": record.params.totalB.confidence,
  };
  const notes: Model["notes"] = {};
  if (archNote !== undefined) notes.arch = archNote;
  if (record.params.totalB.note !== undefined) notes["params.totalB"] = record.params.totalB.note;
  const active = record.params.activeB;
  if (active !== undefined) {
    sources["params.activeB"] = active.source;
    confidence["params.activeB"] = active.confidence;
    if (active.note !== undefined) notes["params.activeB"] = active.note;
  }
  if (vision !== undefined) {
    sources["arch.visionParamsB"] = vision.paramsB.source;
    confidence["arch.visionParamsB"] = vision.paramsB.confidence;
    if (vision.paramsB.note !== undefined) notes["arch.visionParamsB"] = vision.paramsB.note;
  }
  return {
    id: record.id,
    name: record.name,
    family: record.family,
    developer: record.developer,
    country: record.country,
    released: record.released,
    openWeights: record.openWeights,
    arch: { ...numbers, visionParamsB: vision?.paramsB.value ?? null },
    params: {
      totalB: record.params.totalB.value,
      activeB:
        active?.value ?? (record.arch.moe === undefined ? record.params.totalB.value : computedActiveB),
      computedTotalB: round(count.total / 1e9, 3),
      computedActiveB,
      activeExcludes: record.params.activeExcludes ?? "none",
      roundedToB: record.params.roundedToB ?? null,
    },
    note: record.note ?? null,
    sources,
    confidence,
    notes,
  };
}
