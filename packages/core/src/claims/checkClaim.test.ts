import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { buildCatalog, type Catalog } from "../catalog/catalog.js";
import { LLAMA_31_8B_ARCH } from "../catalog/testFixtures.js";
import { buildClaims } from "./buildClaims.js";
import { checkClaim, combineVerdicts, compare, formatValue } from "./checkClaim.js";
import { type Claim, claimRecordSchema, VERDICTS, type Verdict } from "./claimSchema.js";
import type { PerfEvaluator, PolicyEvaluator } from "./evaluators.js";

/** A two-chip, one-model catalog for the claims tests (figures of the H200 and an on-die-weights ASIC). */
function fixtureCatalog(): Catalog {
  const fact = (value: number) => ({ value, source: "dat", confidence: "vendor" });
  const { catalog, issues } = buildCatalog({
    sources: {
      path: "data/sources.yaml",
      data: {
        sources: [
          {
            id: "dat",
            title: "Datasheet",
            publisher: "V",
            date: "2024",
            url: "https://example.com/d",
            kind: "datasheet",
          },
          {
            id: "art",
            title: "Article",
            publisher: "P",
            date: "2026",
            url: "https://example.com/a",
            kind: "press",
          },
        ],
      },
    },
    chips: [
      {
        path: "data/chips/nvidia.yaml",
        data: {
          chips: [
            {
              id: "h200-sxm",
              name: "NVIDIA H200 SXM",
              vendor: "nvidia",
              country: "US",
              datacenter: true,
              launched: "2024",
              status: "shipping",
              source: "dat",
              dense: { bf16: fact(989.5), fp8: fact(1979) },
              memory: { type: "HBM3e", gb: fact(141), tbps: fact(4.8) },
              tdpW: fact(700),
            },
          ],
        },
      },
      {
        path: "data/chips/taalas.yaml",
        data: {
          chips: [
            {
              id: "taalas-hc1",
              name: "Taalas HC1",
              vendor: "taalas",
              country: "CA",
              datacenter: true,
              launched: "2026-02",
              status: "announced",
              source: "dat",
              memory: { type: "on-die mask ROM (weights) + SRAM" },
              tdpW: { value: 250, source: "dat", confidence: "low" },
            },
          ],
        },
      },
    ],
    models: [
      {
        path: "data/models/llama.yaml",
        data: {
          models: [
            {
              id: "llama-3.1-8b",
              name: "Llama 3.1 8B",
              family: "llama",
              developer: "Meta",
              country: "US",
              released: "2024-07-23",
              openWeights: true,
              source: "dat",
              arch: {
                source: "dat",
                confidence: "vendor",
                ...LLAMA_31_8B_ARCH,
              },
              params: { totalB: { value: 8.03, source: "dat", confidence: "vendor" } },
            },
          ],
        },
      },
    ],
  });
  if (issues.length > 0) throw new Error(`fixture catalog is invalid: ${JSON.stringify(issues)}`);
  return catalog;
}

/** A valid claim record; `overrides` replace top-level fields. */
function rawClaim(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "000-h200-memory",
    claim: "The H200 carries up to 48 GB of memory.",
    where: { article: "000", paragraph: 6, anchor: "48 GB" },
    source: "art",
    subject: { kind: "chip", id: "h200-sxm" },
    quantity: { value: 48, unit: "GB" },
    refersTo: "2026",
    check: { kind: "catalog", chip: "h200-sxm", field: "memory.gb", op: "eq", tolerance: 0.05 },
    expected: "contradicted",
    ...overrides,
  };
}

/** Parses a claim record (throws on an invalid one). */
function claimOf(overrides: Record<string, unknown> = {}): Claim {
  return claimRecordSchema.parse(rawClaim(overrides));
}

const catalog = fixtureCatalog();

describe("formatValue(x)", () => {
  it("keeps five significant digits, en-US separators, and rounds at or above 1e5 to integers", () => {
    expect(formatValue(15832)).toBe("15,832");
    expect(formatValue(1.036364)).toBe("1.0364");
    expect(formatValue(0.0125647)).toBe("0.012565");
    expect(formatValue(123456.7)).toBe("123,457");
    expect(formatValue(0)).toBe("0");
  });
});

describe("compare(found, op, claimed, tolerance)", () => {
  it("eq and ne use a relative tolerance of the claimed value; le and ge are stretched by it; lt and gt are strict", () => {
    // |141 − 48| = 93 > 0.05 × 48 = 2.4
    expect(compare(141, "eq", 48, 0.05)).toBe(false);
    expect(compare(145000, "eq", 143000, 0.05)).toBe(true);
    expect(compare(145000, "ne", 143000, 0.05)).toBe(false);
    expect(compare(105, "le", 100, 0.05)).toBe(true);
    expect(compare(106, "le", 100, 0.05)).toBe(false);
    expect(compare(100, "lt", 100, 0.5)).toBe(false);
    expect(compare(95, "ge", 100, 0.05)).toBe(true);
  });

  it("compares text case-insensitively, booleans exactly, and refuses mixed types", () => {
    expect(compare("HBM3e", "contains", "hbm3")).toBe(true);
    expect(compare("CA", "eq", "CN")).toBe(false);
    expect(compare(true, "eq", true)).toBe(true);
    expect(compare(1, "eq", "1")).toBeUndefined();
    expect(compare("a", "lt", "b")).toBeUndefined();
  });
});

describe("combineVerdicts(verdicts)", () => {
  it("sets aside unverifiable checks, lets a contradiction win, needs all supported for supported", () => {
    expect(combineVerdicts([])).toBe("unverifiable");
    expect(combineVerdicts(["unverifiable", "supported"])).toBe("supported");
    expect(combineVerdicts(["supported", "contradicted", "plausible"])).toBe("contradicted");
    expect(combineVerdicts(["supported", "plausible"])).toBe("plausible");
  });

  const verdict = fc.constantFrom(...VERDICTS);
  test.prop([fc.array(verdict), fc.nat(5)])(
    "adding unverifiable checks never changes the verdict",
    (vs, n) => {
      expect(combineVerdicts([...vs, ...Array<Verdict>(n).fill("unverifiable")])).toBe(combineVerdicts(vs));
    },
  );
  test.prop([fc.array(verdict)])("the result does not depend on the order of the checks", (vs) => {
    expect(combineVerdicts([...vs].reverse())).toBe(combineVerdicts(vs));
  });
  test.prop([fc.array(verdict)])("any contradicted check makes the claim contradicted", (vs) => {
    expect(combineVerdicts([...vs, "contradicted"])).toBe("contradicted");
  });
});

describe("checkClaim(claim, ctx) against the catalog", () => {
  it("contradicts 48 GB for the H200, showing the catalog value, its sources and the ratio", () => {
    const result = checkClaim(claimOf(), { catalog });
    expect(result.verdict).toBe("contradicted");
    // 141 / 48 = 2.9375
    expect(result.reasons).toEqual([
      "catalog: chip h200-sxm memory.gb = 141 [vendor: dat]; the claim needs memory.gb = 48 (±5%) (the catalog is 2.9375× the claim): does not hold → contradicted",
    ]);
  });

  it("supports the claim when the catalog agrees within the tolerance, and follows a custom outcome", () => {
    expect(checkClaim(claimOf({ quantity: { value: 140, unit: "GB" } }), { catalog }).verdict).toBe(
      "supported",
    );
    const custom = claimOf({
      check: {
        kind: "catalog",
        chip: "taalas-hc1",
        field: "memory.type",
        op: "contains",
        value: "on-die",
        outcome: { pass: "plausible", fail: "unverifiable" },
      },
    });
    expect(checkClaim(custom, { catalog }).verdict).toBe("plausible");
  });

  it("is unverifiable when the chip or the field is missing, rather than contradicted", () => {
    const noChip = claimOf({ check: { kind: "catalog", chip: "h999", field: "memory.gb", op: "eq" } });
    expect(checkClaim(noChip, { catalog }).reasons[0]).toContain("the catalog has no chip 'h999'");
    const noField = claimOf({ check: { kind: "catalog", chip: "taalas-hc1", field: "memory.gb", op: "eq" } });
    const result = checkClaim(noField, { catalog });
    expect(result.verdict).toBe("unverifiable");
    expect(result.reasons[0]).toContain("records no memory.gb for chip taalas-hc1");
  });
});

describe("checkClaim with an arithmetic check", () => {
  it("converts USD 142.5B at 7 CNY/USD to 0.9975 trillion CNY and contradicts 'trillions'", () => {
    const claim = claimOf({
      quantity: { low: 2, unit: "trillion CNY" },
      check: {
        kind: "arithmetic",
        expression: "usd_b * rate / 1000",
        vars: { usd_b: { value: 142.5, source: "art" }, rate: { value: 7, note: "round rate for the test" } },
        op: "ge",
        value: 2,
        unit: "trillion CNY",
      },
    });
    const result = checkClaim(claim, { catalog });
    expect(result.verdict).toBe("contradicted");
    // 142.5 × 7 / 1000 = 0.9975
    expect(result.reasons.at(-1)).toBe(
      "arithmetic: usd_b × rate / 1000 = 142.5 × 7 / 1000 = 0.9975 trillion CNY; compared with the claim: 0.9975 ≥ 2 does not hold → contradicted",
    );
  });

  it("reads catalog fields as variables: 17,000 tok/s × 8.03 GB/token is 28.4× the H200's 4.8 TB/s", () => {
    const claim = claimOf({
      quantity: { value: 17000, unit: "tokens/s" },
      check: {
        kind: "arithmetic",
        expression: "params * tps / 1000 / tbps",
        vars: {
          params: { model: "llama-3.1-8b", field: "params.totalB" },
          tps: { value: 17000, source: "art" },
          tbps: { chip: "h200-sxm", field: "memory.tbps" },
        },
        op: "gt",
        value: 1,
        outcome: { pass: "plausible", fail: "supported" },
      },
    });
    const result = checkClaim(claim, { catalog });
    expect(result.verdict).toBe("plausible");
    // 8.03 × 17000 / 1000 / 4.8 = 28.4396 → five significant digits: 28.440, printed 28.44
    expect(result.reasons.join("\n")).toContain("= 28.44;");
  });

  it("rejects a record whose expression uses an undefined variable or defines an unused one", () => {
    const bad = rawClaim({
      check: {
        kind: "arithmetic",
        expression: "a * b",
        vars: { a: { value: 1, note: "n" }, c: { value: 2, note: "n" } },
        op: "eq",
      },
    });
    const messages = claimRecordSchema.safeParse(bad).error?.issues.map((i) => i.message) ?? [];
    expect(messages).toContain("the expression uses 'b', which vars does not define");
    expect(messages).toContain("'c' is defined but the expression does not use it");
  });
});

describe("checkClaim with the engines", () => {
  const policyClaim = claimOf({
    subject: { kind: "policy", name: "H200 to China" },
    check: {
      kind: "policy",
      chip: "h200-sxm",
      date: "2026-02-01",
      to: "CN",
      expect: { review: "case-by-case", conditions: ["domestic-purchase"] },
    },
    expected: "supported",
  });

  it("is unverifiable without the policy engine, and says what it would ask", () => {
    const result = checkClaim(policyClaim, { catalog });
    expect(result.verdict).toBe("unverifiable");
    expect(result.reasons[0]).toContain("needs the policy engine");
  });

  it("compares each expected field of the engine's answer", () => {
    const answer = {
      eccn: "3A090.a",
      licenseRequired: true,
      review: "case-by-case",
      chinaStatus: "conditional",
      conditions: ["domestic-purchase"],
      rules: ["r1"],
    } as const;
    const asked: string[] = [];
    const policy: PolicyEvaluator = (q) => {
      asked.push(`${q.chip} ${q.date} ${q.to}`);
      return answer;
    };
    expect(checkClaim(policyClaim, { catalog, policy }).verdict).toBe("supported");
    expect(asked).toEqual(["h200-sxm 2026-02-01 CN"]);
    const without: PolicyEvaluator = () => ({ ...answer, conditions: [] });
    const result = checkClaim(policyClaim, { catalog, policy: without });
    expect(result.verdict).toBe("contradicted");
    expect(result.reasons[0]).toContain("condition domestic-purchase absent");
  });

  it("compares the perf model's metric with the claimed value", () => {
    const claim = claimOf({
      check: {
        kind: "perf",
        model: "llama-3.1-8b",
        chip: "h200-sxm",
        batch: 1,
        metric: "outputTokensPerSec",
        op: "ge",
        value: 17000,
        tolerance: 0.5,
      },
    });
    const perf: PerfEvaluator = (q) =>
      q.batch === 1 ? { outputTokensPerSec: 197, bound: "decode memory-bound" } : undefined;
    const result = checkClaim(claim, { catalog, perf });
    expect(result.verdict).toBe("contradicted");
    expect(result.reasons[0]).toContain("outputTokensPerSec = 197 (decode memory-bound)");
    expect(checkClaim(claim, { catalog, perf: () => undefined }).verdict).toBe("unverifiable");
  });
});

describe("buildClaims(files, sources, catalog)", () => {
  const file = (path: string, claims: unknown[]) => ({ path, data: { claims } });

  it("accepts a valid file, reading a bare YAML 0 as article 000", () => {
    const { claims, issues } = buildClaims(
      [file("data/claims/000.yaml", [rawClaim({ where: { article: 0, paragraph: 6 } })])],
      ["art", "dat"],
      catalog,
    );
    expect(issues).toEqual([]);
    expect(claims.map((c) => c.where.article)).toEqual(["000"]);
  });

  it("flags unknown sources and catalog ids, duplicates, and a claim filed under the wrong article", () => {
    const { claims, issues } = buildClaims(
      [
        file("data/claims/000.yaml", [
          rawClaim({ source: "nope" }),
          rawClaim({ id: "000-b", check: { kind: "catalog", chip: "h999", field: "memory.gb", op: "eq" } }),
          rawClaim({ id: "000-c", where: { article: "001", paragraph: 1 } }),
          rawClaim({ id: "000-d" }),
          rawClaim({ id: "000-d" }),
        ]),
      ],
      ["art", "dat"],
      catalog,
    );
    const text = issues.map((i) => `${i.path}: ${i.message}`);
    expect(text).toEqual([
      "claims[0] 000-h200-memory › source: source id 'nope' does not resolve in sources.yaml",
      "claims[1] 000-b › check[0].chip: chip id 'h999' is not in the catalog",
      "claims[2] 000-c › where.article: the claim is filed in 000.yaml but says it stands in article 001",
      "claims[4] 000-d: duplicate claim id (also in data/claims/000.yaml)",
    ]);
    expect(claims.map((c) => c.id)).toEqual(["000-d"]);
  });
});
