import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileScenario, replicate, type Scenario, tornado } from "@dualtrack/core";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import {
  createSimulationPool,
  loadScenario,
  runSimulation,
  ScenarioError,
  ttyProgress,
} from "../src/index.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const baseline = join(root, "examples/scenarios/baseline.yaml");
const hash = (x: unknown) => createHash("sha256").update(JSON.stringify(x)).digest("hex");

describe("simulation pool", () => {
  test("the same seed at 1 and 2 workers (and in-process, any chunk size) gives an identical output hash", async () => {
    const s = await loadScenario(baseline);
    const opts = { runs: 60, seed: 9 };
    const inline = await runSimulation(s, { ...opts, workers: 0, chunkSize: 7 });
    const one = await runSimulation(s, { ...opts, workers: 1, chunkSize: 50 });
    const two = await runSimulation(s, { ...opts, workers: 2, chunkSize: 13 });
    expect(hash(one)).toBe(hash(two));
    expect(hash(inline)).toBe(hash(two));
    expect(two.runs).toBe(60);
    const other = await runSimulation(s, { ...opts, seed: 10, workers: 0 });
    expect(hash(other)).not.toBe(hash(two));
  }, 60_000);

  test("quantiles are ordered P5 ≤ P25 ≤ P50 ≤ P75 ≤ P95 for every output and quarter", async () => {
    const s = await loadScenario(baseline);
    const r = await runSimulation(s, { runs: 60, seed: 1 });
    for (const o of r.outputs)
      o.p50.forEach((m, q) => {
        expect(o.p5[q] ?? Number.NaN).toBeLessThanOrEqual(o.p25[q] ?? Number.NaN);
        expect(o.p25[q] ?? Number.NaN).toBeLessThanOrEqual(m);
        expect(m).toBeLessThanOrEqual(o.p75[q] ?? Number.NaN);
        expect(o.p75[q] ?? Number.NaN).toBeLessThanOrEqual(o.p95[q] ?? Number.NaN);
      });
    expect(r.quarters[0]).toBe("2023Q1");
    expect(r.quarters.at(-1)).toBe("2032Q4");
  });

  test("progress reaches runs/runs and an abort rejects with an AbortError", async () => {
    const s = await loadScenario(baseline);
    const seen: number[] = [];
    await runSimulation(s, { runs: 40, chunkSize: 10, onProgress: (done) => seen.push(done) });
    expect(seen).toEqual([10, 20, 30, 40]);
    const pool = createSimulationPool(1);
    try {
      const ac = new AbortController();
      const run = pool.simulate(s, {
        runs: 5000,
        chunkSize: 50,
        signal: ac.signal,
        onProgress: () => ac.abort(),
      });
      await expect(run).rejects.toMatchObject({ name: "AbortError" });
      const inline = createSimulationPool(0);
      const ac2 = new AbortController();
      ac2.abort();
      await expect(inline.simulate(s, { runs: 10, signal: ac2.signal })).rejects.toMatchObject({
        name: "AbortError",
      });
    } finally {
      await pool.destroy();
    }
  }, 60_000);

  test("tornado on a worker thread gives core's result (serving rates included) and core's error", async () => {
    const s = await loadScenario(baseline);
    const options = {
      output: "servingTokensPerSec.glm-5",
      period: "2027",
      top: 3,
      runs: 2,
      seed: 4,
      servingRates: { "glm-5": { h200: 500, h20: 120 } },
    };
    const pool = createSimulationPool(1);
    try {
      const threaded = await pool.tornado(s, options);
      expect(threaded).toEqual(tornado(s, options));
      expect(threaded.base).toBeGreaterThan(0);
      await expect(pool.tornado(s, { ...options, output: "nope" })).rejects.toThrow(/output: 'nope'/);
    } finally {
      await pool.destroy();
    }
  }, 60_000);

  test("a bad scenario names the field", async () => {
    await expect(loadScenario(join(root, "examples/scenarios/nope.yaml"))).rejects.toBeInstanceOf(
      ScenarioError,
    );
    const { parseScenario } = await import("../src/index.js");
    expect(() => parseScenario({ id: "x" }, "x.yaml")).toThrow(/x\.yaml: name/);
  });
});

describe("ttyProgress", () => {
  test("redraws one line per whole percent and ends it with a newline", () => {
    let text = "";
    const p = ttyProgress({ write: (t: string) => (text += t) }, "runs", 10);
    p.update(5, 10);
    p.update(5, 10); // same percent: no redraw
    p.update(10, 10);
    p.finish();
    const frames = text.split("\r").filter((f) => f !== "");
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatch(/^\[#####-----\] {2}50% {2}5\/10 runs/);
    expect(frames[1]).toMatch(/^\[##########\] 100% {2}10\/10 runs .*\n$/);
  });
});

describe("baseline properties (real scenario, random replications)", () => {
  const scaleWafers = (s: Scenario, k: number): Scenario => {
    const copy = JSON.parse(JSON.stringify(s)) as Scenario;
    for (const p of copy.fab.advancedWpm) {
      const v = p.value;
      if ("value" in v) v.value *= k;
      else if (v.dist === "triangular" || v.dist === "pert")
        Object.assign(v, { min: v.min * k, mode: v.mode * k, max: v.max * k });
    }
    return copy;
  };
  fcTest.prop([fc.nat({ max: 10_000 }), fc.double({ min: 1, max: 3, noNaN: true })], { numRuns: 15 })(
    "more SMIC wafers never lower cumulative domestic production (units, all lines)",
    async (index, k) => {
      const s = await loadScenario(baseline);
      const lo = compileScenario(s);
      const hi = compileScenario(scaleWafers(s, k));
      const a = replicate(lo, 1, index).values;
      const b = replicate(hi, 1, index).values;
      const nQ = lo.quarters.length;
      const lines = lo.outputs.flatMap((o, i) => (o.name.startsWith("production.") ? [i] : []));
      let cumA = 0;
      let cumB = 0;
      for (let q = 0; q < nQ; q++) {
        for (const o of lines) {
          cumA += a[o * nQ + q] ?? 0;
          cumB += b[o * nQ + q] ?? 0;
        }
        expect(cumB).toBeGreaterThanOrEqual(cumA * (1 - 1e-9));
      }
    },
  );
  fcTest.prop([fc.nat({ max: 10_000 }), fc.integer({ min: 0, max: 39 })], { numRuns: 15 })(
    "a US ban on the H200 from any quarter never raises H200 imports in any quarter",
    async (index, t) => {
      const s = await loadScenario(baseline);
      const free = compileScenario(s);
      const banned = JSON.parse(JSON.stringify(s)) as Scenario;
      const at = free.quarters[t] ?? "2023Q1";
      banned.policy.timeline.push({
        id: "ban",
        at,
        products: ["h200"],
        us: { state: "blocked" },
        assumption: "test",
      });
      const c = compileScenario(banned);
      const o = free.outputIndex.get("units.h200") ?? -1;
      const a = replicate(free, 1, index).values;
      const b = replicate(c, 1, index).values;
      for (let q = 0; q < free.quarters.length; q++) {
        expect(b[o * 40 + q] ?? 0).toBeLessThanOrEqual(a[o * 40 + q] ?? 0);
        // From 2026Q2 no later timeline entry re-opens the H200 in the US, so the ban holds to the end.
        if (t >= 13 && q >= t) expect(b[o * 40 + q]).toBe(0);
      }
    },
  );
});
