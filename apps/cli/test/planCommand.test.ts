import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "./run.js";

const CN = "examples/plans/cn-hyperscaler-2026.yaml";
const US = "examples/plans/us-firm-2026.yaml";

async function planFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dualtrack-plan-"));
  const file = join(dir, "plan.yaml");
  await writeFile(file, text);
  return file;
}

interface Result {
  status: string;
  objective: number;
  purchases: { period: string; chip: string; units: number }[];
  totals: { capexUsd: number; peakPowerMW: number; domesticShare: number };
  binding: { kind: string; chip?: string }[];
  mandateCost: number | null;
}

// The first call loads HiGHS, the catalog and the policies; on a busy CI machine that can pass 5 s.
describe("dualtrack plan", { timeout: 30_000 }, () => {
  it("--json prints one document with status, objective and purchases (the CLI contract)", async () => {
    const { code, stdout, stderr } = await run("plan", CN, "--json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as Result;
    expect(r.status).toBe("optimal");
    expect(r.objective).toBeGreaterThan(0);
    expect(r.purchases.length).toBeGreaterThan(0);
    // The example's caps hold: 4.0e9 capex, 80 MW, 50% domestic units in every period.
    expect(r.totals.capexUsd).toBeLessThanOrEqual(4.0e9);
    expect(r.totals.peakPowerMW).toBeLessThanOrEqual(80 + 1e-6);
    expect(r.totals.domesticShare).toBeGreaterThanOrEqual(0.5 - 1e-9);
    // H200 is licence-capped at 30,000 a year; the Ascend 950PR supply at 5,000 in 2026.
    for (const p of r.purchases) if (p.chip === "h200-sxm") expect(p.units).toBeLessThanOrEqual(30_000);
    expect(r.binding.map((b) => b.kind)).toContain("mandate");
    expect(r.mandateCost).toBeGreaterThan(0);
  });

  it("the US firm buys no CN-designed chips and has no mandate cost", async () => {
    const r = JSON.parse((await run("plan", US, "--json")).stdout) as Result;
    expect(r.status).toBe("optimal");
    expect(r.purchases.every((p) => !p.chip.startsWith("ascend"))).toBe(true);
    expect(r.mandateCost).toBeNull();
  });

  it("prints a table with binding constraints and shadow prices without --json", async () => {
    const { code, stdout } = await run("plan", CN);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^optimal: min-cost = \$[\d.]+[MB]/);
    expect(stdout).toContain("binding constraints (LP relaxation shadow prices):");
    expect(stdout).toMatch(/the 50% domestic mandate in 2027: each extra point costs \$/);
    // Capacities are the perf model's, with the operating point and calibration marked.
    expect(stdout).toMatch(/h200-sxm: [\d.]+ output tokens\/s \* \(trtllm fp8 .*tp 8.*TPOT [\d.]+ ms/);
  });

  it("--compare solves variants side by side; a higher mandate never costs less", async () => {
    const { code, stdout } = await run(
      "plan",
      CN,
      "--json",
      "--compare",
      "mandates.domesticShareMin=0.3,0.5,0.7",
    );
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { compare: string; variants: { value: number; result: Result }[] };
    expect(doc.compare).toBe("mandates.domesticShareMin");
    expect(doc.variants.map((v) => v.value)).toEqual([0.3, 0.5, 0.7]);
    const objectives = doc.variants.map((v) =>
      v.result.status === "infeasible" ? Infinity : v.result.objective,
    );
    expect(objectives[0]).toBeLessThanOrEqual(objectives[1] ?? Number.NaN);
    expect(objectives[1]).toBeLessThanOrEqual(objectives[2] ?? Number.NaN);
    const table = await run("plan", CN, "--compare", "licences.h200-sxm=true,false");
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^licences\.h200-sxm\s+true\s+false/);
  });

  it("an infeasible plan names the conflicting constraints in words (exit 0: the answer is 'no')", async () => {
    const file = await planFile(
      [
        "buyer: { name: t, country: CN }",
        "horizon: { start: 2026, years: 1 }",
        "demand: [{ id: chat, period: 2026, serve: { model: qwen3.5-397b-a17b, outputTokensPerSec: 1.0e8 } }]",
        "candidates: [h20]",
        "licences: { h20: true }",
        "budget: { capexUsd: 1.0e6 }",
        "powerMW: 500",
      ].join("\n"),
    );
    const r = JSON.parse((await run("plan", file, "--json")).stdout) as {
      status: string;
      conflicts: { group: string }[];
    };
    expect(r.status).toBe("infeasible");
    expect(r.conflicts.map((c) => c.group)).toEqual(["demand:chat", "budget"]);
  });

  it("without a licences: entry the policy engine decides: H100 to a CN buyer is unavailable", async () => {
    const file = await planFile(
      [
        "buyer: { name: t, country: CN }",
        "horizon: { start: 2026, years: 1 }",
        "demand: [{ id: chat, period: 2026, serve: { model: qwen3.5-397b-a17b, outputTokensPerSec: 1.0e6 } }]",
        "candidates: [h100-sxm, mlu590]",
      ].join("\n"),
    );
    const r = JSON.parse((await run("plan", file, "--json")).stdout) as Result;
    expect(r.status).toBe("optimal");
    expect(r.purchases.map((p) => p.chip)).toEqual(["mlu590"]);
    expect(r.binding.some((b) => b.kind === "unavailable" && b.chip === "h100-sxm")).toBe(true);
    // With a licence granted in the plan file, the buyer's scenario overrides the engine.
    const licensed = await run("plan", file, "--json", "--compare", "licences.h100-sxm=true");
    const doc = JSON.parse(licensed.stdout) as { variants: { result: Result }[] };
    expect(doc.variants[0]?.result.binding.some((b) => b.kind === "unavailable")).toBe(false);
    expect((await run("plan", file, "--china-stance", "lenient")).code).toBe(2);
  });

  it("invalid plan files give field-level errors and exit 2", async () => {
    const file = await planFile(
      [
        "buyer: { name: t, country: china }",
        "horizon: { start: 2026, years: 2 }",
        "demand: [{ period: 2031, serve: { model: qwen3.5-397b-a17b, outputTokensPerSec: -5 } }]",
        "mandates: { domesticShareMin: 1.5 }",
        "objective: cheapest",
      ].join("\n"),
    );
    const { code, stdout, stderr } = await run("plan", file, "--json");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("buyer.country: an ISO 3166-1 alpha-2 code such as CN or US");
    expect(stderr).toContain("demand[0].serve.outputTokensPerSec:");
    expect(stderr).toContain("mandates.domesticShareMin:");
    expect(stderr).toMatch(/objective: .*"min-cost"/);
  });

  it("unknown chips and models are named with their field; a bad --compare is exit 2", async () => {
    const file = await planFile(
      [
        "buyer: { name: t, country: CN }",
        "horizon: { start: 2026, years: 1 }",
        "demand: [{ period: 2026, serve: { model: no-such-model, outputTokensPerSec: 1.0e6 } }]",
        "candidates: [h20, no-such-chip]",
        // a typo in a licence, supply cap or chip override would silently drop its terms
        "licences: { h200-sxn: { priceMultiplier: 1.25 } }",
        "supply: { h2o: { maxUnits: 100 } }",
        "chips: { b2oo: { priceUsd: 1 } }",
      ].join("\n"),
    );
    const bad = await run("plan", file, "--json");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("candidates[1]: unknown chip 'no-such-chip'");
    expect(bad.stderr).toContain("licences.h200-sxn: unknown chip 'h200-sxn'");
    expect(bad.stderr).toContain("supply.h2o: unknown chip 'h2o'");
    expect(bad.stderr).toContain("chips.b2oo: unknown chip 'b2oo'");
    expect(bad.stderr).toContain("demand[0].serve.model: unknown model 'no-such-model'");
    const compare = await run("plan", CN, "--compare", "nokey");
    expect(compare.code).toBe(2);
    expect(compare.stderr).toContain("--compare expects key=v1,v2,…");
  });
});
