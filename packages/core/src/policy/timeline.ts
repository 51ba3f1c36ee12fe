import type { Chip } from "../catalog/chip.js";
import { type ClassifyResult, classify, type VerdictCondition } from "./classify.js";
import type { ChinaStance, ChinaStatus, Eccn, EndUse, Review, Rule } from "./ruleSchema.js";
import { changeDates } from "./ruleStanding.js";

/** One change of a chip's status: the date it took effect and the verdict from then on. */
export interface TimelineEntry {
  readonly date: string;
  readonly eccn: Eccn;
  readonly paragraphs: readonly string[];
  readonly licenseRequired: boolean;
  readonly review: Review;
  readonly usConditions: readonly VerdictCondition[];
  readonly china: ChinaStatus;
  readonly chinaConditions: readonly VerdictCondition[];
  /** Rules that apply from this date but did not at the previous entry, and those that stopped. */
  readonly rulesAdded: readonly string[];
  readonly rulesDropped: readonly string[];
  readonly summary: string;
}

export interface TimelineOptions {
  readonly buyerHq?: string;
  readonly endUse?: EndUse;
  readonly chinaStance?: ChinaStance;
  /** First and last dates considered (inclusive); default from 2022-01-01 or the chip's launch if later, to 2026-12-31. */
  readonly from?: string;
  readonly until?: string;
}

const appliedRules = (r: ClassifyResult) => new Set([...r.us.rules, ...r.china.rules, ...r.ear.rules]);

const conditionKey = (c: VerdictCondition) => `${c.kind}:${c.percent ?? ""}:${c.rule}`;
const firm = (conditions: readonly VerdictCondition[]) => conditions.filter((c) => c.when === undefined);

/**
 * What counts as a change: the ECCN, the US review, China's status, the conditions that hold for sure
 * (not those hanging on an end use that was not given) and the set of rules that apply — so that a new
 * rule restating the same verdict (2022 → 2023 rule) still shows.
 */
function signature(r: ClassifyResult): string {
  const us = firm(r.us.conditions).map(conditionKey).sort().join(",");
  const cn = firm(r.china.conditions).map(conditionKey).sort().join(",");
  return [r.eccn, r.us.review, r.china.status, us, cn, [...appliedRules(r)].sort().join(",")].join("|");
}

function summarize(r: ClassifyResult): string {
  const tier =
    r.eccn === "none"
      ? "not 3A090"
      : `${r.eccn}${r.paragraphs.length > 0 ? ` (${r.paragraphs.join(", ")})` : ""}`;
  const review = r.us.licenseRequired
    ? `licence required, ${r.us.review}`
    : r.us.review === "notification"
      ? "no licence; notification"
      : r.us.domesticSale
        ? `no licence required (domestic sale; by parameters ${r.us.reviewByParameters})`
        : "no licence required";
  const extras = r.us.conditions
    .filter((c) => c.when === undefined && c.percent !== undefined)
    .map((c) => `${c.percent}% ${c.kind}`);
  return [tier, review, ...extras, `China: ${r.china.status}`].join("; ");
}

/** The first day to consider: 2022-01-01, or the chip's launch if later (`2024-11` → `2024-11-01`). */
function startOf(chip: Chip): string {
  const [year = "2022", month = "01", day = "01"] = chip.launched.split("-");
  const launched = `${year}-${month}-${day}`;
  return launched > "2022-01-01" ? launched : "2022-01-01";
}

/**
 * The sequence of status changes of `chip` exported to `to` over 2022–2026: the chip is classified on
 * the first day and on every date a rule starts, ends, reaches its compliance date or stops being
 * enforced; an entry is kept only when the verdict or the rules behind it differ from the previous one
 * (see {@link signature}).
 */
export function timeline(
  chip: Chip,
  rules: readonly Rule[],
  to: string,
  options: TimelineOptions = {},
): TimelineEntry[] {
  const from = options.from ?? startOf(chip);
  const until = options.until ?? "2026-12-31";
  const dates = [from, ...changeDates(rules).filter((d) => d > from && d <= until)];
  const entries: TimelineEntry[] = [];
  let previous: ClassifyResult | null = null;
  for (const date of dates) {
    const r = classify(chip, rules, {
      date,
      to,
      ...(options.buyerHq === undefined ? {} : { buyerHq: options.buyerHq }),
      ...(options.endUse === undefined ? {} : { endUse: options.endUse }),
      ...(options.chinaStance === undefined ? {} : { chinaStance: options.chinaStance }),
    });
    if (previous !== null && signature(previous) === signature(r)) continue;
    const before = previous === null ? new Set<string>() : appliedRules(previous);
    const now = appliedRules(r);
    entries.push({
      date,
      eccn: r.eccn,
      paragraphs: r.paragraphs,
      licenseRequired: r.us.licenseRequired,
      review: r.us.review,
      usConditions: r.us.conditions,
      china: r.china.status,
      chinaConditions: r.china.conditions,
      rulesAdded: [...now].filter((id) => !before.has(id)),
      rulesDropped: [...before].filter((id) => !now.has(id)),
      summary: summarize(r),
    });
    previous = r;
  }
  return entries;
}
