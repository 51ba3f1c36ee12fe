import type { Metric } from "./metrics.js";
import type { Predicate, Rule, RuleKind } from "./ruleSchema.js";
import { ruleStanding } from "./ruleStanding.js";

/** One numeric threshold of a rule in force: `{ metric: "tpp", op: "gte", value: 4800 }` and its rule. */
export interface Threshold {
  readonly rule: string;
  readonly title: string;
  readonly jurisdiction: "US" | "CN";
  readonly kind: RuleKind;
  /** The 3A090 paragraph a classification rule assigns, else null. */
  readonly paragraph: string | null;
  readonly metric: Metric;
  readonly op: "gte" | "gt" | "lt" | "lte";
  readonly value: number;
  /** True when the clause sits under an odd number of `not`s. */
  readonly negated: boolean;
}

type Bound = Pick<Threshold, "metric" | "op" | "value" | "negated">;

function* clauses(predicate: Predicate, negated: boolean): Generator<Bound> {
  if ("all" in predicate) for (const p of predicate.all) yield* clauses(p, negated);
  else if ("any" in predicate) for (const p of predicate.any) yield* clauses(p, negated);
  else if ("not" in predicate) yield* clauses(predicate.not, !negated);
  else if ("metric" in predicate) {
    for (const op of ["gte", "gt", "lt", "lte"] as const) {
      const value = predicate[op];
      if (value !== undefined) yield { metric: predicate.metric, op, value, negated };
    }
  }
}

/**
 * The numeric thresholds of every rule in force on `date` (effective, not ended, enforced), flattened
 * from their predicates in rule order — the numbers behind threshold charts (TPP 4,800, PD 5.92,
 * DRAM bandwidth 6,500 GB/s…).
 */
export function thresholdsAt(rules: readonly Rule[], date: string): Threshold[] {
  return rules
    .filter((rule) => ruleStanding(rule, date).phase === "in-force")
    .flatMap((rule) =>
      [...clauses(rule.predicate, false)].map((bound) => ({
        rule: rule.id,
        title: rule.title,
        jurisdiction: rule.jurisdiction,
        kind: rule.kind,
        paragraph: rule.outcome.paragraph ?? null,
        ...bound,
      })),
    );
}
