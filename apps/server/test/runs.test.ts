import { scenarioSchema, servingRates } from "@dualtrack/core";
import { createSimulationPool, type SimulationPool } from "@dualtrack/runner";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Domain } from "../src/domain.js";
import { scenarioServingRates } from "../src/scenarioServingRates.js";
import { simulationExecutor } from "../src/simulationExecutor.js";
import { baselineScenario, errorOf, gatedExecutor, type TestApp, testApp } from "./testApp.js";

interface RunBody {
  id: string;
  status: string;
  completed: number;
  runs: number;
  seed: number;
  documentVersion: number;
  error: string | null;
}

async function withScenario(t: TestApp, id = "base"): Promise<void> {
  const res = await t.send("POST", "/api/scenarios", { id, name: id, body: await baselineScenario() });
  expect(res.status).toBe(201);
}

/** Reads an SSE body to its end as `[event, data]` pairs. */
async function sseEvents(res: Response): Promise<[string, RunBody][]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((block) => block.includes("data:"))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? "null";
      return [event, JSON.parse(data) as RunBody];
    });
}

describe("runs with a controllable executor", () => {
  test("POST /api/runs queues (202), progress streams over SSE, results arrive when it succeeds", async () => {
    const gate = gatedExecutor();
    const t = await testApp({ executor: gate.executor });
    try {
      await withScenario(t);
      const res = await t.send("POST", "/api/runs", { scenario: "base", runs: 10, seed: 7 });
      expect(res.status).toBe(202);
      const run = (await res.json()) as RunBody;
      expect(run).toMatchObject({ status: "queued", runs: 10, seed: 7, documentVersion: 1 });
      expect(res.headers.get("location")).toBe(`/api/runs/${run.id}`);
      await gate.started;
      const events = t.app.request(`/api/runs/${run.id}/events`);
      expect((await errorOf(await t.send("GET", `/api/runs/${run.id}/results`))).code).toBe("conflict");
      gate.release();
      const stream = await events;
      expect(stream.headers.get("content-type")).toContain("text/event-stream");
      const seen = await sseEvents(stream);
      const last = seen.at(-1);
      expect(last?.[0]).toBe("status");
      expect(last?.[1]).toMatchObject({ status: "succeeded", completed: 10 });
      expect(seen.some(([e, r]) => e === "progress" && r.completed === 10)).toBe(true);
      const results = (await (await t.send("GET", `/api/runs/${run.id}/results`)).json()) as {
        results: { output: string; p50: number }[];
        summary: unknown;
      };
      expect(results.results).toEqual([
        expect.objectContaining({ output: "seed", period: "2026Q1", p50: 7 }),
      ]);
      expect(results.summary).toEqual({ seed: 7 });
      const finished = (await (await t.send("GET", `/api/runs/${run.id}`)).json()) as RunBody;
      expect(finished.status).toBe("succeeded");
      const finishedEvents = await sseEvents(await t.app.request(`/api/runs/${run.id}/events`));
      expect(finishedEvents.map(([e, r]) => [e, r.status])).toEqual([["status", "succeeded"]]);
    } finally {
      await t.dispose();
    }
  });

  test("a run points at the version it ran even after the scenario is edited", async () => {
    const gate = gatedExecutor();
    gate.release();
    const t = await testApp({ executor: gate.executor });
    try {
      await withScenario(t);
      const run = (await (
        await t.send("POST", "/api/runs", { scenario: "base", runs: 2 })
      ).json()) as RunBody;
      await t.queue?.idle();
      await t.send("PUT", "/api/scenarios/base", { body: await baselineScenario() });
      expect(((await (await t.send("GET", `/api/runs/${run.id}`)).json()) as RunBody).documentVersion).toBe(
        1,
      );
      const second = (await (
        await t.send("POST", "/api/runs", { scenario: "base", runs: 2 })
      ).json()) as RunBody;
      expect(second.documentVersion).toBe(2);
      const pinned = (await (
        await t.send("POST", "/api/runs", { scenario: "base", version: 1, runs: 2 })
      ).json()) as RunBody;
      expect(pinned.documentVersion).toBe(1);
      await t.queue?.idle();
      const listed = (await (
        await t.send("GET", "/api/runs?scenario=base&status=succeeded")
      ).json()) as RunBody[];
      expect(listed).toHaveLength(3);
    } finally {
      await t.dispose();
    }
  });

  test("cancel stops a running run and a queued one; the queue answers 429 when full", async () => {
    const gate = gatedExecutor();
    const t = await testApp({ executor: gate.executor, maxQueuedRuns: 2 });
    try {
      await withScenario(t);
      const start = async () => t.send("POST", "/api/runs", { scenario: "base", runs: 4 });
      const running = (await (await start()).json()) as RunBody;
      await gate.started;
      const queued = (await (await start()).json()) as RunBody;
      expect((await start()).status).toBe(202);
      const refused = await start();
      expect(refused.status).toBe(429);
      expect((await errorOf(refused)).code).toBe("too_many_requests");
      const cancelledQueued = await t.send("POST", `/api/runs/${queued.id}/cancel`);
      expect(((await cancelledQueued.json()) as RunBody).status).toBe("cancelled");
      const cancelledRunning = (await (
        await t.send("POST", `/api/runs/${running.id}/cancel`)
      ).json()) as RunBody;
      expect(cancelledRunning.status).toBe("cancelled");
      expect(cancelledRunning.completed).toBe(2);
      expect((await t.send("POST", `/api/runs/${running.id}/cancel`)).status).toBe(409);
      expect((await t.send("GET", `/api/runs/${running.id}/results`)).status).toBe(409);
      expect(await t.store.runs.results(running.id)).toEqual([]);
      gate.release();
      await t.queue?.idle();
    } finally {
      await t.dispose();
    }
  });

  test("bad run requests: field paths, unknown scenario with suggestions, unknown run ids, no executor → 501", async () => {
    const gate = gatedExecutor();
    const t = await testApp({ executor: gate.executor });
    try {
      await withScenario(t, "baseline-high");
      const bad = await errorOf(
        await t.send("POST", "/api/runs", { scenario: "baseline-high", runs: 0, seed: -1 }),
      );
      expect(bad.issues?.map((i) => i.path).sort()).toEqual(["body.runs", "body.seed"]);
      const missing = await errorOf(await t.send("POST", "/api/runs", { scenario: "baseline-hgh" }));
      expect(missing.suggestions).toContain("baseline-high");
      expect((await t.send("POST", "/api/runs", { scenario: "baseline-high", version: 5 })).status).toBe(404);
      expect((await t.send("GET", "/api/runs/nope")).status).toBe(404);
      expect((await t.send("GET", "/api/runs/nope/events")).status).toBe(404);
      expect((await t.send("POST", "/api/runs/nope/cancel")).status).toBe(404);
      expect((await t.send("GET", "/api/runs?status=done")).status).toBe(400);
    } finally {
      await t.dispose();
    }
    const none = await testApp();
    try {
      await withScenario(none);
      expect((await none.send("POST", "/api/runs", { scenario: "base" })).status).toBe(501);
    } finally {
      await none.dispose();
    }
  });

  test("an executor failure records the run failed with its message", async () => {
    const t = await testApp({
      executor: async () => {
        throw new Error("solver exploded");
      },
    });
    try {
      await withScenario(t);
      const run = (await (
        await t.send("POST", "/api/runs", { scenario: "base", runs: 3 })
      ).json()) as RunBody;
      await t.queue?.idle();
      expect(await t.store.runs.get(run.id)).toMatchObject({ status: "failed", error: "solver exploded" });
    } finally {
      await t.dispose();
    }
  });
});

describe("runs in the simulation pool", () => {
  let pool: SimulationPool;
  beforeAll(() => {
    pool = createSimulationPool(0);
  });
  afterAll(async () => {
    await pool.destroy();
  });

  test("the baseline scenario runs to per-quarter quantiles; the same seed gives the same results", async () => {
    const t = await testApp({ executor: simulationExecutor(pool) });
    try {
      await withScenario(t);
      const a = (await (
        await t.send("POST", "/api/runs", { scenario: "base", runs: 40, seed: 11 })
      ).json()) as RunBody;
      const b = (await (
        await t.send("POST", "/api/runs", { scenario: "base", runs: 40, seed: 11 })
      ).json()) as RunBody;
      await t.queue?.idle();
      const read = async (id: string) =>
        (await (await t.send("GET", `/api/runs/${id}/results`)).json()) as {
          run: RunBody;
          results: {
            output: string;
            period: string;
            n: number;
            p05: number | null;
            p50: number | null;
            p95: number | null;
          }[];
          summary: { quarters: string[]; outputs: { name: string }[] };
        };
      const ra = await read(a.id);
      const rb = await read(b.id);
      expect(ra.run.status).toBe("succeeded");
      expect(ra.results.length).toBe(ra.summary.quarters.length * ra.summary.outputs.length);
      expect(ra.results).toEqual(rb.results);
      const share = ra.results.find((r) => r.output === "domesticShare" && r.period === "2026Q4");
      expect(share?.n).toBe(40);
      if (share?.p05 == null || share.p50 == null || share.p95 == null) throw new Error("no domestic share");
      expect(share.p05).toBeLessThanOrEqual(share.p50);
      expect(share.p50).toBeLessThanOrEqual(share.p95);
      expect(share.p95).toBeLessThanOrEqual(1);
    } finally {
      await t.dispose();
    }
  }, 60_000);

  test("a scenario with serving outputs runs with the perf model's rates: what the pool gives with core's servingRates, as `dualtrack simulate`", async () => {
    let domain: Domain | undefined;
    const t = await testApp({
      executor: simulationExecutor(pool, (s) => {
        if (domain === undefined) throw new Error("no domain");
        return scenarioServingRates(domain, s);
      }),
    });
    domain = t.domain;
    try {
      await withScenario(t);
      const started = (await (
        await t.send("POST", "/api/runs", { scenario: "base", runs: 20, seed: 3 })
      ).json()) as RunBody;
      await t.queue?.idle();
      const got = (await (await t.send("GET", `/api/runs/${started.id}/results`)).json()) as {
        run: RunBody;
        results: { output: string; period: string; p50: number | null }[];
        summary: { servingRates: Record<string, Record<string, number>>; servingGaps: unknown[] };
      };
      expect(got.run.status).toBe("succeeded");
      const scenario = scenarioSchema.parse(await baselineScenario());
      const { rates, gaps } = servingRates(scenario, t.domain.catalog, t.domain.perf ?? noPerf());
      expect(got.summary.servingRates).toEqual(rates);
      expect(got.summary.servingGaps).toEqual(gaps);
      const want = await pool.simulate(scenario, { runs: 20, seed: 3, servingRates: rates });
      const serving = want.outputs.find((o) => o.name === "servingTokensPerSec.glm-5");
      const q = want.quarters.indexOf("2028Q4");
      const row = got.results.find((r) => r.output === "servingTokensPerSec.glm-5" && r.period === "2028Q4");
      // before, the server ran without rates and every serving output read 0
      expect(row?.p50 ?? 0).toBeGreaterThan(0);
      expect(row?.p50).toBe(serving?.p50[q]);
    } finally {
      await t.dispose();
    }
  }, 60_000);
});

function noPerf(): never {
  throw new Error("the test domain has no perf data");
}
