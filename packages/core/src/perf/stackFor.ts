import type { Chip } from "../catalog/chip.js";
import type {
  PerfData,
  PerfPrecision,
  ServingLayout,
  Stack,
  StackEntry,
  TrainingEntry,
  TrainingPrecision,
} from "./perfData.js";
import { PerfError } from "./perfError.js";

/** The entry that applies to a chip, and how it was found. */
export interface ResolvedEntry<T> {
  readonly entry: T;
  /**
   * `model`: fitted for this model on this chip (a serving configuration); `chip`: fitted or set for
   * this very chip; `family`: inherited from its family; `default`.
   */
  readonly scope: "model" | "chip" | "family" | "default";
  readonly family: string | null;
}

/** The family id of a chip in the perf data, or null. */
export function familyOf(perf: PerfData, chipId: string): string | null {
  for (const f of perf.families) if (f.chips.includes(chipId)) return f.id;
  return null;
}

function pick<T extends { chip?: string | undefined; family?: string | undefined }>(
  entries: readonly T[],
  chipId: string,
  family: string | null,
): ResolvedEntry<T> | undefined {
  const own = entries.find((e) => e.chip === chipId);
  if (own !== undefined) return { entry: own, scope: "chip", family };
  const inherited = family === null ? undefined : entries.find((e) => e.family === family);
  if (inherited !== undefined) return { entry: inherited, scope: "family", family };
  const fallback = entries.find((e) => e.chip === undefined && e.family === undefined);
  return fallback === undefined ? undefined : { entry: fallback, scope: "default", family };
}

/**
 * The layout class of a serving configuration: `dp` when attention runs data parallel (attentionDp > 1),
 * else `ep` when experts are spread by expert parallelism (ep > 1), else `tp`.
 */
export function servingLayout(parallel: {
  readonly ep: number;
  readonly attentionDp: number;
}): ServingLayout {
  if (parallel.attentionDp > 1) return "dp";
  return parallel.ep > 1 ? "ep" : "tp";
}

/**
 * Finds the efficiency parameters of (chip, stack[, model[, precision[, layout]]]): among the entries
 * fitted for that model on that chip, the first of (precision and layout), (precision, any layout),
 * (any precision, layout), (any precision, any layout); else the chip's own entry, else its family's,
 * else the stack's default (each documented with its provenance and band in `data/perf/`).
 */
export function stackFor(
  perf: PerfData,
  chip: Chip,
  stack: Stack,
  modelId?: string,
  precision?: PerfPrecision,
  layout?: ServingLayout,
): ResolvedEntry<StackEntry> {
  const family = familyOf(perf, chip.id);
  const forStack = perf.stacks.filter((e) => e.stack === stack);
  if (modelId !== undefined) {
    const mine = forStack.filter((e) => e.model === modelId && e.chip === chip.id);
    const find = (p: PerfPrecision | undefined, l: ServingLayout | undefined) =>
      mine.find((e) => e.precision === p && e.layout === l);
    const own =
      (precision !== undefined && layout !== undefined ? find(precision, layout) : undefined) ??
      (precision !== undefined ? find(precision, undefined) : undefined) ??
      (layout !== undefined ? find(undefined, layout) : undefined) ??
      find(undefined, undefined);
    if (own !== undefined) return { entry: own, scope: "model", family };
  }
  const found = pick(
    forStack.filter((e) => e.model === undefined),
    chip.id,
    family,
  );
  if (found === undefined) throw new PerfError(`no efficiency parameters for stack ${stack} in data/perf/`);
  return found;
}

/** Finds the training MFU entry of (chip, stack, precision) with the same precedence as {@link stackFor}. */
export function trainingFor(
  perf: PerfData,
  chip: Chip,
  stack: Stack,
  precision: TrainingPrecision,
): ResolvedEntry<TrainingEntry> {
  const family = familyOf(perf, chip.id);
  const forStack = perf.training.filter((e) => e.stack === stack);
  const found =
    pick(
      forStack.filter((e) => e.precision === precision),
      chip.id,
      family,
    ) ??
    pick(
      forStack.filter((e) => e.precision === "bf16"),
      chip.id,
      family,
    );
  if (found === undefined) {
    const stacks = [...new Set(perf.training.map((e) => e.stack))].join(", ");
    throw new PerfError(
      `no training MFU for stack ${stack} in data/perf/ (${precision === "bf16" ? "bf16" : `${precision} or bf16`}); training entries exist for: ${stacks}`,
    );
  }
  return found;
}

/**
 * Names the entry an answer was calibrated with: `deepseek-r1 on h200-sxm with trtllm, fp8 weights, ep
 * layout` for a serving configuration, `h200-sxm with trtllm` for a chip, `family hopper with trtllm`,
 * `trtllm default`.
 */
export function entryLabel(entry: StackEntry): string {
  if (entry.model !== undefined) {
    const parts = [`${entry.model} on ${entry.chip ?? "?"} with ${entry.stack}`];
    if (entry.precision !== undefined) parts.push(`${entry.precision} weights`);
    if (entry.layout !== undefined) parts.push(`${entry.layout} layout`);
    return parts.join(", ");
  }
  if (entry.chip !== undefined) return `${entry.chip} with ${entry.stack}`;
  if (entry.family !== undefined) return `family ${entry.family} with ${entry.stack}`;
  return `${entry.stack} default`;
}
