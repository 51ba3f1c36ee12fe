import type { Catalog } from "../catalog/catalog.js";
import type { Chip } from "../catalog/chip.js";
import { estimateInference } from "../perf/estimateInference.js";
import type { PerfData } from "../perf/perfData.js";
import { PerfError } from "../perf/perfError.js";
import { classify } from "../policy/classify.js";
import type { ChinaStatus, ConditionKind, Eccn, Review, Rule } from "../policy/ruleSchema.js";
import type { PerfMetric } from "./claimSchema.js";

/** What a `policy` check asks: the legal status of exporting a chip on a date to a country. */
export interface PolicyQuery {
  readonly chip: string;
  /** ISO date YYYY-MM-DD. */
  readonly date: string;
  /** ISO 3166-1 alpha-2 destination. */
  readonly to: string;
  /** Where the buyer is headquartered (the engine's default is `to`). */
  readonly buyerHq?: string;
}

/** The part of a classification a claim can be held to (the `classify --json` fields, flattened). */
export interface PolicyAnswer {
  readonly eccn: Eccn;
  readonly licenseRequired: boolean;
  readonly review: Review;
  readonly chinaStatus: ChinaStatus;
  /** Kinds of the conditions attached, US and China together (revenue-share, tariff, domestic-purchase…). */
  readonly conditions: readonly ConditionKind[];
  /** Ids of the rules that applied, for the reasons. */
  readonly rules?: readonly string[];
}

/** The policy engine as the claims ledger sees it; `undefined` when it has no answer (unknown chip). */
export type PolicyEvaluator = (query: PolicyQuery) => PolicyAnswer | undefined;

/** What a `perf` check asks: one serving configuration of a model on a chip. */
export interface PerfQuery {
  readonly model: string;
  readonly chip: string;
  readonly precision?: "bf16" | "fp8" | "fp4" | "int8" | "int4" | undefined;
  readonly batch?: number | undefined;
  readonly isl?: number | undefined;
  readonly osl?: number | undefined;
  readonly tp?: number | undefined;
  readonly stack?: "trtllm" | "vllm" | "sglang" | "pytorch" | undefined;
}

/**
 * The performance model's answer: the metrics it computed (`energy.joulesPerToken` of `perf --json`
 * flattened to `joulesPerToken`) and, for the reasons, what bounds decode.
 */
export type PerfAnswer = { readonly [M in PerfMetric]?: number } & { readonly bound?: string };

/** The performance model as the claims ledger sees it; `undefined` when it cannot answer. */
export type PerfEvaluator = (query: PerfQuery) => PerfAnswer | undefined;

/**
 * The policy engine behind `policy` checks: `classify(chip, rules, { date, to, buyerHq })` read with the
 * strict stance (each reported Chinese gate at face value), flattened to {@link PolicyAnswer}; the
 * conditions are the kinds of the US and the Chinese ones, the rules the union of both sides' ids.
 */
export function policyEvaluator(chips: readonly Chip[], rules: readonly Rule[]): PolicyEvaluator {
  const byId = new Map(chips.map((c) => [c.id, c]));
  return (query) => {
    const chip = byId.get(query.chip);
    if (chip === undefined) return undefined;
    const result = classify(chip, rules, {
      date: query.date,
      to: query.to,
      ...(query.buyerHq === undefined ? {} : { buyerHq: query.buyerHq }),
    });
    const conditions = [...new Set([...result.us.conditions, ...result.china.conditions].map((c) => c.kind))];
    return {
      eccn: result.eccn,
      licenseRequired: result.us.licenseRequired,
      review: result.us.review,
      chinaStatus: result.china.status,
      conditions,
      rules: [...new Set([...result.us.rules, ...result.china.rules])],
    };
  };
}

/**
 * The performance model behind `perf` checks: `estimateInference(model, chip, perf, { precision, stack,
 * tp }, { batch, isl, osl })`, flattened to {@link PerfAnswer}. An estimate the model refuses (a
 * {@link PerfError}: no bandwidth, weights that do not fit) gives `undefined`, so the check is unverifiable
 * rather than failing the whole ledger.
 */
export function perfEvaluator(catalog: Pick<Catalog, "chips" | "models">, perf: PerfData): PerfEvaluator {
  return (query) => {
    const model = catalog.models.find((m) => m.id === query.model);
    const chip = catalog.chips.find((c) => c.id === query.chip);
    if (model === undefined || chip === undefined) return undefined;
    try {
      const e = estimateInference(
        model,
        chip,
        perf,
        {
          ...(query.precision === undefined ? {} : { precision: query.precision }),
          ...(query.stack === undefined ? {} : { stack: query.stack }),
          ...(query.tp === undefined ? {} : { tp: query.tp }),
        },
        {
          ...(query.batch === undefined ? {} : { batch: query.batch }),
          ...(query.isl === undefined ? {} : { isl: query.isl }),
          ...(query.osl === undefined ? {} : { osl: query.osl }),
        },
      );
      const answer: { -readonly [M in PerfMetric]?: number } & { bound?: string } = {
        outputTokensPerSec: e.outputTokensPerSec,
        outputTokensPerSecPerChip: e.outputTokensPerSecPerChip,
        tpotMs: e.tpotMs,
        ttftMs: e.ttftMs,
        bound: `decode ${e.bound.decode}-bound`,
      };
      if (e.energy.joulesPerToken !== null) answer.joulesPerToken = e.energy.joulesPerToken;
      if (e.costUsdPerMTokens !== null) answer.costUsdPerMTokens = e.costUsdPerMTokens;
      return answer;
    } catch (error) {
      if (error instanceof PerfError) return undefined;
      throw error;
    }
  };
}
