import type { Chip } from "../catalog/chip.js";
import { type ClassifyOptions, type ClassifyResult, classify } from "./classify.js";
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
