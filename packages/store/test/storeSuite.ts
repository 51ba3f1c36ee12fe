import { fc, test } from "@fast-check/vitest";
import { afterAll, beforeAll, beforeEach, describe, expect } from "vitest";
import { INTERRUPTED, type RunResult, type Store, StoreError } from "../src/index.js";

/** A clock that moves one second per reading, so orderings by time are deterministic. */
export function tickingClock(start = Date.parse("2026-01-01T00:00:00Z")): () => Date {
  let t = start;
  return () => {
    t += 1000;
    return new Date(t);
  };
}

const result = (output: string, period: string, base = 1): RunResult => ({
  output,
  period,
  n: 100,
  mean: base,
  sd: 0.5,
  min: base - 2,
  p05: base - 1.5,
  p25: base - 0.5,
  p50: base,
  p75: base + 0.5,
  p95: base + 1.5,
  max: base + 2,
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreError) return error.code;
    throw error;
  }
  return "accepted";
}

/**
 * The store's contract, run against each dialect. `open` returns a migrated, empty store sharing one
 * database across the suite; `reset` empties it between tests.
 */
export function describeStore(name: string, open: () => Promise<Store>): void {
  describe(`store on ${name}`, () => {
    let store: Store;
    // PGlite takes seconds to start (WASM compile), more on a busy machine.
    beforeAll(async () => {
      store = await open();
    }, 60_000);
    afterAll(async () => {
      await store.close();
    });
    beforeEach(async () => {
      await store.db.deleteFrom("run_results").execute();
      await store.db.deleteFrom("runs").execute();
      await store.db.deleteFrom("document_versions").execute();
      await store.db.deleteFrom("documents").execute();
      await store.db.deleteFrom("notes").execute();
    });

    test("migrate() is idempotent", async () => {
      await store.migrate();
      await store.migrate();
      expect(await store.scenarios.list()).toEqual([]);
    });

    test("create() makes version 1 with a kebab-case id from the name, unique across documents", async () => {
      const a = await store.scenarios.create({ name: "Baseline 2026 (high)", body: { years: [2026, 2027] } });
      expect(a).toMatchObject({ id: "baseline-2026-high", kind: "scenario", version: 1, latestVersion: 1 });
      expect(a.body).toEqual({ years: [2026, 2027] });
      const b = await store.scenarios.create({ name: "Baseline 2026 (high)", body: {} });
      expect(b.id).toBe("baseline-2026-high-2");
      const c = await store.plans.create({ name: "baseline 2026 high", body: {} });
      expect(c.id).toBe("baseline-2026-high-3");
      expect((await store.scenarios.create({ name: "!!!", body: {} })).id).toBe("scenario");
    });

    test("create() with a taken id is a conflict", async () => {
      await store.scenarios.create({ id: "base", name: "Base", body: {} });
      expect(await refusal(store.scenarios.create({ id: "base", name: "Other", body: {} }))).toBe("conflict");
      expect(await store.scenarios.ids()).toEqual(["base"]);
    });

    test("update() adds a version; old versions stay readable; baseVersion guards concurrent edits", async () => {
      await store.scenarios.create({ id: "s", name: "S", body: { v: 1 } });
      const v2 = await store.scenarios.update("s", { body: { v: 2 }, note: "raise demand", baseVersion: 1 });
      expect(v2).toMatchObject({ version: 2, latestVersion: 2, name: "S", note: "raise demand" });
      const v3 = await store.scenarios.update("s", { name: "S renamed", body: { v: 3 } });
      expect(v3.name).toBe("S renamed");
      expect((await store.scenarios.get("s"))?.body).toEqual({ v: 3 });
      expect((await store.scenarios.get("s", 1))?.body).toEqual({ v: 1 });
      expect(await store.scenarios.get("s", 9)).toBeUndefined();
      expect((await store.scenarios.versions("s"))?.map((v) => [v.version, v.name])).toEqual([
        [1, "S"],
        [2, "S"],
        [3, "S renamed"],
      ]);
      expect(await refusal(store.scenarios.update("s", { body: {}, baseVersion: 2 }))).toBe("conflict");
      expect(await refusal(store.scenarios.update("nope", { body: {} }))).toBe("not_found");
      expect((await store.scenarios.get("s"))?.version).toBe(3);
    });

    test("scenarios and plans are separate kinds", async () => {
      await store.plans.create({ id: "p", name: "P", body: {} });
      expect(await store.scenarios.get("p")).toBeUndefined();
      expect(await refusal(store.scenarios.update("p", { body: {} }))).toBe("not_found");
      expect((await store.plans.list()).map((d) => d.id)).toEqual(["p"]);
      expect(await store.scenarios.list()).toEqual([]);
    });

    test("list() shows the most recently updated first, paged", async () => {
      for (const id of ["a", "b", "c"]) await store.scenarios.create({ id, name: id, body: {} });
      await store.scenarios.update("a", { body: { x: 1 } });
      expect((await store.scenarios.list()).map((d) => [d.id, d.latestVersion])).toEqual([
        ["a", 2],
        ["c", 1],
        ["b", 1],
      ]);
      expect((await store.scenarios.list({ limit: 1, offset: 1 })).map((d) => d.id)).toEqual(["c"]);
    });

    test("remove() hides a document but keeps the versions its runs point at", async () => {
      await store.scenarios.create({ id: "s", name: "S", body: { v: 1 } });
      const r = await store.runs.create({
        kind: "simulate",
        documentId: "s",
        documentVersion: 1,
        seed: 7,
        runs: 10,
      });
      expect(await store.scenarios.remove("s")).toBe(true);
      expect(await store.scenarios.remove("s")).toBe(false);
      expect(await store.scenarios.get("s")).toBeUndefined();
      expect(await store.scenarios.list()).toEqual([]);
      expect((await store.scenarios.get("s", 1))?.body).toEqual({ v: 1 });
      expect((await store.runs.get(r.id))?.documentVersion).toBe(1);
    });

    test("a run moves queued → running → succeeded with its results, and never again", async () => {
      await store.scenarios.create({ id: "s", name: "S", body: {} });
      const queued = await store.runs.create({
        kind: "simulate",
        documentId: "s",
        documentVersion: 1,
        seed: 4_294_967_295,
        runs: 1000,
        options: { workers: 2 },
      });
      expect(queued).toMatchObject({ status: "queued", seed: 4_294_967_295, completed: 0, runs: 1000 });
      expect(queued.options).toEqual({ workers: 2 });
      expect(await refusal(store.runs.progress(queued.id, 10))).toBe("conflict");
      const running = await store.runs.start(queued.id);
      expect(running.status).toBe("running");
      expect(running.startedAt).not.toBeNull();
      expect((await store.runs.progress(queued.id, 400)).completed).toBe(400);
      expect((await store.runs.progress(queued.id, 300)).completed).toBe(400);
      const results = [
        result("revenue", "2026Q2"),
        result("revenue", "2026Q1"),
        result("units", "2026Q1", 5),
      ];
      const done = await store.runs.complete(queued.id, results, { quarters: ["2026Q1", "2026Q2"] });
      expect(done).toMatchObject({ status: "succeeded", completed: 1000, error: null });
      expect(done.elapsedMs).toBeGreaterThan(0);
      expect(await store.runs.get(queued.id)).toEqual(done);
      expect((await store.runs.results(queued.id)).map((r) => `${r.output} ${r.period}`)).toEqual([
        "revenue 2026Q1",
        "revenue 2026Q2",
        "units 2026Q1",
      ]);
      expect((await store.runs.results(queued.id))[2]).toEqual(result("units", "2026Q1", 5));
      expect(await store.runs.summary(queued.id)).toEqual({ quarters: ["2026Q1", "2026Q2"] });
      expect(await refusal(store.runs.complete(queued.id, []))).toBe("conflict");
      expect(await refusal(store.runs.fail(queued.id, "late"))).toBe("conflict");
      expect(await refusal(store.runs.start(queued.id))).toBe("conflict");
    });

    test("a run of an unknown document version is refused", async () => {
      await store.scenarios.create({ id: "s", name: "S", body: {} });
      const base = { kind: "simulate", documentId: "s", seed: 1, runs: 1 } as const;
      expect(await refusal(store.runs.create({ ...base, documentVersion: 2 }))).toBe("not_found");
      expect(await refusal(store.runs.create({ ...base, documentId: "t", documentVersion: 1 }))).toBe(
        "not_found",
      );
      expect(await refusal(store.runs.create({ ...base, documentVersion: 1, seed: -1 }))).toBe("invalid");
    });

    test("complete() writes all results or none: a failing insert leaves the run running with no results", async () => {
      await store.scenarios.create({ id: "s", name: "S", body: {} });
      const r = await store.runs.create({
        kind: "simulate",
        documentId: "s",
        documentVersion: 1,
        seed: 1,
        runs: 5,
      });
      await store.runs.start(r.id);
      const many = Array.from({ length: 120 }, (_, i) => result(`o${i}`, "2026Q1"));
      // The duplicate primary key in the third chunk fails the transaction after 100 rows were inserted.
      await expect(store.runs.complete(r.id, [...many, result("o0", "2026Q1")])).rejects.toThrow();
      expect((await store.runs.get(r.id))?.status).toBe("running");
      expect(await store.runs.results(r.id)).toEqual([]);
      expect(await refusal(store.runs.complete(r.id, [result("x", "2026Q1", Number.NaN)]))).toBe("invalid");
      expect(await store.runs.summary(r.id)).toBeUndefined();
      expect(await store.runs.results(r.id)).toEqual([]);
      const empty = { ...result("empty", "2026Q1"), n: 0, mean: null, sd: null, min: null, max: null };
      expect((await store.runs.complete(r.id, [...many, empty])).status).toBe("succeeded");
      expect(await store.runs.results(r.id)).toHaveLength(121);
      expect((await store.runs.results(r.id))[0]).toEqual(empty);
    });

    test("fail() and cancel() finish a run with the reason; list() filters by status and document", async () => {
      await store.scenarios.create({ id: "s", name: "S", body: {} });
      await store.scenarios.create({ id: "t", name: "T", body: {} });
      const make = (documentId: string) =>
        store.runs.create({ kind: "simulate", documentId, documentVersion: 1, seed: 1, runs: 5 });
      const a = await make("s");
      const b = await make("s");
      const c = await make("t");
      await store.runs.start(a.id);
      expect(await store.runs.fail(a.id, "solver crashed")).toMatchObject({
        status: "failed",
        error: "solver crashed",
      });
      expect((await store.runs.cancel(b.id)).status).toBe("cancelled");
      expect((await store.runs.list()).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
      expect((await store.runs.list({ status: "failed" })).map((r) => r.id)).toEqual([a.id]);
      expect((await store.runs.list({ documentId: "t" })).map((r) => r.id)).toEqual([c.id]);
      expect(await store.runs.list({ documentId: "t", status: "failed" })).toEqual([]);
      expect(await refusal(store.runs.cancel("nope"))).toBe("not_found");
    });

    test("markInterruptedRuns() fails what a previous process left queued or running, and only that", async () => {
      await store.scenarios.create({ id: "s", name: "S", body: {} });
      const make = () =>
        store.runs.create({ kind: "simulate", documentId: "s", documentVersion: 1, seed: 1, runs: 5 });
      const queued = await make();
      const running = await make();
      const done = await make();
      await store.runs.start(running.id);
      await store.runs.progress(running.id, 3);
      await store.runs.start(done.id);
      await store.runs.complete(done.id, [result("units", "2026Q1")]);
      expect((await store.markInterruptedRuns()).sort()).toEqual([queued.id, running.id].sort());
      expect(await store.runs.get(running.id)).toMatchObject({
        status: "failed",
        error: INTERRUPTED,
        completed: 3,
      });
      expect((await store.runs.get(queued.id))?.status).toBe("failed");
      expect((await store.runs.get(done.id))?.status).toBe("succeeded");
      expect(await store.runs.results(done.id)).toHaveLength(1);
      expect(await store.markInterruptedRuns()).toEqual([]);
    });

    test("notes and claims: create, list by subject, update, remove", async () => {
      const n = await store.notes.create({ kind: "note", subject: "chip:h100-sxm", body: "check TDP" });
      const c = await store.notes.create({
        kind: "claim",
        subject: "chip:ascend-910c",
        body: "matches H100 on inference",
        source: "press-2025",
        verdict: "plausible",
      });
      expect(await store.notes.get(n.id)).toEqual(n);
      expect((await store.notes.list({ subject: "chip:ascend-910c" })).map((x) => x.id)).toEqual([c.id]);
      expect((await store.notes.list({ kind: "note" })).map((x) => x.id)).toEqual([n.id]);
      const updated = await store.notes.update(c.id, { verdict: "contradicted", source: null });
      expect(updated).toMatchObject({
        verdict: "contradicted",
        source: null,
        body: "matches H100 on inference",
      });
      expect(await store.notes.update("nope", { body: "x" })).toBeUndefined();
      expect(await store.notes.remove(n.id)).toBe(true);
      expect(await store.notes.remove(n.id)).toBe(false);
      expect((await store.notes.list()).map((x) => x.id)).toEqual([c.id]);
    });

    test.prop([fc.array(fc.jsonValue(), { minLength: 1, maxLength: 6 })], { numRuns: 15 })(
      "every version reads back the body it was written with",
      async (bodies) => {
        await store.db.deleteFrom("document_versions").execute();
        await store.db.deleteFrom("documents").execute();
        const [first, ...rest] = bodies;
        await store.scenarios.create({ id: "p", name: "P", body: first ?? null });
        for (const body of rest) await store.scenarios.update("p", { body });
        for (const [i, body] of bodies.entries()) {
          // JSON has no -0; the store keeps what JSON.stringify writes.
          expect((await store.scenarios.get("p", i + 1))?.body).toEqual(JSON.parse(JSON.stringify(body)));
        }
      },
    );
  });
}
