import type { Chip } from "../catalog/chip.js";
import { formatNumber, formatSet } from "./format.js";
import { type ChipMetrics, METRIC_LABELS, type MetricFact, metricFact } from "./metrics.js";
import { type Eccn, type EndUse, eccnRank, type MetricClause, type Predicate } from "./ruleSchema.js";

/** What a predicate is evaluated against: the chip, its metrics, the transaction and the ECCN so far. */
export interface Facts {
  readonly chip: Chip;
  readonly metrics: ChipMetrics;
  readonly to: string;
  readonly buyerHq: string;
  readonly endUse: EndUse | null;
  /** The ECCN found by the classification stage (null while classifying). */
  readonly eccn: Eccn | null;
  /** Tiers of paragraphs that could not be evaluated (unknown die area or TPP). */
  readonly eccnUndecided: readonly Eccn[];
}

/** Three-valued truth: a predicate on an unknown fact (die area, end use) is neither true nor false. */
export type Truth = boolean | null;

/** A predicate's truth and the comparisons that decided it ("TPP 2,368 < 2,400"). */
export interface Evaluation {
  readonly truth: Truth;
  readonly because: readonly string[];
}

const BOUNDS = [
  ["gte", "≥", "<", (v: number, b: number) => v >= b],
  ["gt", ">", "≤", (v: number, b: number) => v > b],
  ["lt", "<", "≥", (v: number, b: number) => v < b],
  ["lte", "≤", ">", (v: number, b: number) => v <= b],
] as const;

const BOUND_NOTES = { exact: "", "at-least": " (at least)", "at-most": " (at most)" } as const;

/**
 * Compares a metric with each bound of the clause. A value known only as a bound decides the
 * comparisons it can (at least 900 proves ≥ 600 and disproves < 600; at most 64 proves < 900 and
 * disproves ≥ 900); the others leave the clause unknown.
 */
function evaluateMetric(clause: MetricClause, fact: MetricFact): Evaluation {
  const { label, unit } = METRIC_LABELS[clause.metric];
  if (fact.kind === "unknown") return { truth: null, because: [`${label} unknown (${fact.reason})`] };
  if (fact.kind === "not-applicable")
    return { truth: false, because: [`${label} not applicable: ${fact.reason}`] };
  const shown = `${label} ${formatNumber(fact.value)}${unit}${BOUND_NOTES[fact.bound]}`;
  const passed: string[] = [];
  let undecided = false;
  for (const [key, op, negated, test] of BOUNDS) {
    const bound = clause[key];
    if (bound === undefined) continue;
    const holds = test(fact.value, bound);
    const upward = key === "gte" || key === "gt";
    // Does the known side of the value settle this comparison when it holds (decisive) or when it fails?
    const decisive = fact.bound === "exact" || (fact.bound === "at-least") === upward;
    if (!holds && (fact.bound === "exact" || !decisive)) {
      return { truth: false, because: [`${shown} ${negated} ${formatNumber(bound)}${unit}`] };
    }
    if (holds !== decisive) undecided = true;
    passed.push(`${op} ${formatNumber(bound)}${unit}`);
  }
  if (undecided) return { truth: null, because: [`${shown} cannot decide ${passed.join(", ")}`] };
  return { truth: true, because: [`${shown} ${passed.join(", ")}`] };
}

function membership(
  what: string,
  value: string,
  set: readonly string[],
  label: string | undefined,
): Evaluation {
  const inSet = set.includes(value);
  const named = label ?? formatSet(set);
  return { truth: inSet, because: [`${what} ${value} ${inSet ? "∈" : "∉"} ${named}`] };
}

/** The `because` lines of the parts with truth `t`, in order. */
function reasons(parts: readonly Evaluation[], t: Truth): string[] {
  const out: string[] = [];
  for (const p of parts) if (p.truth === t) out.push(...p.because);
  return out;
}

function combineAll(parts: readonly Evaluation[]): Evaluation {
  let anyFalse = false;
  let anyUnknown = false;
  for (const p of parts) {
    if (p.truth === false) anyFalse = true;
    else if (p.truth === null) anyUnknown = true;
  }
  if (anyFalse) return { truth: false, because: reasons(parts, false) };
  if (anyUnknown) return { truth: null, because: reasons(parts, null) };
  return { truth: true, because: reasons(parts, true) };
}

function combineAny(parts: readonly Evaluation[]): Evaluation {
  let anyTrue = false;
  let anyUnknown = false;
  for (const p of parts) {
    if (p.truth === true) anyTrue = true;
    else if (p.truth === null) anyUnknown = true;
  }
  if (anyTrue) return { truth: true, because: reasons(parts, true) };
  if (anyUnknown) return { truth: null, because: [...reasons(parts, null), ...reasons(parts, false)] };
  return { truth: false, because: reasons(parts, false) };
}

/**
 * The ECCN test: true when the ECCN found is listed; unknown when it is not but a tier that could not
 * be evaluated (die area or TPP missing) is listed and would rank higher; else false.
 */
function evaluateEccn(set: readonly Eccn[], facts: Facts): Evaluation {
  if (facts.eccn === null) return { truth: null, because: ["ECCN not yet known"] };
  const found = membership("ECCN", facts.eccn, set, undefined);
  if (found.truth === true) return found;
  const foundRank = eccnRank(facts.eccn);
  const open = facts.eccnUndecided.filter((tier) => set.includes(tier) && eccnRank(tier) > foundRank);
  if (open.length === 0) return found;
  return {
    truth: null,
    because: [`ECCN ${facts.eccn}, but ${[...new Set(open)].join(" or ")} could not be evaluated`],
  };
}

/**
 * Evaluates a rule predicate with three-valued logic (Kleene): `all` is false if any part is false,
 * unknown if any is unknown, else true; `any` is true if any part is true, unknown if any is unknown,
 * else false; `not` swaps true and false. `because` keeps only the comparisons that decided the answer.
 */
export function evaluatePredicate(predicate: Predicate, facts: Facts): Evaluation {
  if ("all" in predicate) return combineAll(predicate.all.map((p) => evaluatePredicate(p, facts)));
  if ("any" in predicate) return combineAny(predicate.any.map((p) => evaluatePredicate(p, facts)));
  if ("not" in predicate) {
    const inner = evaluatePredicate(predicate.not, facts);
    return { truth: inner.truth === null ? null : !inner.truth, because: inner.because };
  }
  if ("metric" in predicate) return evaluateMetric(predicate, metricFact(facts.metrics, predicate.metric));
  if ("datacenter" in predicate) {
    const holds = facts.chip.datacenter === predicate.datacenter;
    const is = facts.chip.datacenter
      ? "designed or marketed for datacenters"
      : "not designed or marketed for datacenters";
    const needs = predicate.datacenter ? "a datacenter part" : "a non-datacenter part";
    return { truth: holds, because: [holds ? is : `${is} (rule needs ${needs})`] };
  }
  if ("chip" in predicate) return membership("chip", facts.chip.id, predicate.chip, undefined);
  if ("vendor" in predicate) return membership("vendor", facts.chip.vendor, predicate.vendor, undefined);
  if ("designedIn" in predicate)
    return membership("designed in", facts.chip.country, predicate.designedIn, predicate.label);
  if ("destination" in predicate)
    return membership("destination", facts.to, predicate.destination, predicate.label);
  if ("buyerHq" in predicate)
    return membership("buyer HQ", facts.buyerHq, predicate.buyerHq, predicate.label);
  if ("eccn" in predicate) return evaluateEccn(predicate.eccn, facts);
  if (facts.endUse === null)
    return { truth: null, because: [`end use not given (rule concerns ${formatSet(predicate.endUse)})`] };
  return membership("end use", facts.endUse, predicate.endUse, undefined);
}
