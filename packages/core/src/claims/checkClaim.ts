import type { Catalog } from "../catalog/catalog.js";
import type { Chip } from "../catalog/chip.js";
import type { Model } from "../catalog/model.js";
import type {
  ArithmeticCheck,
  ArithmeticVar,
  CatalogCheck,
  Check,
  CheckKind,
  Claim,
  ClaimOutcome,
  Comparison,
  EvidenceCheck,
  NoneCheck,
  PerfCheck,
  PolicyCheck,
  SourceCheck,
  Verdict,
} from "./claimSchema.js";
import type { PerfEvaluator, PolicyAnswer, PolicyEvaluator } from "./evaluators.js";
import { ExpressionError, evaluateExpression, formatExpression, parseExpression } from "./expression.js";

/** What checking a claim may consult: the catalog always; the policy engine and perf model once plugged in. */
export interface ClaimContext {
  readonly catalog: Pick<Catalog, "chips" | "models">;
  readonly policy?: PolicyEvaluator;
  readonly perf?: PerfEvaluator;
}

/** The outcome of one check: its verdict and the numbers behind it. */
export interface CheckResult {
  readonly kind: CheckKind;
  readonly verdict: Verdict;
  readonly reasons: string[];
}

export interface ClaimVerdict {
  readonly verdict: Verdict;
  /** Every check's reasons in order, each prefixed by its kind, then how they combined when there are several. */
  readonly reasons: string[];
  readonly checks: CheckResult[];
}

const DEFAULT_OUTCOME: ClaimOutcome = { pass: "supported", fail: "contradicted" };

/**
 * Formats a number for a reason: five significant digits, thousands separators, en-US whatever the
 * locale (`15832` → "15,832", `1.036364` → "1.0364", `0.0125647` → "0.012565").
 */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e21 || Math.abs(x) < 1e-6)) return x.toExponential(3);
  const rounded = Math.abs(x) >= 1e5 ? Math.round(x) : Number(x.toPrecision(5));
  return rounded.toLocaleString("en-US", { maximumFractionDigits: 10 });
}

const OP_TEXT: Readonly<Record<Comparison, string>> = {
  eq: "=",
  ne: "≠",
  lt: "<",
  le: "≤",
  gt: ">",
  ge: "≥",
  contains: "contains",
};

/** The claimed side of a comparison, with its tolerance: "48 (±5%)". */
function claimedText(value: number | string | boolean, tolerance: number | undefined): string {
  const shown = typeof value === "number" ? formatValue(value) : JSON.stringify(value);
  return tolerance === undefined || tolerance === 0 ? shown : `${shown} (±${formatValue(tolerance * 100)}%)`;
}

/**
 * Compares a found value with a claimed one: numbers with a relative tolerance (eq/ne within it; le/ge
 * stretched by it; lt/gt strict), text case-insensitively (eq, ne, contains), booleans exactly.
 * `undefined` when the two cannot be compared (a number against text).
 */
export function compare(
  found: number | string | boolean,
  op: Comparison,
  claimed: number | string | boolean,
  tolerance = 0,
): boolean | undefined {
  if (typeof found === "number" && typeof claimed === "number") {
    const slack = tolerance * Math.abs(claimed) + 1e-9 * Math.max(Math.abs(claimed), Math.abs(found));
    switch (op) {
      case "eq":
        return Math.abs(found - claimed) <= slack;
      case "ne":
        return Math.abs(found - claimed) > slack;
      case "lt":
        return found < claimed;
      case "le":
        return found <= claimed + slack;
      case "gt":
        return found > claimed;
      case "ge":
        return found >= claimed - slack;
      case "contains":
        return undefined;
    }
  }
  if (typeof found === "string" && typeof claimed === "string") {
    const a = found.toLowerCase();
    const b = claimed.toLowerCase();
    if (op === "eq") return a === b;
    if (op === "ne") return a !== b;
    if (op === "contains") return a.includes(b);
    return undefined;
  }
  if (typeof found === "boolean" && typeof claimed === "boolean") {
    if (op === "eq") return found === claimed;
    if (op === "ne") return found !== claimed;
  }
  return undefined;
}

/** A field of a published chip or model by dotted path; `undefined` when absent, null or not a scalar. */
export function fieldValue(record: Chip | Model, path: string): number | string | boolean | undefined {
  let here: unknown = record;
  for (const key of path.split(".")) {
    if (here === null || typeof here !== "object") return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return typeof here === "number" || typeof here === "string" || typeof here === "boolean" ? here : undefined;
}

/** "[vendor: a, b]" from the provenance maps of a chip or model, looking up the path and its parents. */
function provenance(record: Chip | Model, path: string): string {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join(".");
    const sources = record.sources[key];
    if (sources !== undefined) {
      const confidence = record.confidence[key];
      return ` [${confidence === undefined ? "" : `${confidence}: `}${sources.join(", ")}]`;
    }
  }
  const all = record.sources["*"];
  return all === undefined ? "" : ` [${all.join(", ")}]`;
}

function findRecord(
  catalog: ClaimContext["catalog"],
  ref: { chip?: string | undefined; model?: string | undefined },
): { record: Chip | Model; label: string } | string {
  if (ref.chip !== undefined) {
    const chip = catalog.chips.find((c) => c.id === ref.chip);
    return chip === undefined
      ? `the catalog has no chip '${ref.chip}'`
      : { record: chip, label: `chip ${chip.id}` };
  }
  const model = catalog.models.find((m) => m.id === ref.model);
  return model === undefined
    ? `the catalog has no model '${ref.model ?? ""}'`
    : { record: model, label: `model ${model.id}` };
}

function decide(pass: boolean, outcome: ClaimOutcome | undefined): { verdict: Verdict; text: string } {
  const o = outcome ?? DEFAULT_OUTCOME;
  const verdict = pass ? o.pass : o.fail;
  return { verdict, text: `${pass ? "holds" : "does not hold"} → ${verdict}` };
}

function unverifiable(kind: CheckKind, reason: string): CheckResult {
  return { kind, verdict: "unverifiable", reasons: [reason] };
}

function claimedValue<T extends number | string | boolean>(
  value: T | undefined,
  claim: Claim,
): T | number | undefined {
  return value ?? claim.quantity?.value;
}

function checkCatalog(check: CatalogCheck, claim: Claim, ctx: ClaimContext): CheckResult {
  const found = findRecord(ctx.catalog, check);
  if (typeof found === "string") return unverifiable("catalog", found);
  const value = fieldValue(found.record, check.field);
  if (value === undefined)
    return unverifiable("catalog", `the catalog records no ${check.field} for ${found.label}`);
  const claimed = claimedValue(check.value, claim);
  if (claimed === undefined) return unverifiable("catalog", "no claimed value to compare");
  const result = compare(value, check.op, claimed, check.tolerance);
  const shown = typeof value === "number" ? formatValue(value) : JSON.stringify(value);
  const head = `${found.label} ${check.field} = ${shown}${provenance(found.record, check.field)}`;
  if (result === undefined)
    return unverifiable("catalog", `${head} cannot be compared with ${claimedText(claimed, undefined)}`);
  const { verdict, text } = decide(result, check.outcome);
  let gap = "";
  if (
    typeof value === "number" &&
    typeof claimed === "number" &&
    claimed !== 0 &&
    check.op === "eq" &&
    !result
  )
    gap = ` (the catalog is ${formatValue(value / claimed)}× the claim)`;
  const reasons = [
    `${head}; the claim needs ${check.field} ${OP_TEXT[check.op]} ${claimedText(claimed, check.tolerance)}${gap}: ${text}`,
  ];
  if (check.note !== undefined) reasons.push(check.note);
  return { kind: "catalog", verdict, reasons };
}

function resolveVar(
  name: string,
  spec: ArithmeticVar,
  ctx: ClaimContext,
): { value: number; text: string } | string {
  if ("value" in spec) {
    const sources = spec.source === undefined ? "" : spec.source.join(", ");
    const tag = [spec.confidence, sources].filter((s) => s !== undefined && s !== "").join(": ");
    const note = spec.note === undefined ? "" : ` — ${spec.note}`;
    return {
      value: spec.value,
      text: `${name} = ${formatValue(spec.value)}${tag === "" ? "" : ` [${tag}]`}${note}`,
    };
  }
  const found = findRecord(ctx.catalog, "chip" in spec ? { chip: spec.chip } : { model: spec.model });
  if (typeof found === "string") return found;
  const value = fieldValue(found.record, spec.field);
  if (typeof value !== "number") return `the catalog records no numeric ${spec.field} for ${found.label}`;
  return {
    value,
    text: `${name} = ${formatValue(value)} (${found.label} ${spec.field}${provenance(found.record, spec.field)})`,
  };
}

function checkArithmetic(check: ArithmeticCheck, claim: Claim, ctx: ClaimContext): CheckResult {
  const reasons: string[] = [];
  const values: Record<string, number> = {};
  for (const [name, spec] of Object.entries(check.vars)) {
    const resolved = resolveVar(name, spec, ctx);
    if (typeof resolved === "string") return unverifiable("arithmetic", resolved);
    values[name] = resolved.value;
    reasons.push(resolved.text);
  }
  const claimed = claimedValue(check.value, claim);
  if (claimed === undefined) return unverifiable("arithmetic", "no claimed value to compare");
  let result: number;
  let expression: ReturnType<typeof parseExpression>;
  try {
    expression = parseExpression(check.expression);
    result = evaluateExpression(expression, values);
  } catch (error) {
    const message = error instanceof ExpressionError ? error.message : String(error);
    return unverifiable("arithmetic", `cannot evaluate ${check.expression}: ${message}`);
  }
  const unit = check.unit === undefined ? "" : ` ${check.unit}`;
  const substituted = formatExpression(expression, (name) => formatValue(values[name] ?? Number.NaN));
  const pass = compare(result, check.op, claimed, check.tolerance) ?? false;
  const { verdict, text } = decide(pass, check.outcome);
  reasons.push(
    `${formatExpression(expression)} = ${substituted} = ${formatValue(result)}${unit}; compared with the claim: ${formatValue(result)} ${OP_TEXT[check.op]} ${claimedText(claimed, check.tolerance)} ${text}`,
  );
  if (check.note !== undefined) reasons.push(check.note);
  return { kind: "arithmetic", verdict, reasons };
}

function checkSource(check: SourceCheck, claim: Claim): CheckResult {
  const claimed = claimedValue(check.value, claim);
  if (claimed === undefined) return unverifiable("source", "no claimed value to compare");
  const [chosen, ...others] = check.facts;
  if (chosen === undefined) return unverifiable("source", "no sourced figure");
  const factText = (f: typeof chosen) =>
    `${formatValue(f.value)}${f.unit === undefined ? "" : ` ${f.unit}`}${f.refersTo === undefined ? "" : ` (${f.refersTo})`} [${f.confidence}: ${f.source.join(", ")}]${f.note === undefined ? "" : ` — ${f.note}`}`;
  const pass = compare(chosen.value, check.op, claimed, check.tolerance) ?? false;
  const { verdict, text } = decide(pass, check.outcome);
  const reasons = [
    `sourced figure ${factText(chosen)}; the claim needs it ${OP_TEXT[check.op]} ${claimedText(claimed, check.tolerance)}: ${text}`,
  ];
  for (const other of others) {
    const agrees = compare(other.value, check.op, claimed, check.tolerance) ?? false;
    reasons.push(`other figure ${factText(other)} (${agrees ? "agrees" : "disagrees"})`);
  }
  if (check.note !== undefined) reasons.push(check.note);
  return { kind: "source", verdict, reasons };
}

function checkEvidence(check: EvidenceCheck): CheckResult {
  const reasons = [
    `judged ${check.judgement} on the evidence:`,
    ...check.evidence.map((e) => `${e.says} [${e.confidence}: ${e.source.join(", ")}]`),
  ];
  if (check.note !== undefined) reasons.push(check.note);
  return { kind: "evidence", verdict: check.judgement, reasons };
}

function checkPolicy(check: PolicyCheck, ctx: ClaimContext): CheckResult {
  const asked = `${check.chip} on ${check.date} to ${check.to}${check.buyerHq === undefined ? "" : ` (buyer HQ ${check.buyerHq})`}`;
  const expected = Object.entries(check.expect)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join("+") : String(v)}`)
    .join(", ");
  if (ctx.policy === undefined)
    return unverifiable("policy", `needs the policy engine: expects ${expected} for ${asked}`);
  let answer: PolicyAnswer | undefined;
  try {
    answer = ctx.policy({
      chip: check.chip,
      date: check.date,
      to: check.to,
      ...(check.buyerHq === undefined ? {} : { buyerHq: check.buyerHq }),
    });
  } catch (error) {
    return unverifiable(
      "policy",
      `the policy engine failed on ${asked}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (answer === undefined) return unverifiable("policy", `the policy engine has no answer for ${asked}`);
  const got = answer;
  const mismatches: string[] = [];
  const matches: string[] = [];
  const test = (field: string, want: string | boolean | undefined, have: string | boolean) => {
    if (want === undefined) return;
    (want === have ? matches : mismatches).push(`${field} ${String(have)} (expected ${String(want)})`);
  };
  test("eccn", check.expect.eccn, got.eccn);
  test("licenseRequired", check.expect.licenseRequired, got.licenseRequired);
  test("review", check.expect.review, got.review);
  test("chinaStatus", check.expect.chinaStatus, got.chinaStatus);
  for (const kind of check.expect.conditions ?? []) {
    (got.conditions.includes(kind) ? matches : mismatches).push(
      `condition ${kind} ${got.conditions.includes(kind) ? "present" : "absent"}`,
    );
  }
  const { verdict, text } = decide(mismatches.length === 0, check.outcome);
  const rules = got.rules === undefined || got.rules.length === 0 ? "" : ` (rules: ${got.rules.join(", ")})`;
  const reasons = [`policy engine for ${asked}: ${[...matches, ...mismatches].join("; ")}${rules}: ${text}`];
  if (check.note !== undefined) reasons.push(check.note);
  return { kind: "policy", verdict, reasons };
}

function checkPerf(check: PerfCheck, ctx: ClaimContext): CheckResult {
  const { kind: _k, metric, op, value, tolerance, outcome, note, ...query } = check;
  const config = Object.entries(query)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(", ");
  if (ctx.perf === undefined)
    return unverifiable(
      "perf",
      `needs the performance model: expects ${metric} ${OP_TEXT[op]} ${claimedText(value, tolerance)} for ${config}`,
    );
  let answer: ReturnType<PerfEvaluator>;
  try {
    answer = ctx.perf(query);
  } catch (error) {
    return unverifiable(
      "perf",
      `the performance model failed on ${config}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const found = answer?.[metric];
  if (answer === undefined || found === undefined)
    return unverifiable("perf", `the performance model gives no ${metric} for ${config}`);
  const pass = compare(found, op, value, tolerance) ?? false;
  const { verdict, text } = decide(pass, outcome);
  const bound = answer.bound === undefined ? "" : ` (${answer.bound})`;
  const reasons = [
    `performance model for ${config}: ${metric} = ${formatValue(found)}${bound}; compared with ${OP_TEXT[op]} ${claimedText(value, tolerance)}: ${text}`,
  ];
  if (note !== undefined) reasons.push(note);
  return { kind: "perf", verdict, reasons };
}

function checkNone(check: NoneCheck): CheckResult {
  return { kind: "none", verdict: check.judgement ?? "unverifiable", reasons: [check.reason] };
}

/** Runs one check of a claim. */
export function runCheck(check: Check, claim: Claim, ctx: ClaimContext): CheckResult {
  switch (check.kind) {
    case "catalog":
      return checkCatalog(check, claim, ctx);
    case "arithmetic":
      return checkArithmetic(check, claim, ctx);
    case "source":
      return checkSource(check, claim);
    case "evidence":
      return checkEvidence(check);
    case "policy":
      return checkPolicy(check, ctx);
    case "perf":
      return checkPerf(check, ctx);
    case "none":
      return checkNone(check);
  }
}

/**
 * Combines the verdicts of a claim's checks. Checks that could not decide (`unverifiable`: an engine not
 * plugged in, a field the catalog lacks) are set aside; of the rest, any `contradicted` wins, all
 * `supported` give `supported`, and any other mix is `plausible`. With nothing decided, `unverifiable`.
 */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  const decided = verdicts.filter((v) => v !== "unverifiable");
  if (decided.length === 0) return "unverifiable";
  if (decided.includes("contradicted")) return "contradicted";
  if (decided.every((v) => v === "supported")) return "supported";
  return "plausible";
}

/**
 * Checks a claim: runs each of its checks against the catalog (and the policy engine and performance
 * model when given), and combines their verdicts ({@link combineVerdicts}). The reasons show the numbers
 * compared, each prefixed by the kind of check that produced it.
 */
export function checkClaim(claim: Claim, ctx: ClaimContext): ClaimVerdict {
  const checks = claim.check.map((c) => runCheck(c, claim, ctx));
  const verdict = combineVerdicts(checks.map((c) => c.verdict));
  const reasons = checks.flatMap((c) => c.reasons.map((r) => `${c.kind}: ${r}`));
  if (checks.length > 1) {
    const counts = new Map<Verdict, number>();
    for (const c of checks) counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1);
    const tally = [...counts].map(([v, n]) => `${n} ${v}`).join(", ");
    const disagree =
      verdict === "contradicted" && counts.has("supported")
        ? "; the checks disagree, and a contradiction wins"
        : "";
    reasons.push(`combined: ${tally} → ${verdict}${disagree}`);
  }
  return { verdict, reasons, checks };
}
