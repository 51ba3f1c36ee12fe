import { type Chip, PRECISION_BITS, type Precision } from "../catalog/chip.js";
import type { Confidence } from "../catalog/fact.js";
import { type Evaluation, evaluatePredicate, type Facts } from "./evaluatePredicate.js";
import { formatNumber } from "./format.js";
import { type ChipMetrics, chipMetrics } from "./metrics.js";
import {
  type ChinaStance,
  type ChinaStatus,
  type ConditionKind,
  type ConditionRecord,
  chinaRank,
  EAR_REACHES,
  type EarReach,
  type Eccn,
  type EndUse,
  eccnRank,
  RELAXATION_KINDS,
  REQUIREMENT_KINDS,
  type Review,
  type Rule,
  reviewRank,
  ruleConfidence,
} from "./ruleSchema.js";
import { ruleStanding } from "./ruleStanding.js";

/** The transaction to classify: when, to which country, for which buyer and end use. */
export interface ClassifyOptions {
  /** ISO date YYYY-MM-DD. */
  readonly date: string;
  /** ISO 3166-1 alpha-2 code of the destination. */
  readonly to: string;
  /** Where the buyer (or its ultimate parent) is headquartered; defaults to `to`. */
  readonly buyerHq?: string;
  readonly endUse?: EndUse;
  /** How to read China's reported import gates (default `strict`); see {@link ChinaStance}. */
  readonly chinaStance?: ChinaStance;
}

/** A condition attached to a verdict, with the rule it comes from. */
export interface VerdictCondition {
  readonly kind: ConditionKind;
  readonly text: string;
  readonly rule: string;
  readonly percent?: number;
  readonly days?: number;
  /** Set when the rule applies only if a fact that was not given holds ("end use is supercomputer"). */
  readonly when?: string;
}

export interface UsVerdict {
  readonly licenseRequired: boolean;
  readonly review: Review;
  /**
   * True when a chip designed outside the US is sold in its design country: no export or reexport
   * takes place, so the EAR's licence requirements do not attach (`review` is `none`, no conditions).
   */
  readonly domesticSale: boolean;
  /** The review the rules would impose by the chip's parameters alone (equals `review` unless a domestic sale). */
  readonly reviewByParameters: Review;
  readonly conditions: VerdictCondition[];
  /** Ids of the US rules that applied (classification included). */
  readonly rules: string[];
}

export interface ChinaVerdict {
  readonly status: ChinaStatus;
  /** The reading of China's gates that produced `status`. */
  readonly stance: ChinaStance;
  readonly conditions: VerdictCondition[];
  readonly rules: string[];
  /** Confidence of the measure that set the status (China's gates are reported, not published). */
  readonly confidence: Confidence | null;
}

/** Whether and how the EAR reaches the chip at all (always `yes` for US designs). */
export interface EarVerdict {
  readonly designedIn: string;
  readonly reach: EarReach;
  readonly basis: string[];
  readonly rules: string[];
}

/** The `dualtrack classify --json` document (DESIGN.md contract, plus metrics, `ear` and `sources`). */
export interface ClassifyResult {
  readonly chip: string;
  readonly date: string;
  readonly to: string;
  readonly buyerHq: string;
  readonly endUse: EndUse | null;
  readonly tpp: number | null;
  readonly tppPrecision: Precision | null;
  readonly tppPublished: number | null;
  readonly pd: number | null;
  readonly ioGBps: number | null;
  readonly memoryGBps: number | null;
  readonly eccn: Eccn;
  /** Every 3A090 paragraph met ("3A090.b.1", "3A090.b.2"); empty when excluded or none. */
  readonly paragraphs: string[];
  /** Paragraphs that could not be evaluated for lack of data (die area, TPP): the ECCN may be higher. */
  readonly unevaluated: string[];
  readonly us: UsVerdict;
  readonly china: ChinaVerdict;
  readonly ear: EarVerdict;
  /** Source ids of every rule the explanation cites, keyed by rule id. */
  readonly sources: Record<string, string[]>;
  readonly explanation: string[];
}

/** A licence requirement in force for this transaction and its current (possibly relaxed) review. */
interface Requirement {
  review: Review;
}

/** Everything the stages accumulate. */
class Ledger {
  readonly lines: string[] = [];
  /** Lines that close the explanation: the rules not in force on the date. */
  readonly trailer: string[] = [];
  readonly sources: Record<string, string[]> = {};
  readonly usRules: string[] = [];
  readonly usConditions: VerdictCondition[] = [];
  readonly chinaRules: string[] = [];
  readonly chinaConditions: VerdictCondition[] = [];
  readonly earRules: string[] = [];
  readonly earBasis: string[] = [];
  readonly requirements = new Map<string, Requirement>();

  cite(rule: Rule, evaluation: Evaluation, conclusion: string): void {
    this.sources[rule.id] = [...rule.source];
    const confidence = rule.jurisdiction === "CN" ? ` (${ruleConfidence(rule)})` : "";
    const because = evaluation.because.length === 0 ? "" : `${evaluation.because.join("; ")} `;
    this.lines.push(`[${rule.id}] ${rule.title}${confidence}: ${because}→ ${conclusion}`);
  }
}

const whenText = (evaluation: Evaluation) => evaluation.because.join("; ");

function conditionsOf(rule: Rule, when?: string): VerdictCondition[] {
  return (rule.outcome.conditions ?? []).map((c: ConditionRecord) => ({
    kind: c.kind,
    text: c.text,
    rule: rule.id,
    ...(c.percent === undefined ? {} : { percent: c.percent }),
    ...(c.days === undefined ? {} : { days: c.days }),
    ...(when === undefined ? {} : { when }),
  }));
}

function describeReview(review: Review): string {
  switch (review) {
    case "none":
      return "no licence required";
    case "notification":
      return "no licence required; prior notification to BIS";
    case "case-by-case":
      return "licence required, reviewed case by case";
    case "presumption-of-denial":
      return "licence required, presumption of denial";
  }
}

/** How a classification or exclusion rule reads in the explanation. */
function classificationConclusion(rule: Rule, truth: boolean | null): string {
  if (rule.kind === "exclusion") {
    return truth === true
      ? "excluded from 3A090"
      : truth === false
        ? "exclusion does not apply"
        : "cannot tell whether the exclusion applies";
  }
  const paragraph = rule.outcome.paragraph ?? rule.outcome.eccn ?? "3A090";
  return truth === true
    ? paragraph
    : truth === false
      ? `not ${paragraph}`
      : `cannot tell whether ${paragraph}`;
}

interface Classification {
  readonly eccn: Eccn;
  readonly paragraphs: string[];
  /** Paragraphs that could not be evaluated (missing die area or TPP), and their tiers. */
  readonly unevaluated: string[];
  readonly undecided: Eccn[];
}

/** Stage 1: the 3A090 paragraphs met and the Note 2 exclusion give the ECCN (highest tier wins). */
function classificationStage(rules: readonly Rule[], facts: Facts, ledger: Ledger): Classification {
  const paragraphs = new Set<string>();
  const open: string[] = [];
  const undecided: Eccn[] = [];
  let best: Eccn = "none";
  let excluded = false;
  const met: string[] = [];
  const exclusions: string[] = [];
  for (const rule of rules) {
    const ev = evaluatePredicate(rule.predicate, facts);
    ledger.cite(rule, ev, classificationConclusion(rule, ev.truth));
    if (rule.kind === "exclusion") {
      if (ev.truth === true) exclusions.push(rule.id);
      excluded ||= ev.truth === true;
      continue;
    }
    if (ev.truth === true) met.push(rule.id);
    const tier = rule.outcome.eccn ?? "3A090.a";
    const paragraph = rule.outcome.paragraph ?? tier;
    if (ev.truth === true) {
      paragraphs.add(paragraph);
      if (eccnRank(tier) > eccnRank(best)) best = tier;
    } else if (ev.truth === null) {
      open.push(paragraph);
      undecided.push(tier);
    }
  }
  const eccn: Eccn = excluded ? "none" : best;
  // An exclusion overrides the paragraphs met: only the exclusion is reported as applied.
  ledger.usRules.push(...(excluded ? exclusions : met));
  const shown = excluded || paragraphs.size === 0 ? "" : ` (${[...paragraphs].join(", ")})`;
  const why = excluded ? " — excluded by Note 2 to 3A090" : "";
  const unknown = excluded || open.length === 0 ? "" : `; not evaluable: ${open.join(", ")}`;
  ledger.lines.push(`ECCN: ${eccn}${shown}${why}${unknown}`);
  return {
    eccn,
    paragraphs: excluded ? [] : [...paragraphs],
    unevaluated: excluded ? [] : open,
    undecided: excluded ? [] : undecided,
  };
}

/** Stage 2: licence requirements (rules and is-informed letters) in force for this transaction. */
function requirementStage(rules: readonly Rule[], facts: Facts, ledger: Ledger): void {
  for (const rule of rules) {
    const ev = evaluatePredicate(rule.predicate, facts);
    const review = rule.outcome.review ?? "presumption-of-denial";
    if (ev.truth === true) {
      ledger.requirements.set(rule.id, { review });
      ledger.usRules.push(rule.id);
      ledger.usConditions.push(...conditionsOf(rule));
      ledger.cite(rule, ev, describeReview(review));
    } else if (ev.truth === null) {
      const when = whenText(ev);
      ledger.usConditions.push(
        { kind: "end-use", text: `${rule.title}: ${describeReview(review)}`, rule: rule.id, when },
        ...conditionsOf(rule, when),
      );
      ledger.cite(rule, ev, `applies only if that holds: ${describeReview(review)}`);
    } else ledger.cite(rule, ev, "does not apply");
  }
}

/** Stage 3: licence exceptions and review policies lower the review of the requirements they name. */
function relaxationStage(rules: readonly Rule[], facts: Facts, ledger: Ledger): void {
  for (const rule of rules) {
    const ev = evaluatePredicate(rule.predicate, facts);
    const review = rule.outcome.review ?? "case-by-case";
    const targets = (rule.outcome.relaxes ?? []).filter((id) => ledger.requirements.has(id));
    if (ev.truth === false) {
      ledger.cite(rule, ev, "does not apply");
      continue;
    }
    if (targets.length === 0) {
      ledger.cite(rule, ev, `nothing to relax (${(rule.outcome.relaxes ?? []).join(", ")} did not apply)`);
      continue;
    }
    if (ev.truth === null) {
      ledger.usConditions.push(...conditionsOf(rule, whenText(ev)));
      ledger.cite(rule, ev, `would relax ${targets.join(", ")} to ${review} if that holds`);
      continue;
    }
    const lowered = targets.filter((id) => {
      const req = ledger.requirements.get(id);
      if (req === undefined || reviewRank(review) >= reviewRank(req.review)) return false;
      req.review = review;
      return true;
    });
    if (lowered.length === 0) {
      ledger.cite(rule, ev, `no change: ${targets.join(", ")} already at or below ${review}`);
      continue;
    }
    ledger.usRules.push(rule.id);
    ledger.usConditions.push(...conditionsOf(rule));
    ledger.cite(rule, ev, `${lowered.join(", ")} relaxed to ${review}`);
  }
}

/** Stage 4: tariffs and guidance add conditions without changing the review. */
function conditionStage(rules: readonly Rule[], facts: Facts, ledger: Ledger): void {
  for (const rule of rules) {
    const ev = evaluatePredicate(rule.predicate, facts);
    if (ev.truth === true) {
      ledger.usRules.push(rule.id);
      ledger.usConditions.push(...conditionsOf(rule));
      ledger.cite(rule, ev, (rule.outcome.conditions ?? []).map((c) => c.text).join("; "));
    } else if (ev.truth === null) {
      ledger.usConditions.push(...conditionsOf(rule, whenText(ev)));
      ledger.cite(rule, ev, "applies only if that holds");
    } else ledger.cite(rule, ev, "does not apply");
  }
}

/** Stage 5: for chips designed outside the US, whether the EAR reaches them at all. */
function earStage(rules: readonly Rule[], facts: Facts, ledger: Ledger): EarReach {
  if (facts.chip.country === "US") {
    ledger.earBasis.push("designed in the US: US-origin technology, subject to the EAR wherever made");
    ledger.lines.push("EAR reach: yes — designed in the US; the verdict above applies directly");
    return "yes";
  }
  let reach: EarReach = "none";
  for (const rule of rules) {
    const ev = evaluatePredicate(rule.predicate, facts);
    const ear = rule.outcome.ear;
    if (ear === undefined) continue;
    if (ev.truth === true) {
      if (EAR_REACHES.indexOf(ear.reach) > EAR_REACHES.indexOf(reach)) reach = ear.reach;
      ledger.earRules.push(rule.id);
      ledger.earBasis.push(ear.basis);
      ledger.cite(rule, ev, `EAR reach ${ear.reach}: ${ear.basis}`);
    } else ledger.cite(rule, ev, ev.truth === false ? "does not apply" : "cannot tell");
  }
  const designed = `designed in ${facts.chip.country}`;
  ledger.lines.push(
    reach === "none"
      ? `EAR reach: none identified — ${designed}; the verdict above is by parameters only`
      : `EAR reach: ${reach} — ${designed}; the verdict above holds insofar as the EAR reaches the chip`,
  );
  return reach;
}

/** Stage 6: China's import-side gates, soft and reported, the most restrictive status wins. */
function chinaStage(
  rules: readonly Rule[],
  facts: Facts,
  stance: ChinaStance,
  ledger: Ledger,
): { status: ChinaStatus; confidence: Confidence | null } {
  let status: ChinaStatus = "allowed";
  let confidence: Confidence | null = null;
  for (const rule of rules) {
    const ev = evaluatePredicate(rule.predicate, facts);
    const gate =
      stance === "permissive" ? (rule.outcome.chinaPermissive ?? rule.outcome.china) : rule.outcome.china;
    if (ev.truth === true) {
      ledger.chinaRules.push(rule.id);
      ledger.chinaConditions.push(...conditionsOf(rule));
      // The most restrictive gate sets the status; its confidence goes with it.
      if (gate !== undefined && (confidence === null || chinaRank(gate) > chinaRank(status))) {
        status = gate;
        confidence = ruleConfidence(rule);
      }
      ledger.cite(rule, ev, gate === undefined ? "conditions added" : gate);
    } else if (ev.truth === null) {
      const when = whenText(ev);
      const extra: VerdictCondition[] =
        gate === undefined ? [] : [{ kind: "end-use", text: `${rule.title}: ${gate}`, rule: rule.id, when }];
      ledger.chinaConditions.push(...extra, ...conditionsOf(rule, when));
      ledger.cite(rule, ev, `applies only if that holds${gate === undefined ? "" : `: ${gate}`}`);
    } else ledger.cite(rule, ev, "does not apply");
  }
  return { status, confidence };
}

function metricLines(chip: Chip, m: ChipMetrics): string[] {
  const lines: string[] = [];
  const t = m.tpp;
  if (t === null) lines.push("TPP unknown: no dense throughput and no published TPP in the catalog");
  else if (t.basis === "published")
    lines.push(
      `TPP ${formatNumber(t.value)} (published figure; the catalog has no dense rates to compute it)`,
    );
  else {
    const published =
      t.published === null
        ? ""
        : t.disagrees
          ? `; published TPP ${formatNumber(t.published)} differs — the computed value decides`
          : `; published ${formatNumber(t.published)} agrees`;
    const ties = t.tiedWith.map((p) => `${p} ${formatNumber(chip.dense[p] ?? 0)} × ${PRECISION_BITS[p]}`);
    const also = ties.length === 0 ? "" : `, also ${ties.join(", ")}`;
    lines.push(
      `TPP ${formatNumber(t.value)} = ${t.precision} ${formatNumber(t.rateTops ?? 0)} × ${t.bits} bits (dense, maximum over precisions${also})${published}`,
    );
  }
  lines.push(
    m.pd === null
      ? `PD unknown: ${t === null ? "TPP unknown" : "applicable die area unknown"}`
      : `PD ${formatNumber(m.pd)} = TPP ${formatNumber(t?.value ?? 0)} / ${formatNumber(chip.dieMm2 ?? 0)} mm² applicable die area`,
  );
  const io =
    m.ioGBps.kind === "value"
      ? `${formatNumber(m.ioGBps.value)} GB/s${m.ioGBps.bound === "exact" ? "" : " (scale-up link only: at least)"}`
      : "unknown";
  const dram = m.memoryGBps === null ? "unknown" : `${formatNumber(m.memoryGBps)} GB/s`;
  const scaleUp = m.scaleUpGBps === null ? "unknown" : `${formatNumber(m.scaleUpGBps)} GB/s`;
  lines.push(`aggregate I/O ${io}; DRAM bandwidth ${dram}; scale-up ${scaleUp}`);
  return lines;
}

function notInForceLines(rules: readonly Rule[], date: string, ledger: Ledger): Rule[] {
  const active: Rule[] = [];
  const later: string[] = [];
  const ended: string[] = [];
  for (const rule of rules) {
    const s = ruleStanding(rule, date);
    if (s.phase === "in-force") active.push(rule);
    else if (s.phase === "not-enforced") {
      ledger.sources[rule.id] = [...rule.source];
      ledger.lines.push(`[${rule.id}] ${rule.title}: ${s.why} → not applied`);
    } else if (s.phase === "future") later.push(rule.id);
    else ended.push(`${rule.id} (${s.why})`);
  }
  if (ended.length > 0) ledger.trailer.push(`Ended before ${date}: ${ended.join(", ")}`);
  if (later.length > 0) ledger.trailer.push(`Not yet in force on ${date}: ${later.join(", ")}`);
  return active;
}

const ofKinds = (rules: readonly Rule[], kinds: readonly string[]) =>
  rules.filter((r) => kinds.includes(r.kind));

/**
 * Classifies one chip for one transaction under the rules in force on `date`, in six stages: (1) the
 * 3A090 paragraphs met by the chip's TPP, PD and (2022) I/O, minus the Note 2 exclusion, give the ECCN
 * (highest tier wins); (2) licence requirements and is-informed letters whose predicates hold impose a
 * review policy; (3) licence exceptions (NAC) and review policies (the 2025 licences, the 2026
 * case-by-case rule) lower the review of the requirements they name; (4) tariffs and guidance add
 * conditions; (5) for chips designed outside the US, Entity List, FDP and guidance rules say whether the
 * EAR reaches them; (6) China's import gates give its status (most restrictive wins). The US review is
 * the most restrictive remaining requirement; a licence is required at case-by-case or above. A chip
 * designed outside the US and sold in its design country is no export: stages 2–4 are explained "by
 * parameters only" and the US review is `none` (`us.domesticSale`).
 * Predicates on facts not given (die area, end use) are unknown: such rules add conditions marked
 * `when`. The explanation lists every rule considered, with the numbers compared.
 */
export function classify(chip: Chip, rules: readonly Rule[], options: ClassifyOptions): ClassifyResult {
  const buyerHq = options.buyerHq ?? options.to;
  const endUse = options.endUse ?? null;
  const stance = options.chinaStance ?? "strict";
  const metrics = chipMetrics(chip);
  const ledger = new Ledger();
  const use = endUse === null ? "" : `, end use ${endUse}`;
  ledger.lines.push(
    `${chip.name} (${chip.id}), designed in ${chip.country}, ${chip.datacenter ? "a datacenter part" : "not a datacenter part"}; export on ${options.date} to ${options.to}, buyer HQ ${buyerHq}${use}`,
  );
  ledger.lines.push(...metricLines(chip, metrics));
  const active = notInForceLines(rules, options.date, ledger);
  const base: Facts = { chip, metrics, to: options.to, buyerHq, endUse, eccn: null, eccnUndecided: [] };
  const us = active.filter((r) => r.jurisdiction === "US");
  const { eccn, paragraphs, unevaluated, undecided } = classificationStage(
    ofKinds(us, ["classification", "exclusion"]),
    base,
    ledger,
  );
  const facts: Facts = { ...base, eccn, eccnUndecided: undecided };
  const domesticSale = chip.country !== "US" && options.to === chip.country;
  // A domestic sale of a foreign design is no export: the licence stages run on a scratch ledger so
  // the explanation still shows the by-parameters reading, but nothing from them enters the verdict.
  const usLedger = domesticSale ? new Ledger() : ledger;
  requirementStage(ofKinds(us, REQUIREMENT_KINDS), facts, usLedger);
  relaxationStage(ofKinds(us, RELAXATION_KINDS), facts, usLedger);
  conditionStage(
    us.filter((r) => r.kind === "tariff" || (r.kind === "guidance" && r.outcome.ear === undefined)),
    facts,
    usLedger,
  );
  let reviewByParameters: Review = "none";
  for (const req of usLedger.requirements.values())
    if (reviewRank(req.review) > reviewRank(reviewByParameters)) reviewByParameters = req.review;
  const review: Review = domesticSale ? "none" : reviewByParameters;
  const licenseRequired = reviewRank(review) >= reviewRank("case-by-case");
  if (domesticSale) {
    Object.assign(ledger.sources, usLedger.sources);
    ledger.lines.push(
      ...usLedger.lines.map((line) => `(by parameters only) ${line}`),
      `US verdict: no licence required — ${chip.name} is designed in ${chip.country} and sold in ${options.to}: a domestic sale, not an export or reexport, so the EAR's licence requirements do not attach (by parameters: ${describeReview(reviewByParameters)}); see EAR reach below for Entity List and FDP exposure`,
    );
  } else ledger.lines.push(`US verdict: ${describeReview(review)}`);
  const reach = earStage(
    us.filter((r) => r.outcome.ear !== undefined),
    facts,
    ledger,
  );
  const china = chinaStage(
    active.filter((r) => r.jurisdiction === "CN"),
    facts,
    stance,
    ledger,
  );
  ledger.lines.push(
    `China (${stance} reading of reported gates): ${china.status}${china.confidence === null ? "" : ` (${china.confidence})`}`,
    ...ledger.trailer,
  );
  return {
    chip: chip.id,
    date: options.date,
    to: options.to,
    buyerHq,
    endUse,
    tpp: metrics.tpp?.value ?? null,
    tppPrecision: metrics.tpp?.precision ?? null,
    tppPublished: metrics.tpp?.published ?? null,
    pd: metrics.pd,
    ioGBps: metrics.ioGBps.kind === "value" ? metrics.ioGBps.value : null,
    memoryGBps: metrics.memoryGBps,
    eccn,
    paragraphs,
    unevaluated,
    us: {
      licenseRequired,
      review,
      domesticSale,
      reviewByParameters,
      conditions: ledger.usConditions,
      rules: ledger.usRules,
    },
    china: {
      status: china.status,
      stance,
      conditions: ledger.chinaConditions,
      rules: ledger.chinaRules,
      confidence: china.confidence,
    },
    ear: { designedIn: chip.country, reach, basis: ledger.earBasis, rules: ledger.earRules },
    sources: ledger.sources,
    explanation: ledger.lines,
  };
}
