import {
  type Catalog,
  type ChinaStance,
  type ChinaStatus,
  type ClassifyResult,
  classify,
  type Eccn,
  type EndUse,
  type Review,
  type Rule,
} from "@dualtrack/core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPolicyFixture } from "./policyFixture.js";

let catalog: Catalog;
let rules: Rule[];
beforeAll(async () => {
  ({ catalog, rules } = await loadPolicyFixture());
});

interface Golden {
  /** chip id, date, destination, and optionally buyer HQ / end use / China stance. */
  readonly chip: string;
  readonly date: string;
  readonly to: string;
  readonly buyerHq?: string;
  readonly endUse?: EndUse;
  readonly stance?: ChinaStance;
  readonly eccn: Eccn;
  readonly review: Review;
  readonly china?: ChinaStatus;
  /** Percent conditions that must hold for sure, e.g. "tariff 25". */
  readonly percents?: readonly string[];
  /** The review by the chip's parameters alone, when it differs from `review` (domestic sales). */
  readonly byParameters?: Review;
  /** Rule ids that must be among the applied US or China rules. */
  readonly rules?: readonly string[];
  /** Why, with the arithmetic. */
  readonly why: string;
}

// TPP = max over precisions of dense TOPS × bits; PD = TPP / applicable die area (mm²).
const GOLDEN: readonly Golden[] = [
  // ── 2022: is-informed letters, then the Oct 2022 rule (I/O ≥ 600 GB/s AND TPP ≥ 4800) ──
  {
    chip: "a100-sxm",
    date: "2022-09-01",
    to: "CN",
    eccn: "none",
    review: "presumption-of-denial",
    rules: ["us-2022-08-nvidia-letter"],
    why: "Aug 2022 letter names the A100; no 3A090 yet",
  },
  {
    chip: "h100-sxm",
    date: "2022-09-15",
    to: "RU",
    eccn: "none",
    review: "presumption-of-denial",
    rules: ["us-2022-08-nvidia-letter"],
    why: "letter covers Russia too",
  },
  {
    chip: "a100-sxm",
    date: "2022-09-01",
    to: "US",
    eccn: "none",
    review: "none",
    why: "domestic sale: nothing applies",
  },
  {
    chip: "a100-sxm",
    date: "2022-11-01",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    rules: ["us-2022-10-3a090a", "us-2022-10-licence-china"],
    why: "I/O 664 ≥ 600 and TPP int8 624 × 8 = 4,992 ≥ 4,800",
  },
  {
    chip: "a800-sxm",
    date: "2022-11-01",
    to: "CN",
    eccn: "none",
    review: "none",
    why: "I/O 400 + 64 = 464 < 600: the A800 was built to pass the 2022 rule",
  },
  {
    chip: "h800-sxm",
    date: "2023-06-01",
    to: "CN",
    eccn: "none",
    review: "none",
    why: "I/O 528 < 600 though TPP 1,979 × 8 = 15,832",
  },
  {
    chip: "mi250x",
    date: "2022-11-01",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    why: "I/O 800 ≥ 600 and TPP fp16 383 × 16 = 6,128 ≥ 4,800",
  },
  {
    chip: "gaudi-2",
    date: "2022-11-01",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    why: "I/O 664 ≥ 600 and TPP fp8 865 × 8 = 6,920 ≥ 4,800",
  },
  // ── Oct 2023: immediate effect for datacenter parts from 2023-10-23, the rule from 2023-11-17 ──
  {
    chip: "a800-sxm",
    date: "2023-10-22",
    to: "CN",
    eccn: "none",
    review: "none",
    why: "the day before the USG notice: 2022 rule, I/O 464 < 600",
  },
  {
    chip: "a800-sxm",
    date: "2023-10-23",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    rules: ["us-2023-10-dc-immediate"],
    why: "datacenter and TPP 4,992 ≥ 4,800: immediate",
  },
  {
    chip: "h800-sxm",
    date: "2023-10-23",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    why: "datacenter and TPP 15,832 ≥ 4,800: immediate",
  },
  {
    chip: "rtx-4090",
    date: "2023-10-25",
    to: "CN",
    eccn: "none",
    review: "none",
    why: "consumer part keeps the 30-day window; 2022 rule: I/O 64 < 600",
  },
  {
    chip: "rtx-4090",
    date: "2023-11-17",
    to: "CN",
    eccn: "3A090.a",
    review: "notification",
    rules: ["us-2023-3a090-a1", "us-2023-nac"],
    why: "TPP int8 660.6 × 8 = 5,284.8 ≥ 4,800 → .a.1; not datacenter → NAC",
  },
  {
    chip: "rtx-4090d",
    date: "2024-01-15",
    to: "CN",
    eccn: "none",
    review: "none",
    rules: ["us-2023-3a090-note2"],
    why: "non-datacenter and TPP 588.3 × 8 ≈ 4,706 < 4,800 → Note 2",
  },
  {
    chip: "l40",
    date: "2024-01-01",
    to: "CN",
    eccn: "3A090.b",
    review: "notification",
    rules: ["us-2023-3a090-b1", "us-2023-3a090-b2", "us-2023-nac"],
    why: "TPP ≈ 2,897 in [2,400, 4,800), PD 2,897/608 = 4.76 in [3.2, 5.92) → .b.1 and .b.2; datacenter .b → NAC",
  },
  {
    chip: "l40s",
    date: "2024-01-01",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    why: "TPP fp8 733 × 8 = 5,864 ≥ 4,800",
  },
  {
    chip: "l4",
    date: "2024-01-01",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    rules: ["us-2023-3a090-a2"],
    why: "TPP 242 × 8 = 1,936 ≥ 1,600 and PD 1,936/294 = 6.59 ≥ 5.92 → .a.2 by density",
  },
  {
    chip: "l20",
    date: "2024-01-01",
    to: "CN",
    eccn: "none",
    review: "none",
    why: "TPP ≈ 1,914 < 2,400 and PD 1,914/609 = 3.14 < 3.2",
  },
  { chip: "l2", date: "2024-01-01", to: "CN", eccn: "none", review: "none", why: "TPP ≈ 1,546 < 1,600" },
  {
    chip: "mi210",
    date: "2024-01-01",
    to: "CN",
    eccn: "3A090.b",
    review: "notification",
    why: "TPP 181 × 16 = 2,896, PD 2,896/790 = 3.67 → .b; datacenter → NAC",
  },
  {
    chip: "tpu-v5e",
    date: "2024-01-01",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    rules: ["us-2023-3a090-a2"],
    why: "TPP 197 × 16 = 3,152 ≥ 1,600 and PD 3,152/325 = 9.70 ≥ 5.92",
  },
  {
    chip: "rtx-6000-ada",
    date: "2024-01-01",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    why: "TPP 728.5 × 8 = 5,828 ≥ 4,800 and marketed for datacenters: no NAC",
  },
  // ── destinations and headquarters ──
  {
    chip: "h100-sxm",
    date: "2024-06-01",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    rules: ["us-2023-licence-d5"],
    why: "TPP 15,832 ≥ 4,800 to D:5",
  },
  {
    chip: "h100-sxm",
    date: "2024-06-01",
    to: "SG",
    buyerHq: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    rules: ["us-2023-licence-d5"],
    why: "buyer headquartered in China, wherever located",
  },
  {
    chip: "h100-sxm",
    date: "2024-06-01",
    to: "SG",
    buyerHq: "SG",
    eccn: "3A090.a",
    review: "none",
    why: "Singapore is not D:1/D:4/D:5 and the buyer is not D:5-headquartered",
  },
  {
    chip: "h100-sxm",
    date: "2024-06-01",
    to: "SA",
    eccn: "3A090.a",
    review: "case-by-case",
    rules: ["us-2023-licence-d1-d4"],
    why: "Saudi Arabia is D:1/D:4 outside D:5",
  },
  {
    chip: "h100-sxm",
    date: "2025-03-01",
    to: "FR",
    eccn: "3A090.a",
    review: "none",
    why: "AI Diffusion never reached compliance; France is Tier 1 anyway",
  },
  {
    chip: "h100-sxm",
    date: "2025-03-01",
    to: "IN",
    eccn: "3A090.a",
    review: "none",
    why: "AI Diffusion effective but before its 2025-05-15 compliance date, and not enforced after 2025-05-13",
  },
  {
    chip: "mi300x",
    date: "2024-06-01",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    why: "TPP 2,614.9 × 8 = 20,919 ≥ 4,800",
  },
  // ── H20 and MI308: outside 3A090, licensed by letter, then for 15% ──
  {
    chip: "h20",
    date: "2024-06-01",
    to: "CN",
    eccn: "none",
    review: "none",
    china: "allowed",
    why: "TPP 296 × 8 = 2,368 < 2,400 and PD 2,368/814 = 2.91 < 3.2: outside 3A090 entirely",
  },
  {
    chip: "h20",
    date: "2025-04-09",
    to: "CN",
    eccn: "none",
    review: "presumption-of-denial",
    rules: ["us-2025-04-h20-letter"],
    why: "is-informed letter: DRAM 4,000 ≥ 4,000 GB/s (H20's own)",
  },
  {
    chip: "h20",
    date: "2025-05-01",
    to: "CN",
    eccn: "none",
    review: "presumption-of-denial",
    china: "allowed",
    why: "letter still in force; no China gate yet",
  },
  {
    chip: "h20",
    date: "2025-05-01",
    to: "SG",
    buyerHq: "CN",
    eccn: "none",
    review: "presumption-of-denial",
    why: "letter reaches China-headquartered buyers abroad",
  },
  {
    chip: "h20",
    date: "2025-05-01",
    to: "US",
    eccn: "none",
    review: "none",
    why: "letter covers only D:5 + Macau",
  },
  {
    chip: "h20",
    date: "2025-08-11",
    to: "CN",
    eccn: "none",
    review: "case-by-case",
    china: "allowed",
    percents: ["revenue-share 15"],
    rules: ["us-2025-08-h20-mi308-licences", "cn-2025-07-cac-h20-summons"],
    why: "licences for 15% of China revenue; CAC summons adds a security review only",
  },
  {
    chip: "h20",
    date: "2025-08-12",
    to: "CN",
    eccn: "none",
    review: "case-by-case",
    china: "discouraged",
    why: "guidance discouraging H20 (strict reading)",
  },
  {
    chip: "h20",
    date: "2025-08-12",
    to: "CN",
    stance: "permissive",
    eccn: "none",
    review: "case-by-case",
    china: "allowed",
    why: "permissive: guidance is advisory",
  },
  {
    chip: "h20",
    date: "2025-10-10",
    to: "CN",
    eccn: "none",
    review: "case-by-case",
    china: "blocked",
    why: "customs stop H20 imports (strict)",
  },
  {
    chip: "h20",
    date: "2025-10-10",
    to: "CN",
    stance: "permissive",
    eccn: "none",
    review: "case-by-case",
    china: "discouraged",
    why: "permissive: customs stop read as discouraging",
  },
  {
    chip: "mi308x",
    date: "2025-05-01",
    to: "CN",
    eccn: "none",
    review: "presumption-of-denial",
    rules: ["us-2025-04-mi308-letter"],
    why: "AMD letter names the MI308 (specs unpublished: TPP unknown)",
  },
  {
    chip: "mi308x",
    date: "2025-09-01",
    to: "CN",
    eccn: "none",
    review: "case-by-case",
    percents: ["revenue-share 15"],
    why: "MI308 licences for 15%",
  },
  {
    chip: "rtx-pro-6000d",
    date: "2025-09-17",
    to: "CN",
    eccn: "none",
    review: "none",
    china: "blocked",
    why: "CAC orders cancelled",
  },
  // ── 2026: case-by-case below TPP 21,000 and DRAM 6,500 GB/s; Section 232 tariff bands ──
  {
    chip: "h200-sxm",
    date: "2025-06-01",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    why: "TPP 1,979 × 8 = 15,832 ≥ 4,800; before the 2026 rule",
  },
  {
    chip: "h200-sxm",
    date: "2026-01-15",
    to: "CN",
    eccn: "3A090.a",
    review: "case-by-case",
    china: "blocked",
    percents: ["tariff 25", "volume-cap 50"],
    rules: ["us-2026-01-case-by-case", "us-2026-01-s232-band-1", "cn-2026-01-h200-customs-block"],
    why: "15,832 < 21,000 and 4,800 < 6,500 → case-by-case; band 1: 14,000 ≤ 15,832 ≤ 17,500 and 4,500 ≤ 4,800 ≤ 5,000 → 25%; China customs block",
  },
  {
    chip: "h200-sxm",
    date: "2026-02-01",
    to: "CN",
    eccn: "3A090.a",
    review: "case-by-case",
    china: "conditional",
    percents: ["tariff 25"],
    rules: ["cn-2026-01-h200-conditional"],
    why: "conditional approvals tied to domestic purchases",
  },
  {
    chip: "h200-sxm",
    date: "2026-02-01",
    to: "CN",
    endUse: "military",
    eccn: "3A090.a",
    review: "case-by-case",
    china: "blocked",
    why: "no military use under China's conditions",
  },
  {
    chip: "h200-sxm",
    date: "2026-02-01",
    to: "SG",
    buyerHq: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    why: "case-by-case covers exports to China/Macau only; HQ test stays denial",
  },
  {
    chip: "h200-nvl",
    date: "2026-02-01",
    to: "CN",
    eccn: "3A090.a",
    review: "case-by-case",
    percents: [],
    why: "TPP 835.5 × 16 = 13,368 < 14,000: outside tariff band 1",
  },
  {
    chip: "h100-sxm",
    date: "2026-02-01",
    to: "CN",
    eccn: "3A090.a",
    review: "case-by-case",
    why: "15,832 < 21,000 and 3,350 < 6,500 GB/s",
  },
  {
    chip: "b200",
    date: "2026-03-01",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    why: "TPP fp4 9,000 × 4 = 36,000 ≥ 21,000",
  },
  {
    chip: "b300",
    date: "2026-03-01",
    to: "CN",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    why: "TPP fp4 14,000 × 4 = 56,000 ≥ 21,000 (FP4 sets the TPP)",
  },
  {
    chip: "mi325x",
    date: "2026-03-01",
    to: "CN",
    eccn: "3A090.a",
    review: "case-by-case",
    percents: ["tariff 25"],
    rules: ["us-2026-01-s232-band-2"],
    why: "20,919 < 21,000 and 6,000 < 6,500; band 2: 20,800 ≤ 20,919 ≤ 21,100 and 5,800 ≤ 6,000 ≤ 6,200",
  },
  {
    chip: "mi300x",
    date: "2026-03-01",
    to: "CN",
    eccn: "3A090.a",
    review: "case-by-case",
    percents: [],
    why: "5,300 GB/s < 5,800: outside band 2",
  },
  // ── end uses and Chinese designs ──
  {
    chip: "h20",
    date: "2024-06-01",
    to: "CN",
    endUse: "supercomputer",
    eccn: "none",
    review: "presumption-of-denial",
    rules: ["us-2022-10-supercomputer-end-use"],
    why: "§744.23 end use reaches any item",
  },
  {
    chip: "h100-sxm",
    date: "2025-12-01",
    to: "CN",
    endUse: "state-funded-datacenter",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    china: "blocked",
    rules: ["cn-2025-11-state-funded-datacenters"],
    why: "state-funded data centres: domestic chips only",
  },
  // Chinese designs sold in China: a domestic sale, not an export, so no US review and no US condition
  // attaches; the ECCN and the review by parameters are still reported.
  {
    chip: "ascend-910b",
    date: "2025-06-01",
    to: "CN",
    eccn: "3A090.a",
    review: "none",
    byParameters: "presumption-of-denial",
    china: "allowed",
    why: "domestic sale; by parameters TPP 376 × 16 = 6,016 ≥ 4,800 → D:5 licence, denial",
  },
  {
    chip: "ascend-910c",
    date: "2024-06-01",
    to: "CN",
    eccn: "3A090.a",
    review: "none",
    byParameters: "presumption-of-denial",
    china: "allowed",
    why: "domestic sale; by parameters TPP 800 × 16 = 12,800 ≥ 4,800 → 3A090.a.1",
  },
  {
    chip: "ascend-910c",
    date: "2026-02-01",
    to: "CN",
    eccn: "3A090.a",
    review: "none",
    byParameters: "presumption-of-denial",
    china: "allowed",
    why: "domestic sale; the 2026 case-by-case rule covers US designs only, so by parameters it stays denial",
  },
  {
    chip: "ascend-910c",
    date: "2027-01-01",
    to: "CN",
    eccn: "3A090.a",
    review: "none",
    byParameters: "presumption-of-denial",
    china: "allowed",
    percents: [],
    why: "planner bug: no 25% tariff, 50% cap or certifications on a domestic Chinese sale",
  },
  {
    chip: "mlu590",
    date: "2026-02-01",
    to: "CN",
    eccn: "none",
    review: "none",
    china: "allowed",
    percents: [],
    why: "domestic sale; TPP int8 512 × 8 = 4,096 < 4,800, die area unknown",
  },
  {
    chip: "metax-c600",
    date: "2027-01-01",
    to: "CN",
    eccn: "none",
    review: "none",
    china: "allowed",
    percents: [],
    why: "domestic sale; no dense rates or published TPP in the catalog",
  },
  {
    chip: "ascend-910c",
    date: "2025-06-01",
    to: "SA",
    eccn: "3A090.a",
    review: "case-by-case",
    rules: ["us-2023-licence-d1-d4"],
    why: "an export from China is no domestic sale: D:1/D:4 licence by parameters (EAR reach: Entity List FDP)",
  },
  {
    chip: "ascend-910c",
    date: "2026-02-01",
    to: "RU",
    eccn: "3A090.a",
    review: "presumption-of-denial",
    rules: ["us-2023-licence-d5"],
    why: "export to D:5: 12,800 < 21,000 but the case-by-case rule covers US designs to China only",
  },
];

function percents(r: ClassifyResult): string[] {
  return [...r.us.conditions, ...r.china.conditions]
    .filter((c) => c.when === undefined && c.percent !== undefined)
    .map((c) => `${c.kind} ${c.percent}`);
}

describe("classify(chip, rules, options) reproduces the reference classifications", () => {
  it("has at least 40 golden cases", () => {
    expect(GOLDEN.length).toBeGreaterThanOrEqual(40);
  });

  for (const g of GOLDEN) {
    const who = `${g.chip} → ${g.to}${g.buyerHq === undefined ? "" : ` (HQ ${g.buyerHq})`}${g.endUse === undefined ? "" : ` for ${g.endUse}`}${g.stance === undefined ? "" : ` [${g.stance}]`} on ${g.date}`;
    it(`${who}: ${g.eccn}, ${g.review}${g.china === undefined ? "" : `, China ${g.china}`} — ${g.why}`, () => {
      const chip = catalog.chips.find((c) => c.id === g.chip);
      if (chip === undefined) throw new Error(`no chip ${g.chip}`);
      const r = classify(chip, rules, {
        date: g.date,
        to: g.to,
        ...(g.buyerHq === undefined ? {} : { buyerHq: g.buyerHq }),
        ...(g.endUse === undefined ? {} : { endUse: g.endUse }),
        ...(g.stance === undefined ? {} : { chinaStance: g.stance }),
      });
      expect(r.eccn).toBe(g.eccn);
      expect(r.us.review).toBe(g.review);
      expect(r.us.reviewByParameters).toBe(g.byParameters ?? g.review);
      expect(r.us.domesticSale).toBe(
        g.byParameters !== undefined || (chip.country !== "US" && g.to === chip.country),
      );
      // A domestic sale carries no US licence condition at all, not even an end-use one marked `when`.
      if (r.us.domesticSale) expect(r.us.conditions).toEqual([]);
      expect(r.us.licenseRequired).toBe(g.review === "case-by-case" || g.review === "presumption-of-denial");
      if (g.china !== undefined) expect(r.china.status).toBe(g.china);
      if (g.percents !== undefined) expect(percents(r)).toEqual(expect.arrayContaining([...g.percents]));
      if (g.percents !== undefined && g.percents.length === 0)
        expect(percents(r).filter((p) => p.startsWith("tariff"))).toEqual([]);
      for (const id of g.rules ?? []) expect([...r.us.rules, ...r.china.rules]).toContain(id);
      // Every rule the verdict relies on is cited with sources in the result.
      for (const id of [...r.us.rules, ...r.china.rules, ...r.ear.rules])
        expect(r.sources[id]?.length ?? 0).toBeGreaterThan(0);
    });
  }
});

describe("classify explanations show the numbers compared", () => {
  it("H20 on 2025-05-01: TPP 2,368 < 2,400 → not 3A090.b.1 and PD 2.91 < 3.2 → not .b.2", () => {
    const h20 = catalog.chips.find((c) => c.id === "h20");
    if (h20 === undefined) throw new Error("no h20");
    const r = classify(h20, rules, { date: "2025-05-01", to: "CN" });
    expect(r.tpp).toBe(2368);
    expect(r.pd).toBeCloseTo(2368 / 814, 10);
    const text = r.explanation.join("\n");
    expect(text).toContain("TPP 2,368 < 2,400 → not 3A090.b.1");
    expect(text).toContain("PD 2.91 < 3.2 → not 3A090.b.2");
    expect(text).toContain("DRAM bandwidth 4,000 GB/s ≥ 4,000 GB/s");
    expect(text).toMatch(/\[us-2025-04-h20-letter\].*→ licence required, presumption of denial/);
  });

  it("B300's TPP is set by FP4 (14,000 × 4 = 56,000)", () => {
    const b300 = catalog.chips.find((c) => c.id === "b300");
    if (b300 === undefined) throw new Error("no b300");
    const r = classify(b300, rules, { date: "2026-03-01", to: "CN" });
    expect(r.tpp).toBe(56000);
    expect(r.tppPrecision).toBe("fp4");
  });

  it("a chip designed in China says how the EAR reaches it (Huawei: Entity List FDP → yes)", () => {
    const chip = catalog.chips.find((c) => c.id === "ascend-910b");
    if (chip === undefined) throw new Error("no ascend-910b");
    const r = classify(chip, rules, { date: "2025-06-01", to: "CN" });
    expect(r.ear.designedIn).toBe("CN");
    expect(r.ear.reach).toBe("yes");
    expect(r.ear.rules).toEqual(expect.arrayContaining(["us-2020-08-huawei-fdp", "us-2025-05-gp10-ascend"]));
  });

  it("H200 → CN on 2026-02-01 stays case-by-case with the 25% band-1 tariff and the 50% volume cap", () => {
    const chip = catalog.chips.find((c) => c.id === "h200-sxm");
    if (chip === undefined) throw new Error("no h200-sxm");
    const r = classify(chip, rules, { date: "2026-02-01", to: "CN" });
    // TPP fp8 1,979 × 8 = 15,832 < 21,000 and 4,800 GB/s < 6,500 → case-by-case; band 1: 14,000 ≤ 15,832
    // ≤ 17,500 and 4,500 ≤ 4,800 ≤ 5,000 → 25% tariff.
    expect(r.us.review).toBe("case-by-case");
    expect(r.us.domesticSale).toBe(false);
    const firm = r.us.conditions.filter((c) => c.when === undefined);
    expect(firm).toContainEqual(
      expect.objectContaining({ kind: "tariff", percent: 25, rule: "us-2026-01-s232-band-1" }),
    );
    expect(firm).toContainEqual(
      expect.objectContaining({ kind: "volume-cap", percent: 50, rule: "us-2026-01-case-by-case" }),
    );
  });

  it("a domestic Chinese sale explains the by-parameters reading and why no US licence attaches", () => {
    const chip = catalog.chips.find((c) => c.id === "ascend-910c");
    if (chip === undefined) throw new Error("no ascend-910c");
    const r = classify(chip, rules, { date: "2027-01-01", to: "CN" });
    const text = r.explanation.join("\n");
    expect(text).toMatch(/\(by parameters only\) \[us-2023-licence-d5\].*presumption of denial/);
    expect(text).toMatch(
      /\(by parameters only\) \[us-2026-01-case-by-case\].*designed in CN.*does not apply/,
    );
    expect(text).toContain("a domestic sale, not an export or reexport");
    expect(r.us.rules).not.toContain("us-2026-01-case-by-case");
    expect(r.sources["us-2023-licence-d5"]?.length ?? 0).toBeGreaterThan(0);
  });

  it("a chip whose die area is unknown lists the density paragraphs it could not evaluate", () => {
    const chip = catalog.chips.find((c) => c.id === "mtt-s4000");
    if (chip === undefined) throw new Error("no mtt-s4000");
    const r = classify(chip, rules, { date: "2024-06-01", to: "CN" });
    // TPP int8 200 × 8 = 1,600: exactly at the .a.2/.b.2 floor, so PD decides and the die area is unknown.
    expect(r.tpp).toBe(1600);
    expect(r.eccn).toBe("none");
    expect(r.unevaluated).toEqual(expect.arrayContaining(["3A090.a.2", "3A090.b.2"]));
  });
});
