import type { Rule } from "./ruleSchema.js";

/**
 * Where a rule stands on a date: `in-force`; `future` (before its effective date); `ended` (on or after
 * `ends`, the first day it no longer applies); `not-enforced` (in the CFR but not enforced since
 * `notEnforcedFrom`, or effective but its compliance date not yet reached).
 */
export type Standing =
  | { readonly phase: "in-force" }
  | { readonly phase: "future" | "ended" | "not-enforced"; readonly why: string };

/** The standing of `rule` on `date` (ISO dates compare as strings). */
export function ruleStanding(rule: Rule, date: string): Standing {
  if (date < rule.effective) return { phase: "future", why: `in force from ${rule.effective}` };
  if (rule.ends !== undefined && date >= rule.ends) {
    const by = rule.supersededBy === undefined ? "" : `, superseded by ${rule.supersededBy}`;
    return { phase: "ended", why: `ended ${rule.ends}${by}` };
  }
  if (rule.notEnforcedFrom !== undefined && date >= rule.notEnforcedFrom) {
    return { phase: "not-enforced", why: `in the CFR but not enforced since ${rule.notEnforcedFrom}` };
  }
  if (rule.compliance !== undefined && date < rule.compliance) {
    return {
      phase: "not-enforced",
      why: `effective ${rule.effective} but compliance is only required from ${rule.compliance}`,
    };
  }
  return { phase: "in-force" };
}

/** Every date on which some rule's standing changes, sorted and unique. */
export function changeDates(rules: readonly Rule[]): string[] {
  const dates = new Set<string>();
  for (const r of rules) {
    for (const d of [r.effective, r.ends, r.compliance, r.notEnforcedFrom]) if (d !== undefined) dates.add(d);
  }
  return [...dates].sort();
}
