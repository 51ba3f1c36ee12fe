import { z } from "zod";

/**
 * How far a number can be trusted. `vendor`: datasheet, filing or other first-party statement;
 * `reported`: reputable press or analyst; `estimate`: derived (the fact's note shows the working);
 * `low`: a single weak or aggregator source.
 */
export const confidenceSchema = z.enum(["vendor", "reported", "estimate", "low"]);
export type Confidence = z.infer<typeof confidenceSchema>;

/** A source id, or a list of them, normalised to a non-empty list. */
export const sourceRefSchema = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((ids) => (typeof ids === "string" ? [ids] : ids));

const alternativeSchema = z.strictObject({
  value: z.number().finite(),
  source: sourceRefSchema,
  confidence: confidenceSchema,
  note: z.string().optional(),
});

function factShape() {
  return {
    value: z.number().finite(),
    source: sourceRefSchema,
    confidence: confidenceSchema,
    note: z.string().min(1).optional(),
    alternatives: z.array(alternativeSchema).optional(),
  };
}

const noBareNumbers = {
  error: (issue: { input?: unknown }) =>
    typeof issue.input === "number"
      ? `the number ${issue.input} has no source: write { value: ${issue.input}, source: <source id>, confidence: vendor|reported|estimate|low }`
      : undefined,
};

/** Estimates must show their working: a fact tagged `estimate` without a note is rejected. */
function estimatesHaveNotes(
  fact: { confidence: Confidence; note?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (fact.confidence === "estimate" && fact.note === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["note"],
      message: "an estimate needs a note with its working",
    });
  }
}

/** A sourced number: `{ value, source, confidence, note?, alternatives? }`. */
export const factSchema = z.strictObject(factShape(), noBareNumbers).superRefine(estimatesHaveNotes);
export type Fact = z.output<typeof factSchema>;

/** A sourced price in US dollars of a stated year. */
export const priceFactSchema = z
  .strictObject({ ...factShape(), year: z.number().int().min(1990).max(2100) }, noBareNumbers)
  .superRefine(estimatesHaveNotes);
export type PriceFact = z.output<typeof priceFactSchema>;

/** Dates as written in data/: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a bare YAML year arrives as a number). */
export const partialDateSchema = z
  .union([z.string(), z.number().int()])
  .transform((d) => String(d))
  .pipe(
    z
      .string()
      .regex(
        /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/,
        "expected a date as YYYY, YYYY-MM or YYYY-MM-DD",
      ),
  );
