import {
  type Catalog,
  type Chip,
  changeDates,
  chinaRank,
  classify,
  eccnRank,
  PRECISIONS,
  type Rule,
  reviewRank,
  timeline,
} from "@dualtrack/core";
import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect } from "vitest";
import { loadPolicyFixture } from "./policyFixture.js";

let catalog: Catalog;
let rules: Rule[];
beforeAll(async () => {
  ({ catalog, rules } = await loadPolicyFixture());
});

/** Multiplies every dense rate (and the published TPP) by `k`: the same chip, only faster. */
function faster(chip: Chip, k: number): Chip {
  const dense: Chip["dense"] = {};
  for (const p of PRECISIONS) {
    const rate = chip.dense[p];
    if (rate !== undefined) dense[p] = rate * k;
  }
  return { ...chip, dense, tppPublished: chip.tppPublished === null ? null : chip.tppPublished * k };
}

const DESTINATIONS = ["CN", "HK", "MO", "RU", "SG", "SA", "AE", "US", "FR", "IN"] as const;
const dateArb = fc
  .date({ min: new Date("2022-01-01T00:00:00Z"), max: new Date("2026-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
/** Dates on which some rule changes are the likeliest places for a monotonicity bug: sample them too. */
const edgeDateArb = () => fc.constantFrom(...changeDates(rules));
const txArb = () =>
  fc.record({
    chip: fc.nat({ max: catalog.chips.length - 1 }),
    date: fc.oneof(dateArb, edgeDateArb()),
    to: fc.constantFrom(...DESTINATIONS),
    buyerHq: fc.constantFrom(...DESTINATIONS),
    stance: fc.constantFrom("strict" as const, "permissive" as const),
  });

/** How controlled a verdict is, compared field by field. */
function ranks(
  chip: Chip,
  tx: { date: string; to: string; buyerHq: string; stance: "strict" | "permissive" },
) {
  const r = classify(chip, rules, { date: tx.date, to: tx.to, buyerHq: tx.buyerHq, chinaStance: tx.stance });
  return { eccn: eccnRank(r.eccn), review: reviewRank(r.us.review), china: chinaRank(r.china.status), r };
}

const chipAt = (i: number): Chip => {
  const chip = catalog.chips[i];
  if (chip === undefined) throw new Error(`no chip at ${i}`);
  return chip;
};

describe("policy invariants over the real catalog and rules", () => {
  test.prop([fc.constant(null).chain(() => txArb()), fc.double({ min: 1, max: 30, noNaN: true })], {
    numRuns: 200,
  })("raising a chip's throughput never makes it less controlled on the same date", (tx, k) => {
    const base = chipAt(tx.chip);
    const before = ranks(base, tx);
    const after = ranks(faster(base, k), tx);
    expect(after.eccn).toBeGreaterThanOrEqual(before.eccn);
    expect(after.review).toBeGreaterThanOrEqual(before.review);
    expect(after.china).toBeGreaterThanOrEqual(before.china);
  });

  test.prop([fc.constant(null).chain(() => txArb()), fc.double({ min: 0.2, max: 1, noNaN: true })], {
    numRuns: 200,
  })("shrinking the applicable die area (raising PD) never makes a chip less controlled", (tx, f) => {
    const base = chipAt(tx.chip);
    if (base.dieMm2 === null) return;
    const before = ranks(base, tx);
    const after = ranks({ ...base, dieMm2: base.dieMm2 * f }, tx);
    expect(after.eccn).toBeGreaterThanOrEqual(before.eccn);
    expect(after.review).toBeGreaterThanOrEqual(before.review);
  });

  test.prop([fc.constant(null).chain(() => txArb())], { numRuns: 200 })(
    "the permissive reading of China's gates is never stricter than the strict one",
    (tx) => {
      const chip = chipAt(tx.chip);
      const strict = ranks(chip, { ...tx, stance: "strict" });
      const permissive = ranks(chip, { ...tx, stance: "permissive" });
      expect(permissive.china).toBeLessThanOrEqual(strict.china);
      expect(permissive.review).toBe(strict.review);
    },
  );

  test.prop([fc.constant(null).chain(() => txArb())], { numRuns: 200 })(
    "every rule id in a verdict or its explanation resolves to sources, and the answer is deterministic",
    (tx) => {
      const chip = chipAt(tx.chip);
      const { r } = ranks(chip, tx);
      const cited = r.explanation.flatMap((line) =>
        [...line.matchAll(/^(?:\(by parameters only\) )?\[([a-z0-9-]+)\]/g)].map((m) => m[1]),
      );
      for (const id of [...cited, ...r.us.rules, ...r.china.rules, ...r.ear.rules]) {
        expect(r.sources[id ?? ""]?.length ?? 0).toBeGreaterThan(0);
      }
      expect(r.us.licenseRequired).toBe(
        r.us.review === "case-by-case" || r.us.review === "presumption-of-denial",
      );
      expect(JSON.stringify(ranks(chip, tx).r)).toBe(JSON.stringify(r));
    },
  );

  test.prop([fc.constant(null).chain(() => txArb())], { numRuns: 200 })(
    "only a foreign design sold in its design country escapes the US review, and never by more than the parameters say",
    (tx) => {
      const chip = chipAt(tx.chip);
      const { r } = ranks(chip, tx);
      expect(r.us.domesticSale).toBe(chip.country !== "US" && tx.to === chip.country);
      expect(reviewRank(r.us.reviewByParameters)).toBeGreaterThanOrEqual(reviewRank(r.us.review));
      if (r.us.domesticSale) {
        expect(r.us.review).toBe("none");
        expect(r.us.conditions).toEqual([]);
      } else expect(r.us.review).toBe(r.us.reviewByParameters);
      // Rules scoped to US designs never apply to a chip designed elsewhere.
      if (chip.country !== "US")
        for (const id of ["us-2026-01-case-by-case", "us-2026-01-s232-band-1", "us-2026-01-s232-band-2"])
          expect(r.us.rules).not.toContain(id);
    },
  );

  test.prop([fc.nat(), fc.constantFrom(...DESTINATIONS)], { numRuns: 25 })(
    "a timeline is sorted, has no repeated dates, and agrees with classify on each entry's date",
    (i, to) => {
      const chip = chipAt(i % catalog.chips.length);
      const entries = timeline(chip, rules, to);
      expect(entries.length).toBeGreaterThan(0);
      const dates = entries.map((e) => e.date);
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates).size).toBe(dates.length);
      for (const e of entries) {
        const r = classify(chip, rules, { date: e.date, to });
        expect([r.eccn, r.us.review, r.china.status]).toEqual([e.eccn, e.review, e.china]);
      }
    },
  );
});
