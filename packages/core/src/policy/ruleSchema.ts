import { z } from "zod";
import { type Confidence, confidenceSchema, sourceRefSchema } from "../catalog/fact.js";
import { idSchema } from "../catalog/source.js";
import { METRICS, type Metric } from "./metrics.js";

/** ECCN outcomes, least to most controlled (the order of {@link eccnRank}). */
export const ECCNS = ["none", "3A090.c", "3A090.b", "3A090.a"] as const;
export type Eccn = (typeof ECCNS)[number];

/** US licence review policies, least to most restrictive (the order of {@link reviewRank}). */
export const REVIEWS = ["none", "notification", "case-by-case", "presumption-of-denial"] as const;
export type Review = (typeof REVIEWS)[number];

/** China's import-side status, least to most restrictive. */
export const CHINA_STATUSES = ["allowed", "conditional", "discouraged", "blocked"] as const;
export type ChinaStatus = (typeof CHINA_STATUSES)[number];

/**
 * How China's reported, unpublished import gates are read: `strict` takes each at its reported status;
 * `permissive` takes the milder reading a rule records in `outcome.chinaPermissive` (guidance treated
 * as advisory, approvals in principle as granted), falling back to the strict status.
 */
export const CHINA_STANCES = ["strict", "permissive"] as const;
export type ChinaStance = (typeof CHINA_STANCES)[number];

/** How far the EAR reaches a chip designed outside the US, weakest to strongest. */
export const EAR_REACHES = ["none", "possible", "likely", "yes"] as const;
export type EarReach = (typeof EAR_REACHES)[number];

export const END_USES = [
  "commercial",
  "research",
  "supercomputer",
  "military",
  "government",
  "critical-infrastructure",
  "state-owned-enterprise",
  "state-funded-datacenter",
] as const;
export type EndUse = (typeof END_USES)[number];

/**
 * What a rule does, which fixes the outcome fields it must have and the stage it runs in:
 * classification/exclusion set the ECCN; licence-requirement/is-informed impose a licence with a review
 * policy; licence-exception/review-policy relax named requirements; tariff and guidance add conditions;
 * entity-list/foreign-direct-product say how the EAR reaches foreign chips; import-gate is China's side.
 */
export const RULE_KINDS = [
  "classification",
  "exclusion",
  "licence-requirement",
  "is-informed",
  "licence-exception",
  "review-policy",
  "tariff",
  "guidance",
  "entity-list",
  "foreign-direct-product",
  "import-gate",
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Kinds that impose a licence requirement (targets of `relaxes`). */
export const REQUIREMENT_KINDS: readonly RuleKind[] = ["licence-requirement", "is-informed"];
/** Kinds that relax the requirements they name. */
export const RELAXATION_KINDS: readonly RuleKind[] = ["licence-exception", "review-policy"];

export const RULE_STATUSES = ["in-force", "in-cfr-not-enforced", "superseded"] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

export const CONDITION_KINDS = [
  "notification",
  "revenue-share",
  "tariff",
  "volume-cap",
  "certification",
  "end-use",
  "domestic-purchase",
  "customs",
  "security-review",
  "guidance",
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** A calendar date as YYYY-MM-DD; impossible days (2026-02-30) are rejected, not rolled over. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "expected a date as YYYY-MM-DD")
  .refine((d) => {
    // Runs even when the pattern failed (zod 4), so a malformed string must not reach toISOString.
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) === d;
  }, "expected a date as YYYY-MM-DD that exists on the calendar");

const countrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, "countries are ISO 3166-1 alpha-2 codes such as CN or US");
const countryList = z.array(countrySchema).min(1);

/** A comparison of one chip metric with one or two bounds: `{ metric: tpp, gte: 2400, lt: 4800 }`. */
export const metricClauseSchema = z
  .strictObject({
    metric: z.enum(METRICS),
    gte: z.number().optional(),
    gt: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
  })
  .refine((c) => c.gte !== undefined || c.gt !== undefined || c.lt !== undefined || c.lte !== undefined, {
    message: "a metric clause needs at least one bound: gte, gt, lt or lte",
  });
export type MetricClause = z.output<typeof metricClauseSchema>;

/**
 * The predicate language of a rule: a small, typed, declarative tree. Leaves test the chip (`metric`,
 * `datacenter`, `chip` ids, `vendor`, `designedIn` country), the transaction (`destination`, `buyerHq`,
 * `endUse`) or the ECCN found by the classification rules (`eccn`); `all`, `any` and `not` combine them.
 * Country leaves may carry a `label` ("D:5 + Macau") that explanations print instead of the list.
 */
export type Predicate =
  | { readonly all: readonly Predicate[] }
  | { readonly any: readonly Predicate[] }
  | { readonly not: Predicate }
  | MetricClause
  | { readonly datacenter: boolean }
  | { readonly chip: readonly string[] }
  | { readonly vendor: readonly string[] }
  | { readonly designedIn: readonly string[]; readonly label?: string | undefined }
  | { readonly destination: readonly string[]; readonly label?: string | undefined }
  | { readonly buyerHq: readonly string[]; readonly label?: string | undefined }
  | { readonly eccn: readonly Eccn[] }
  | { readonly endUse: readonly EndUse[] };

const predicateList = z.array(z.lazy((): z.ZodType<Predicate> => predicateSchema)).min(1);

export const predicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    z.strictObject({ all: predicateList }),
    z.strictObject({ any: predicateList }),
    z.strictObject({ not: z.lazy((): z.ZodType<Predicate> => predicateSchema) }),
    metricClauseSchema,
    z.strictObject({ datacenter: z.boolean() }),
    z.strictObject({ chip: z.array(idSchema).min(1) }),
    z.strictObject({ vendor: z.array(idSchema).min(1) }),
    z.strictObject({ designedIn: countryList, label: z.string().min(1).optional() }),
    z.strictObject({ destination: countryList, label: z.string().min(1).optional() }),
    z.strictObject({ buyerHq: countryList, label: z.string().min(1).optional() }),
    z.strictObject({ eccn: z.array(z.enum(ECCNS)).min(1) }),
    z.strictObject({ endUse: z.array(z.enum(END_USES)).min(1) }),
  ]),
);

/** A condition attached to a verdict: notification, revenue share, tariff, volume cap, certification… */
export const conditionSchema = z.strictObject({
  kind: z.enum(CONDITION_KINDS),
  text: z.string().min(1),
  percent: z.number().gt(0).lte(100).optional(),
  days: z.number().int().positive().optional(),
});
export type ConditionRecord = z.output<typeof conditionSchema>;

/** What a rule does when its predicate holds; which fields are required depends on the rule's kind. */
export const outcomeSchema = z.strictObject({
  eccn: z.enum(["3A090.a", "3A090.b", "3A090.c"]).optional(),
  paragraph: z
    .string()
    .regex(/^3A090\.[abc](\.\d)?$/, "a paragraph reads like 3A090.a.1")
    .optional(),
  excludes: z.literal(true).optional(),
  review: z.enum(REVIEWS).optional(),
  relaxes: z.array(idSchema).min(1).optional(),
  conditions: z.array(conditionSchema).min(1).optional(),
  china: z.enum(CHINA_STATUSES).optional(),
  chinaPermissive: z.enum(CHINA_STATUSES).optional(),
  ear: z.strictObject({ reach: z.enum(["possible", "likely", "yes"]), basis: z.string().min(1) }).optional(),
});
export type Outcome = z.output<typeof outcomeSchema>;

type OutcomeField = keyof Outcome;

/** The outcome fields each kind must have (`[a, b]` inside the list: at least one of them). */
const NEEDS: Readonly<Record<RuleKind, readonly (OutcomeField | readonly OutcomeField[])[]>> = {
  classification: ["eccn", "paragraph"],
  exclusion: ["excludes"],
  "licence-requirement": ["review"],
  "is-informed": ["review"],
  "licence-exception": ["relaxes", "review"],
  "review-policy": ["relaxes", "review"],
  tariff: ["conditions"],
  guidance: [["conditions", "ear"]],
  "entity-list": ["ear"],
  "foreign-direct-product": ["ear"],
  "import-gate": [["china", "conditions"]],
};

const ruleShape = {
  id: idSchema,
  jurisdiction: z.enum(["US", "CN"]),
  kind: z.enum(RULE_KINDS),
  title: z.string().min(1),
  citation: z.string().min(1).optional(),
  effective: isoDateSchema,
  compliance: isoDateSchema.optional(),
  ends: isoDateSchema.optional(),
  status: z.enum(RULE_STATUSES),
  supersededBy: idSchema.optional(),
  notEnforcedFrom: isoDateSchema.optional(),
  confidence: confidenceSchema.optional(),
  predicate: predicateSchema,
  outcome: outcomeSchema,
  source: sourceRefSchema,
  note: z.string().min(1).optional(),
};

type RuleInput = z.output<z.ZodObject<typeof ruleShape>>;

/** Checks that need several fields at once: dates in order, status details, outcome fields per kind. */
function ruleChecks(rule: RuleInput, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (rule.ends !== undefined && rule.ends <= rule.effective)
    issue("ends", `ends (${rule.ends}) must come after effective (${rule.effective})`);
  if (rule.compliance !== undefined && rule.compliance < rule.effective)
    issue("compliance", "the compliance date cannot precede the effective date");
  if (rule.status === "superseded" && rule.ends === undefined)
    issue("ends", "a superseded rule needs the date it ended (ends)");
  if (rule.status === "in-cfr-not-enforced" && rule.notEnforcedFrom === undefined) {
    issue("notEnforcedFrom", "a rule in the CFR but not enforced needs notEnforcedFrom");
  }
  if (rule.jurisdiction === "CN" && rule.confidence === undefined) {
    issue("confidence", "China's measures are reported, not published: give a confidence (reported, low…)");
  }
  if ((rule.kind === "import-gate") !== (rule.jurisdiction === "CN")) {
    issue("kind", "import-gate rules, and only they, belong to jurisdiction CN");
  }
  const { china, chinaPermissive } = rule.outcome;
  if (chinaPermissive !== undefined) {
    if (china === undefined)
      issue("outcome", "outcome.chinaPermissive needs outcome.china (the strict reading)");
    else if (CHINA_STATUSES.indexOf(chinaPermissive) > CHINA_STATUSES.indexOf(china)) {
      issue(
        "outcome",
        `outcome.chinaPermissive (${chinaPermissive}) cannot be stricter than outcome.china (${china})`,
      );
    }
  }
  for (const need of NEEDS[rule.kind]) {
    const fields = typeof need === "string" ? [need] : need;
    if (fields.every((f) => rule.outcome[f] === undefined)) {
      issue("outcome", `a ${rule.kind} rule needs outcome.${fields.join(" or outcome.")}`);
    }
  }
}

/** One rule record of `data/policies/*.yaml`. */
export const ruleSchema = z.strictObject(ruleShape).superRefine(ruleChecks);
export type Rule = z.output<typeof ruleSchema>;

export const policiesFileSchema = z.strictObject({ rules: z.array(ruleSchema) });

/** Rank of an ECCN outcome: none 0 < 3A090.c 1 < 3A090.b 2 < 3A090.a 3. */
export function eccnRank(eccn: Eccn): number {
  return ECCNS.indexOf(eccn);
}

/** Rank of a review policy: none 0 < notification 1 < case-by-case 2 < presumption of denial 3. */
export function reviewRank(review: Review): number {
  return REVIEWS.indexOf(review);
}

/** Rank of China's status: allowed 0 < conditional 1 < discouraged 2 < blocked 3. */
export function chinaRank(status: ChinaStatus): number {
  return CHINA_STATUSES.indexOf(status);
}

/** The rule's confidence, defaulting to `vendor` (a published, first-party text) when unstated. */
export function ruleConfidence(rule: Rule): Confidence {
  return rule.confidence ?? "vendor";
}

export type { Metric };
