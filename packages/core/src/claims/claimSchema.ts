import { z } from "zod";
import { confidenceSchema, partialDateSchema, sourceRefSchema } from "../catalog/fact.js";
import { idSchema } from "../catalog/source.js";
import { CHINA_STATUSES, CONDITION_KINDS, ECCNS, isoDateSchema, REVIEWS } from "../policy/ruleSchema.js";
import { ExpressionError, expressionVariables, parseExpression } from "./expression.js";

/** Verdicts of the evidence ledger (DESIGN.md `claims` contract). */
export const VERDICTS = ["supported", "contradicted", "plausible", "unverifiable"] as const;
export const verdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof verdictSchema>;

/** What a claim is about. `chip` and `model` subjects name a catalog id. */
export const SUBJECT_KINDS = ["chip", "firm", "policy", "market", "model", "fab", "memory"] as const;
export const subjectKindSchema = z.enum(SUBJECT_KINDS);
export type SubjectKind = z.infer<typeof subjectKindSchema>;

/** Comparison of a found value (left) with the claimed one (right). */
export const COMPARISONS = ["eq", "ne", "lt", "le", "gt", "ge", "contains"] as const;
export const comparisonSchema = z.enum(COMPARISONS);
export type Comparison = z.infer<typeof comparisonSchema>;

/** The three-digit number of a seed article; a bare YAML `000` arrives as the number 0. */
export const articleIdSchema = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((a) => (typeof a === "number" ? String(a).padStart(3, "0") : a))
  .pipe(z.string().regex(/^\d{3}$/, 'the article is the seed\'s three-digit number, e.g. "000"'));

/**
 * Where the claim stands: the seed article (its three-digit number; the file is
 * `<article>_<hash>.txt`) and the paragraph, which is the 1-based line number of the file (the seeds put
 * one paragraph per line, the title on line 1). `anchor` is a short phrase of that line (a figure or a
 * name, never a sentence) that a test finds there.
 */
export const whereSchema = z.strictObject({
  article: articleIdSchema,
  paragraph: z.number().int().positive(),
  anchor: z.string().min(2).max(60).optional(),
});
export type Where = z.output<typeof whereSchema>;

export const subjectSchema = z
  .strictObject({
    kind: subjectKindSchema,
    /** A catalog id for chips and models; a kebab-case id of the firm, fab or policy otherwise. */
    id: idSchema.optional(),
    name: z.string().min(1).optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.kind === "chip" || s.kind === "model") && s.id === undefined)
      ctx.addIssue({ code: "custom", path: ["id"], message: `a ${s.kind} subject needs the catalog id` });
  });
export type Subject = z.output<typeof subjectSchema>;

/** The quantity a claim states: a value, or a range (`low`/`high`) for "hundreds of thousands". */
export const quantitySchema = z
  .strictObject({
    value: z.number().finite().optional(),
    low: z.number().finite().optional(),
    high: z.number().finite().optional(),
    unit: z.string().min(1),
    note: z.string().min(1).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.value === undefined && q.low === undefined && q.high === undefined)
      ctx.addIssue({ code: "custom", message: "a quantity needs a value, or low and/or high" });
    if (q.low !== undefined && q.high !== undefined && q.low > q.high)
      ctx.addIssue({ code: "custom", path: ["low"], message: "low exceeds high" });
  });
export type Quantity = z.output<typeof quantitySchema>;

/** The verdict a passing or failing check gives (default: supported / contradicted). */
export const claimOutcomeSchema = z.strictObject({ pass: verdictSchema, fail: verdictSchema });
export type ClaimOutcome = z.output<typeof claimOutcomeSchema>;

/** A dotted field path of a published chip or model: `memory.gb`, `dense.bf16`, `params.totalB`. */
const fieldSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/, "a field is a dotted path such as memory.gb");

const tolerance = z.number().nonnegative().max(10).optional();

function estimatesHaveNotes(
  value: { confidence?: string | undefined; note?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.confidence === "estimate" && value.note === undefined)
    ctx.addIssue({ code: "custom", path: ["note"], message: "an estimate needs a note with its working" });
}

/** Compare one catalog field of a chip or a model with the claimed value. */
export const catalogCheckSchema = z
  .strictObject({
    kind: z.literal("catalog"),
    chip: idSchema.optional(),
    model: idSchema.optional(),
    field: fieldSchema,
    op: comparisonSchema,
    /** The claimed value; defaults to the claim's `quantity.value`. */
    value: z.union([z.number().finite(), z.string().min(1), z.boolean()]).optional(),
    /** Relative tolerance of `eq`/`ne`/`le`/`ge` on numbers (0.05 = ±5%). */
    tolerance,
    outcome: claimOutcomeSchema.optional(),
    note: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.chip === undefined) === (c.model === undefined))
      ctx.addIssue({ code: "custom", message: "a catalog check names exactly one of chip or model" });
    if (c.op === "contains" && typeof c.value !== "string")
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: "contains compares text: give a string value",
      });
  });

/** A literal number with its provenance (a figure of the claim itself cites the article). */
const literalVarSchema = z
  .strictObject({
    value: z.number().finite(),
    source: sourceRefSchema.optional(),
    confidence: confidenceSchema.optional(),
    note: z.string().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.source === undefined && v.note === undefined)
      ctx.addIssue({
        code: "custom",
        message: "a literal needs a source, or a note saying why it needs none (a definition, a unit)",
      });
    estimatesHaveNotes(v, ctx);
  });
const chipVarSchema = z.strictObject({ chip: idSchema, field: fieldSchema });
const modelVarSchema = z.strictObject({ model: idSchema, field: fieldSchema });
export const arithmeticVarSchema = z.union([literalVarSchema, chipVarSchema, modelVarSchema]);
export type ArithmeticVar = z.output<typeof arithmeticVarSchema>;

/**
 * Work a number out (unit and currency conversions, bandwidth needed for a throughput…) from sourced
 * literals and catalog fields, then compare it with `value`.
 */
export const arithmeticCheckSchema = z
  .strictObject({
    kind: z.literal("arithmetic"),
    expression: z.string().min(1),
    vars: z.record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "variable names are identifiers"),
      arithmeticVarSchema,
    ),
    op: comparisonSchema,
    value: z.number().finite().optional(),
    tolerance,
    /** Unit of the expression's result, for the reasons. */
    unit: z.string().min(1).optional(),
    outcome: claimOutcomeSchema.optional(),
    note: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.op === "contains")
      ctx.addIssue({ code: "custom", path: ["op"], message: "contains compares text, not numbers" });
    let names: string[];
    try {
      names = expressionVariables(parseExpression(c.expression));
    } catch (error) {
      const message = error instanceof ExpressionError ? error.message : String(error);
      ctx.addIssue({ code: "custom", path: ["expression"], message: `cannot parse: ${message}` });
      return;
    }
    for (const name of names)
      if (!(name in c.vars))
        ctx.addIssue({
          code: "custom",
          path: ["vars"],
          message: `the expression uses '${name}', which vars does not define`,
        });
    for (const name of Object.keys(c.vars))
      if (!names.includes(name))
        ctx.addIssue({
          code: "custom",
          path: ["vars", name],
          message: `'${name}' is defined but the expression does not use it`,
        });
  });

/** A sourced figure to hold a claim against; the first is the chosen one, the rest are alternatives. */
export const sourceFactSchema = z
  .strictObject({
    value: z.number().finite(),
    unit: z.string().min(1).optional(),
    source: sourceRefSchema,
    confidence: confidenceSchema,
    refersTo: partialDateSchema.optional(),
    note: z.string().min(1).optional(),
  })
  .superRefine(estimatesHaveNotes);
export type SourceFact = z.output<typeof sourceFactSchema>;

/** Compare the claimed value with sourced figures (the first fact decides; the others are shown). */
export const sourceCheckSchema = z.strictObject({
  kind: z.literal("source"),
  facts: z.array(sourceFactSchema).min(1),
  op: comparisonSchema.exclude(["contains"]),
  value: z.number().finite().optional(),
  tolerance,
  outcome: claimOutcomeSchema.optional(),
  note: z.string().min(1).optional(),
});

/**
 * A qualitative claim weighed against what sources say. The judgement is the analyst's, recorded with
 * the evidence it rests on; the code only reports it.
 */
export const evidenceCheckSchema = z.strictObject({
  kind: z.literal("evidence"),
  judgement: verdictSchema.exclude(["unverifiable"]),
  evidence: z
    .array(
      z.strictObject({
        says: z.string().min(1),
        source: sourceRefSchema,
        confidence: confidenceSchema,
      }),
    )
    .min(1),
  note: z.string().min(1).optional(),
});

const countrySchema = z.string().regex(/^[A-Z]{2}$/, "countries are ISO 3166-1 alpha-2 codes such as CN");

/** Ask the policy engine about a chip on a date and compare its answer with what the claim implies. */
export const policyCheckSchema = z.strictObject({
  kind: z.literal("policy"),
  chip: idSchema,
  date: isoDateSchema,
  to: countrySchema,
  buyerHq: countrySchema.optional(),
  expect: z
    .strictObject({
      eccn: z.enum(ECCNS).optional(),
      licenseRequired: z.boolean().optional(),
      review: z.enum(REVIEWS).optional(),
      chinaStatus: z.enum(CHINA_STATUSES).optional(),
      /** Condition kinds that must be among the answer's (revenue-share, tariff, domestic-purchase…). */
      conditions: z.array(z.enum(CONDITION_KINDS)).min(1).optional(),
    })
    .refine((e) => Object.keys(e).length > 0, { message: "expect at least one field of the answer" }),
  outcome: claimOutcomeSchema.optional(),
  note: z.string().min(1).optional(),
});

export const PERF_METRICS = [
  "outputTokensPerSec",
  "outputTokensPerSecPerChip",
  "tpotMs",
  "ttftMs",
  "joulesPerToken",
  "costUsdPerMTokens",
] as const;
export type PerfMetric = (typeof PERF_METRICS)[number];

/** Ask the performance model for one metric of a model on a chip and compare it with `value`. */
export const perfCheckSchema = z.strictObject({
  kind: z.literal("perf"),
  model: idSchema,
  chip: idSchema,
  precision: z.enum(["bf16", "fp8", "fp4", "int8", "int4"]).optional(),
  batch: z.number().int().positive().optional(),
  isl: z.number().int().positive().optional(),
  osl: z.number().int().positive().optional(),
  tp: z.number().int().positive().optional(),
  stack: z.enum(["trtllm", "vllm", "sglang", "pytorch"]).optional(),
  metric: z.enum(PERF_METRICS),
  op: comparisonSchema.exclude(["contains"]),
  value: z.number().finite(),
  tolerance,
  outcome: claimOutcomeSchema.optional(),
  note: z.string().min(1).optional(),
});

/** No check is possible: the reason says why (an opinion, a forecast, nothing sourced to hold it to). */
export const noneCheckSchema = z.strictObject({
  kind: z.literal("none"),
  reason: z.string().min(1),
  judgement: z.enum(["unverifiable", "plausible"]).optional(),
});

export const checkSchema = z.discriminatedUnion("kind", [
  catalogCheckSchema,
  arithmeticCheckSchema,
  sourceCheckSchema,
  evidenceCheckSchema,
  policyCheckSchema,
  perfCheckSchema,
  noneCheckSchema,
]);
export type Check = z.output<typeof checkSchema>;
export type CheckKind = Check["kind"];
export type CatalogCheck = z.output<typeof catalogCheckSchema>;
export type ArithmeticCheck = z.output<typeof arithmeticCheckSchema>;
export type SourceCheck = z.output<typeof sourceCheckSchema>;
export type EvidenceCheck = z.output<typeof evidenceCheckSchema>;
export type PolicyCheck = z.output<typeof policyCheckSchema>;
export type PerfCheck = z.output<typeof perfCheckSchema>;
export type NoneCheck = z.output<typeof noneCheckSchema>;

/**
 * One claim of a seed article, as written in `data/claims/<article>.yaml`: the claim in our words, where
 * it stands, the article as its source, its subject, quantity and date, how to check it (one check or a
 * list, combined) and the verdict the checks are expected to give — pinned, so a catalog change that
 * moves a verdict fails a test.
 */
export const claimRecordSchema = z.strictObject({
  id: idSchema,
  claim: z.string().min(10),
  where: whereSchema,
  source: sourceRefSchema,
  subject: subjectSchema,
  quantity: quantitySchema.optional(),
  refersTo: partialDateSchema,
  check: z
    .union([checkSchema, z.array(checkSchema).min(1)])
    .transform((c): Check[] => (Array.isArray(c) ? c : [c])),
  expected: verdictSchema,
  note: z.string().min(1).optional(),
});
export type ClaimRecord = z.output<typeof claimRecordSchema>;
/** A validated claim (the record as parsed: `check` is always a list). */
export type Claim = ClaimRecord;

export const claimsFileSchema = z.strictObject({ claims: z.array(claimRecordSchema) });
