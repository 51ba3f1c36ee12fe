import { describe, expect, it } from "vitest";
import { z } from "zod";
import { run } from "./run.js";

const allowedSchema = z.object({
  date: z.string(),
  to: z.string(),
  buyerHq: z.string(),
  maxReview: z.string(),
  maxChina: z.string(),
  considered: z.number().int(),
  chips: z.array(
    z.object({
      chip: z.string(),
      eccn: z.string(),
      licenseRequired: z.boolean(),
      review: z.string(),
      domesticSale: z.boolean(),
      chinaStatus: z.string(),
      conditions: z.array(z.object({ kind: z.string(), rule: z.string(), percent: z.number().optional() })),
      rules: z.array(z.string()),
      unevaluated: z.array(z.string()),
      conditional: z.array(z.object({ kind: z.string(), rule: z.string(), when: z.string() })),
    }),
  ),
});

async function allowed(...flags: string[]) {
  const { code, stdout, stderr } = await run("allowed", ...flags, "--json");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return allowedSchema.parse(JSON.parse(stdout));
}

describe("dualtrack allowed", { timeout: 30_000 }, () => {
  it("--to CN --date 2025-06-01: no-licence chips only — L20, L40 (NAC), Chinese designs; not H20 or H100", async () => {
    const doc = await allowed("--to", "CN", "--date", "2025-06-01");
    const ids = doc.chips.map((c) => c.chip);
    // L20: TPP 1,913.6 < 2,400 and PD 3.14 < 3.2 → outside 3A090; L40: 3A090.b → NAC notification;
    // Ascend 910C: a domestic sale.
    expect(ids).toEqual(expect.arrayContaining(["l20", "l40", "ascend-910c"]));
    // H20: is-informed letter from 2025-04-09 (denial); H100: 3A090.a to D:5 (denial).
    expect(ids).not.toContain("h20");
    expect(ids).not.toContain("h100-sxm");
    for (const c of doc.chips) expect(c.licenseRequired).toBe(false);
    expect(doc.chips.find((c) => c.chip === "l40")?.review).toBe("notification");
    expect(doc.chips.find((c) => c.chip === "ascend-910c")).toMatchObject({
      review: "none",
      domesticSale: true,
    });
  });

  it("--max-review case-by-case on 2026-02-01 admits the H200 with its 25% tariff, not the B200", async () => {
    const doc = await allowed("--to", "CN", "--date", "2026-02-01", "--max-review", "case-by-case");
    const h200 = doc.chips.find((c) => c.chip === "h200-sxm");
    // TPP 15,832 < 21,000, DRAM 4,800 < 6,500 → case-by-case; band 1 → 25% tariff; China conditional.
    expect(h200).toMatchObject({ review: "case-by-case", licenseRequired: true, chinaStatus: "conditional" });
    expect(h200?.conditions).toContainEqual(expect.objectContaining({ kind: "tariff", percent: 25 }));
    expect(h200?.rules).toContain("us-2026-01-case-by-case");
    // B200: TPP fp4 9,000 × 4 = 36,000 ≥ 21,000 → presumption of denial.
    expect(doc.chips.map((c) => c.chip)).not.toContain("b200");
  });

  it("leaves out chips launched after --date unless --unlaunched", async () => {
    const early = await allowed(
      "--to",
      "US",
      "--date",
      "2023-01-01",
      "--max-review",
      "presumption-of-denial",
    );
    const all = await allowed(
      "--to",
      "US",
      "--date",
      "2023-01-01",
      "--max-review",
      "presumption-of-denial",
      "--unlaunched",
    );
    expect(early.chips.map((c) => c.chip)).not.toContain("b200");
    expect(all.chips.map((c) => c.chip)).toContain("b200");
    expect(early.considered).toBeLessThan(all.considered);
    expect(all.chips).toHaveLength(all.considered);
  });

  it("a chip whose TPP is unknown (Cerebras WSE-3) is marked not evaluable, with its conditional terms, not listed as plainly exportable", async () => {
    const doc = await allowed("--to", "CN", "--date", "2026-02-01");
    const wse = doc.chips.find((c) => c.chip === "cerebras-wse-3");
    expect(wse?.eccn).toBe("none");
    expect(wse?.unevaluated).toEqual(["3A090.a.1", "3A090.a.2", "3A090.b.1", "3A090.b.2"]);
    // the D:5 licence rule applies if the unevaluated paragraphs hold: presumption of denial
    expect(wse?.conditional.map((c) => c.rule)).toContain("us-2023-licence-d5");
    expect(doc.chips.find((c) => c.chip === "l20")?.unevaluated).toEqual([]);
    const { stdout } = await run("allowed", "--to", "CN", "--date", "2026-02-01");
    expect(stdout).toMatch(
      /cerebras-wse-3 +none +US none; China allowed; NOT EVALUABLE \(3A090\.a\.1, 3A090\.a\.2, 3A090\.b\.1, 3A090\.b\.2\): passes on what is known only, see classify cerebras-wse-3\n/,
    );
  });

  it("prints a readable list", async () => {
    const { code, stdout } = await run("allowed", "--to", "CN", "--date", "2027-01-01");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+ of \d+ chips may reach CN on 2027-01-01/);
    expect(stdout).toMatch(/ascend-910c +3A090\.a +US none \(domestic sale\); China allowed\n/);
  });

  it.each([
    [["--max-review", "lenient"], '--max-review: Invalid option: expected one of "none"|"notification"'],
    [["--max-china", "ok"], "--max-china: Invalid option"],
    [["--to", "China"], "--to: expected an ISO 3166-1 alpha-2 country code"],
    [["--date", "2026-02-30"], "--date: expected a date as YYYY-MM-DD"],
  ])("bad flag %j exits 2 naming the flag and the allowed values", async (flags, message) => {
    const { code, stderr, stdout } = await run("allowed", ...flags, "--json");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  });
});
