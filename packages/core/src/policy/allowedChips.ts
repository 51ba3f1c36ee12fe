import type { Chip } from "../catalog/chip.js";
import { type ClassifyOptions, type ClassifyResult, classify, type VerdictCondition } from "./classify.js";
import { type ChinaStatus, chinaRank, type Review, type Rule, reviewRank } from "./ruleSchema.js";

/** What counts as "allowed" for {@link allowedChips}. */
export interface AllowedOptions extends ClassifyOptions {
  /**
   * The most restrictive US review still accepted (default `notification`: no licence needed). Pass
   * `case-by-case` to count chips that need a licence a buyer could plausibly get.
   */
  readonly maxReview?: Review;
  /**
   * The most restrictive China status still accepted when the destination is CN (default
   * `conditional`); ignored for other destinations.
   */
  readonly maxChina?: ChinaStatus;
}

/** One chip that passes, with the verdict that let it through. */
export interface AllowedChip {
  readonly chip: string;
  readonly result: ClassifyResult;
}

/** A chip of {@link allowedChips} as one flat row: what `dualtrack allowed --json` and `POST /api/allowed` list. */
export interface AllowedRow {
  readonly chip: string;
  readonly name: string;
  readonly vendor: string;
  readonly eccn: ClassifyResult["eccn"];
  readonly licenseRequired: boolean;
  readonly review: Review;
  readonly domesticSale: boolean;
  readonly chinaStatus: ChinaStatus;
  /** Terms that apply as the facts stand (revenue shares, volume caps, notifications, …). */
  readonly conditions: VerdictCondition[];
  /** Rule ids behind the verdict. */
  readonly rules: string[];
  /**
   * ECCN paragraphs that could not be evaluated (unknown TPP, performance density or die area): the
   * chip passed on what is known only, and `conditional` says what applies if it is controlled.
   */
  readonly unevaluated: string[];
  /** Terms that apply only if a fact not given holds (`when`: an end use, or an unevaluated ECCN). */
  readonly conditional: VerdictCondition[];
}

/**
 * The flat row of one allowed chip: the verdict's US and China terms, split into the conditions that
 * apply now and those that apply only if a fact not given holds (`when`), with the ECCN paragraphs that
 * could not be evaluated — a chip whose TPP is unknown must not read as plainly exportable.
 */
export function allowedRow(chip: Chip, result: ClassifyResult): AllowedRow {
  const all = [...result.us.conditions, ...result.china.conditions];
  return {
    chip: chip.id,
    name: chip.name,
    vendor: chip.vendor,
    eccn: result.eccn,
    licenseRequired: result.us.licenseRequired,
    review: result.us.review,
    domesticSale: result.us.domesticSale,
    chinaStatus: result.china.status,
    conditions: all.filter((c) => c.when === undefined),
    rules: [...result.us.rules, ...result.china.rules],
    unevaluated: [...result.unevaluated],
    conditional: all.filter((c) => c.when !== undefined),
  };
}

/**
 * The chips that may reach `options.to` on `options.date`: those whose US review is at most
 * `maxReview` (default `notification`) and, for China, whose import status is at most `maxChina`
 * (default `conditional`). A chip whose ECCN could not be fully evaluated (unknown die area or TPP)
 * passes only on what is known: check `result.unevaluated`. Order follows `chips`.
 */
export function allowedChips(
  chips: readonly Chip[],
  rules: readonly Rule[],
  options: AllowedOptions,
): AllowedChip[] {
  const { maxReview = "notification", maxChina = "conditional", ...classifyOptions } = options;
  const allowed: AllowedChip[] = [];
  for (const chip of chips) {
    const result = classify(chip, rules, classifyOptions);
    if (reviewRank(result.us.review) > reviewRank(maxReview)) continue;
    if (options.to === "CN" && chinaRank(result.china.status) > chinaRank(maxChina)) continue;
    allowed.push({ chip: chip.id, result });
  }
  return allowed;
}
