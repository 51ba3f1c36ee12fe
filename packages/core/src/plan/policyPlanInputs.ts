import type { Chip } from "../catalog/chip.js";
import { type ClassifyResult, classify, type VerdictCondition } from "../policy/classify.js";
import type { ChinaStance, Rule } from "../policy/ruleSchema.js";
import type { ChipAvailability, PlanChip, PlanInputs } from "./planInputs.js";
import type { Plan } from "./planSchema.js";

/** The date a period's policy is read at: its first day (`2026` → 2026-01-01, `2026Q3` → 2026-07-01). */
export function periodDate(period: string): string {
  const quarter = period.length > 4 ? Number(period.slice(5)) : 1;
  return `${period.slice(0, 4)}-${String((quarter - 1) * 3 + 1).padStart(2, "0")}-01`;
}

/** Price multiplier of a verdict's conditions: each revenue share or tariff of p% multiplies by 1 + p/100. */
function multiplierOf(conditions: readonly VerdictCondition[]): number {
  let m = 1;
  for (const c of conditions)
    if ((c.kind === "revenue-share" || c.kind === "tariff") && c.percent !== undefined)
      m *= 1 + c.percent / 100;
  return m;
}

/**
 * Availability from the policy engine, layered over `base` (which keeps launch dates and the plan's
 * own `licences:` entries). For a chip without a `licences:` entry, `classify` at the period's first day
 * (to the buyer's country, buyer HQ as given) decides:
 * - US review `presumption-of-denial`, or China status `blocked` for a CN buyer → unavailable;
 * - otherwise available, with revenue shares and tariffs priced in (× (1 + p/100) each) and every
 *    condition listed in words (conditions that hold only for an unstated end use are left out). A volume cap without a number stays a condition in words.
 * A chip the engine cannot classify keeps `base`'s answer, with the error as a condition.
 */
export function policyPlanInputs(
  base: PlanInputs,
  plan: Plan,
  chips: readonly Chip[],
  rules: readonly Rule[],
  chinaStance: ChinaStance = "strict",
): PlanInputs {
  const byId = new Map(chips.map((c) => [c.id, c]));
  const hq = plan.buyer.hq ?? plan.buyer.country;
  const cache = new Map<string, ClassifyResult | Error>();
  const verdict = (chip: Chip, date: string): ClassifyResult | Error => {
    const key = `${chip.id}@${date}`;
    let r = cache.get(key);
    if (r === undefined) {
      try {
        r = classify(chip, rules, { date, to: plan.buyer.country, buyerHq: hq, chinaStance });
      } catch (error) {
        r = error instanceof Error ? error : new Error(String(error));
      }
      cache.set(key, r);
    }
    return r;
  };
  const availability = (chip: PlanChip, period: string): ChipAvailability => {
    const a = base.availability(chip, period);
    const catalogChip = byId.get(chip.id);
    if (!a.available || plan.licences[chip.id] !== undefined || catalogChip === undefined) return a;
    const r = verdict(catalogChip, periodDate(period));
    if (r instanceof Error)
      return { ...a, conditions: [...a.conditions, `policy not evaluated: ${r.message}`] };
    const date = periodDate(period);
    if (r.us.review === "presumption-of-denial")
      return {
        available: false,
        priceMultiplier: 1,
        conditions: [],
        reason: `US licence review is presumption of denial on ${date} (${r.us.rules.join(", ")})`,
      };
    if (plan.buyer.country === "CN" && r.china.status === "blocked")
      return {
        available: false,
        priceMultiplier: 1,
        conditions: [],
        reason: `China blocks imports on ${date} (${r.china.stance} reading; ${r.china.rules.join(", ")})`,
      };
    // A condition with `when` applies only if a fact the plan does not give holds (an end use).
    const conditions = [...r.us.conditions, ...r.china.conditions].filter((c) => c.when === undefined);
    const review = r.us.review === "none" ? [] : [`US review: ${r.us.review}`];
    const china =
      plan.buyer.country === "CN" && r.china.status !== "allowed" ? [`China: ${r.china.status}`] : [];
    return {
      ...a,
      priceMultiplier: a.priceMultiplier * multiplierOf(conditions),
      conditions: [...a.conditions, ...review, ...china, ...conditions.map((c) => c.text)],
    };
  };
  return { ...base, availability };
}
