import { describe, expect, it } from "vitest";
import type { Chip } from "../catalog/chip.js";
import { allowedChips } from "./allowedChips.js";
import { buildPolicies } from "./buildPolicies.js";
import { classify } from "./classify.js";
import { isoDateSchema } from "./ruleSchema.js";
import { ruleStanding } from "./ruleStanding.js";
import { bareChip } from "./testFixtures.js";
import { thresholdsAt } from "./thresholdsAt.js";

const SOURCES = new Set(["s1"]);

const chip = (overrides: Partial<Chip>): Chip =>
  bareChip({ id: "x1", name: "X1", vendor: "acme", ...overrides });

/** A small rule set: a TPP tier, a licence to CN, a relaxation below TPP 10,000, an end-use rule, a gate. */
const RULES = [
  {
    id: "tier-a",
    jurisdiction: "US",
    kind: "classification",
    title: "tier a: TPP ≥ 4800",
    effective: "2023-01-01",
    status: "in-force",
    predicate: { metric: "tpp", gte: 4800 },
    outcome: { eccn: "3A090.a", paragraph: "3A090.a.1" },
    source: ["s1"],
  },
  {
    id: "licence-cn",
    jurisdiction: "US",
    kind: "licence-requirement",
    title: "licence to CN",
    effective: "2023-01-01",
    status: "in-force",
    predicate: { all: [{ eccn: ["3A090.a"] }, { destination: ["CN"] }] },
    outcome: { review: "presumption-of-denial" },
    source: ["s1"],
  },
  {
    id: "relax-small",
    jurisdiction: "US",
    kind: "review-policy",
    title: "case-by-case below 10,000",
    effective: "2024-01-01",
    status: "in-force",
    predicate: { metric: "tpp", lt: 10000 },
    outcome: {
      relaxes: ["licence-cn"],
      review: "case-by-case",
      conditions: [{ kind: "revenue-share", percent: 15, text: "15% share" }],
    },
    source: ["s1"],
  },
  {
    id: "end-use",
    jurisdiction: "US",
    kind: "licence-requirement",
    title: "supercomputer end use",
    effective: "2023-01-01",
    status: "in-force",
    predicate: { endUse: ["supercomputer"] },
    outcome: { review: "presumption-of-denial" },
    source: ["s1"],
  },
];
const GATE = {
  id: "gate",
  jurisdiction: "CN",
  kind: "import-gate",
  title: "guidance against X1",
  effective: "2024-06-01",
  status: "in-force",
  confidence: "reported",
  predicate: { chip: ["x1"] },
  outcome: { china: "blocked", chinaPermissive: "discouraged" },
  source: ["s1"],
};

const files = [
  { path: "data/policies/us.yaml", data: { rules: RULES } },
  { path: "data/policies/cn.yaml", data: { rules: [GATE] } },
];

describe("buildPolicies(files, sourceIds)", () => {
  it("accepts a valid rule set, sorted by effective date then id", () => {
    const { rules, issues } = buildPolicies(files, SOURCES);
    expect(issues).toEqual([]);
    expect(rules.map((r) => r.id)).toEqual(["end-use", "licence-cn", "tier-a", "relax-small", "gate"]);
  });

  it("names file, rule and field for each problem, and keeps the valid rules", () => {
    const bad = [
      { ...RULES[0], id: "no-bounds", predicate: { metric: "tpp" } },
      { ...RULES[1], id: "no-review", outcome: {} },
      { ...RULES[2], id: "relax-unknown", outcome: { relaxes: ["nothing"], review: "case-by-case" } },
      { ...RULES[0], id: "bad-source", source: ["nowhere"] },
      { ...RULES[0], id: "backwards", ends: "2022-01-01" },
      { ...GATE, id: "stricter", jurisdiction: "US" },
      RULES[0],
    ];
    const { rules, issues } = buildPolicies(
      [{ path: "data/policies/us.yaml", data: { rules: bad } }],
      SOURCES,
    );
    const lines = issues.map((i) => `${i.path}: ${i.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rules\[0\] no-bounds › predicate.*at least one bound/),
        "rules[1] no-review › outcome: a licence-requirement rule needs outcome.review",
        "rules[2] relax-unknown › outcome.relaxes[0]: relaxes unknown rule 'nothing'",
        "rules[3] bad-source › source[0]: source id 'nowhere' does not resolve in data/sources.yaml",
        "rules[4] backwards › ends: ends (2022-01-01) must come after effective (2023-01-01)",
        "rules[5] stricter › kind: import-gate rules, and only they, belong to jurisdiction CN",
      ]),
    );
    expect(rules.map((r) => r.id)).toEqual(["tier-a"]);
  });

  it("rejects a permissive reading stricter than the strict one", () => {
    const gate = { ...GATE, outcome: { china: "discouraged", chinaPermissive: "blocked" } };
    const { issues } = buildPolicies([{ path: "data/policies/cn.yaml", data: { rules: [gate] } }], SOURCES);
    expect(issues.map((i) => i.message)).toContain(
      "outcome.chinaPermissive (blocked) cannot be stricter than outcome.china (discouraged)",
    );
  });
});

describe("classify stages on a synthetic rule set", () => {
  const { rules } = buildPolicies(files, SOURCES);
  // TPP = bf16 400 × 16 = 6,400: tier a; < 10,000 so relaxable from 2024.
  const x1 = chip({ dense: { bf16: 400 } });

  it("before the relaxation: presumption of denial; after: case-by-case with its 15% condition", () => {
    const before = classify(x1, rules, { date: "2023-06-01", to: "CN" });
    expect([before.eccn, before.us.review, before.us.licenseRequired]).toEqual([
      "3A090.a",
      "presumption-of-denial",
      true,
    ]);
    const after = classify(x1, rules, { date: "2024-03-01", to: "CN" });
    expect(after.us.review).toBe("case-by-case");
    expect(after.us.rules).toEqual(["tier-a", "licence-cn", "relax-small"]);
    expect(after.us.conditions).toContainEqual(
      expect.objectContaining({ kind: "revenue-share", percent: 15, rule: "relax-small" }),
    );
    expect(after.explanation).toContain(
      "[relax-small] case-by-case below 10,000: TPP 6,400 < 10,000 → licence-cn relaxed to case-by-case",
    );
  });

  it("a faster chip (bf16 700 × 16 = 11,200 ≥ 10,000) is not relaxed", () => {
    const r = classify(chip({ dense: { bf16: 700 } }), rules, { date: "2024-03-01", to: "CN" });
    expect(r.us.review).toBe("presumption-of-denial");
  });

  it("an end-use rule with no end use given adds a `when` condition; given, it decides the review", () => {
    const slow = chip({ dense: { bf16: 100 } }); // TPP 1,600 < 4,800: not 3A090
    const open = classify(slow, rules, { date: "2024-03-01", to: "CN" });
    expect(open.us.review).toBe("none");
    expect(open.us.conditions).toContainEqual(
      expect.objectContaining({
        kind: "end-use",
        rule: "end-use",
        when: expect.stringContaining("end use not given"),
      }),
    );
    const known = classify(slow, rules, { date: "2024-03-01", to: "CN", endUse: "supercomputer" });
    expect(known.us.review).toBe("presumption-of-denial");
  });

  it("the same chip designed in CN and sold in CN is a domestic sale: no US review, none of its conditions", () => {
    const local = chip({ id: "y1", country: "CN", dense: { bf16: 400 } });
    const r = classify(local, rules, { date: "2024-03-01", to: "CN", endUse: "supercomputer" });
    // Still 3A090.a by parameters (6,400 ≥ 4,800), and by parameters the end-use rule would deny it.
    expect([r.eccn, r.us.review, r.us.licenseRequired, r.us.domesticSale]).toEqual([
      "3A090.a",
      "none",
      false,
      true,
    ]);
    expect(r.us.reviewByParameters).toBe("presumption-of-denial");
    expect(r.us.conditions).toEqual([]);
    expect(r.us.rules).toEqual(["tier-a"]);
    expect(r.explanation).toContain(
      "(by parameters only) [relax-small] case-by-case below 10,000: TPP 6,400 < 10,000 → licence-cn relaxed to case-by-case",
    );
    // Exported to a third country it is no longer domestic: the requirement applies as for a US design.
    const abroad = classify(local, rules, { date: "2024-03-01", to: "US", endUse: "supercomputer" });
    expect([abroad.us.domesticSale, abroad.us.review]).toEqual([false, "presumption-of-denial"]);
  });

  it("China's gate: blocked (strict), discouraged (permissive), only from its effective date", () => {
    expect(classify(x1, rules, { date: "2024-05-31", to: "CN" }).china.status).toBe("allowed");
    const strict = classify(x1, rules, { date: "2024-06-01", to: "CN" });
    expect([strict.china.status, strict.china.confidence]).toEqual(["blocked", "reported"]);
    const permissive = classify(x1, rules, { date: "2024-06-01", to: "CN", chinaStance: "permissive" });
    expect(permissive.china.status).toBe("discouraged");
  });
});

describe("ruleStanding(rule, date) and thresholdsAt(rules, date)", () => {
  const { rules } = buildPolicies(files, SOURCES);
  const relax = rules.find((r) => r.id === "relax-small");
  if (relax === undefined) throw new Error("no relax-small");

  it("a rule is future before its effective date, in force from it, ended from `ends`", () => {
    expect(ruleStanding(relax, "2023-12-31").phase).toBe("future");
    expect(ruleStanding(relax, "2024-01-01").phase).toBe("in-force");
    expect(ruleStanding({ ...relax, ends: "2025-01-01" }, "2025-01-01").phase).toBe("ended");
    expect(ruleStanding({ ...relax, notEnforcedFrom: "2024-02-01" }, "2024-03-01").phase).toBe(
      "not-enforced",
    );
  });

  it("lists the numeric thresholds in force on a date", () => {
    const at = (date: string) =>
      thresholdsAt(rules, date).map((t) => `${t.rule} ${t.metric} ${t.op} ${t.value}`);
    expect(at("2023-06-01")).toEqual(["tier-a tpp gte 4800"]);
    expect(at("2024-06-01")).toEqual(["tier-a tpp gte 4800", "relax-small tpp lt 10000"]);
  });
});

describe("allowedChips(chips, rules, options)", () => {
  const { rules } = buildPolicies(files, SOURCES);
  // slow: TPP 100 × 16 = 1,600 (not 3A090); x1: 6,400 (tier a, relaxable); big: 700 × 16 = 11,200.
  const chips = [
    chip({ id: "slow", dense: { bf16: 100 } }),
    chip({ id: "x1", dense: { bf16: 400 } }),
    chip({ id: "big", dense: { bf16: 700 } }),
  ];
  const ids = (options: Parameters<typeof allowedChips>[2]) =>
    allowedChips(chips, rules, options).map((a) => a.chip);

  it("by default keeps only chips that need no licence and that China does not block", () => {
    expect(ids({ date: "2024-03-01", to: "CN" })).toEqual(["slow"]);
    expect(ids({ date: "2024-03-01", to: "US" })).toEqual(["slow", "x1", "big"]);
  });

  it("maxReview case-by-case admits the relaxed chip; China's block on x1 then removes it", () => {
    expect(ids({ date: "2024-03-01", to: "CN", maxReview: "case-by-case" })).toEqual(["slow", "x1"]);
    expect(ids({ date: "2024-06-01", to: "CN", maxReview: "case-by-case" })).toEqual(["slow"]);
    expect(
      ids({
        date: "2024-06-01",
        to: "CN",
        maxReview: "case-by-case",
        maxChina: "discouraged",
        chinaStance: "permissive",
      }),
    ).toEqual(["slow", "x1"]);
  });
});

describe("isoDateSchema", () => {
  it("accepts calendar dates (2024-02-29, a leap day) and rejects days that do not exist", () => {
    expect(isoDateSchema.safeParse("2024-02-29").success).toBe(true);
    // Date.UTC would roll 2026-02-30 over to 2026-03-02; the schema must refuse it instead.
    for (const bad of ["2026-02-30", "2025-02-29", "2026-04-31", "2026-13-01", "26-01-01"])
      expect(isoDateSchema.safeParse(bad).success).toBe(false);
  });
});
