import { estimateInference, estimateTraining, scenarioSchema, servingRates, tornado } from "@dualtrack/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { errorOf, type TestApp, testApp } from "./testApp.js";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.dispose();
});

describe("catalog routes", () => {
  test("GET /api/chips?country=CN&sort=-bf16 lists only Chinese chips, highest dense BF16 first", async () => {
    const res = await t.send("GET", "/api/chips?country=cn&sort=-bf16");
    expect(res.status).toBe(200);
    const chips = (await res.json()) as { id: string; country: string; dense: { bf16?: number } }[];
    const expected = t.domain.catalog.chips.filter((c) => c.country === "CN");
    expect(chips).toHaveLength(expected.length);
    expect(chips.every((c) => c.country === "CN")).toBe(true);
    const bf16 = chips.map((c) => c.dense.bf16).filter((x) => x !== undefined);
    expect(bf16).toEqual([...bf16].sort((a, b) => b - a));
    expect(bf16[0]).toBe(Math.max(...expected.map((c) => c.dense.bf16 ?? 0)));
  });

  test("GET /api/chips filters by vendor, status and datacenter; unknown values are 400 naming the allowed ones", async () => {
    const nvidia = (await (await t.send("GET", "/api/chips?vendor=nvidia&datacenter=true")).json()) as {
      vendor: string;
    }[];
    expect(nvidia.length).toBe(
      t.domain.catalog.chips.filter((c) => c.vendor === "nvidia" && c.datacenter).length,
    );
    const bad = await t.send("GET", "/api/chips?vendor=nvidiaa");
    expect(bad.status).toBe(400);
    const error = await errorOf(bad);
    expect(error.issues?.[0]?.path).toBe("query.vendor");
    expect(error.message).toContain("nvidia");
    expect((await errorOf(await t.send("GET", "/api/chips?status=rumoured"))).issues?.[0]?.path).toBe(
      "query.status",
    );
    expect((await errorOf(await t.send("GET", "/api/chips?sort=-speed"))).issues?.[0]?.path).toBe(
      "query.sort",
    );
  });

  test("GET /api/chips/{id} returns the chip with its sources; an unknown id is 404 with suggestions", async () => {
    const res = await t.send("GET", "/api/chips/h100-sxm");
    expect(res.status).toBe(200);
    const chip = (await res.json()) as { id: string; sources: Record<string, string[]> };
    expect(chip.id).toBe("h100-sxm");
    expect(Object.keys(chip.sources).length).toBeGreaterThan(0);
    const missing = await t.send("GET", "/api/chips/h100");
    expect(missing.status).toBe(404);
    const error = await errorOf(missing);
    expect(error.code).toBe("not_found");
    expect(error.suggestions).toContain("h100-sxm");
  });

  test("GET /api/models filters by family; GET /api/models/{id} 404s with suggestions", async () => {
    const qwen = (await (await t.send("GET", "/api/models?family=qwen&sort=-totalB")).json()) as {
      family: string;
      params: { totalB: number };
    }[];
    expect(qwen.length).toBe(t.domain.catalog.models.filter((m) => m.family === "qwen").length);
    expect(qwen.map((m) => m.params.totalB)).toEqual(qwen.map((m) => m.params.totalB).sort((a, b) => b - a));
    expect((await t.send("GET", "/api/models/deepseek-v3")).status).toBe(200);
    const missing = await errorOf(await t.send("GET", "/api/models/deepseek-v33"));
    expect(missing.suggestions).toContain("deepseek-v3");
    expect((await t.send("GET", "/api/models?family=nope")).status).toBe(400);
  });
});

describe("performance routes", () => {
  /** `estimateInference` on the catalog's model and chip, as plain JSON (what the route sends). */
  const direct = (
    modelId: string,
    chipId: string,
    options: Parameters<typeof estimateInference>[3],
    workload: Parameters<typeof estimateInference>[4],
  ) => {
    const { catalog, perf } = t.domain;
    const model = catalog.models.find((m) => m.id === modelId);
    const chip = catalog.chips.find((c) => c.id === chipId);
    if (model === undefined || chip === undefined || perf === undefined) throw new Error("fixture missing");
    return JSON.parse(JSON.stringify(estimateInference(model, chip, perf, options, workload))) as ReturnType<
      typeof estimateInference
    >;
  };

  test("POST /api/perf answers exactly what estimateInference computes for the same inputs", async () => {
    const body = {
      model: "llama-3.1-70b",
      chip: "h100-sxm",
      precision: "fp8",
      batch: 8,
      isl: 2048,
      osl: 256,
      tp: 2,
    };
    const res = await t.send("POST", "/api/perf", body);
    expect(res.status).toBe(200);
    const expected = direct(
      "llama-3.1-70b",
      "h100-sxm",
      { precision: "fp8", tp: 2 },
      { batch: 8, isl: 2048, osl: 256 },
    );
    expect(await res.json()).toEqual(expected);
    expect(expected.parallel.tp).toBe(2);
  });

  test("POST /api/perf takes the attention-DP, replica and economics flags of the CLI", async () => {
    // DeepSeek-R1 served as attention-DP 8 with the experts over EP 8 (the silicon sample's layout),
    // two replicas, and a cheaper grid: the same estimate as the library, 16 chips.
    const body = {
      model: "deepseek-r1",
      chip: "h200-sxm",
      precision: "fp8",
      batch: 16,
      ep: 8,
      attentionDp: 8,
      replicas: 2,
      electricityUsdPerKwh: 0.05,
      pue: 1.2,
      utilisation: 0.8,
      amortisationYears: 4,
    };
    const res = await t.send("POST", "/api/perf", body);
    expect(res.status).toBe(200);
    const expected = direct(
      "deepseek-r1",
      "h200-sxm",
      {
        precision: "fp8",
        ep: 8,
        attentionDp: 8,
        replicas: 2,
        economics: { electricityUsdPerKwh: 0.05, pue: 1.2, utilisation: 0.8, amortisationYears: 4 },
      },
      { batch: 16, isl: 1024, osl: 1024 },
    );
    expect(await res.json()).toEqual(expected);
    expect(expected.parallel).toMatchObject({ tp: 1, ep: 8, attentionDp: 8, replicas: 2, chips: 16 });
    expect(expected.cost).toMatchObject({ amortisationYears: 4, utilisation: 0.8 });
    const bad = await errorOf(
      await t.send("POST", "/api/perf", { ...body, attentionDp: 0, pue: 0.5, utilisation: 1.5 }),
    );
    expect(bad.issues?.map((i) => i.path).sort()).toEqual([
      "body.attentionDp",
      "body.pue",
      "body.utilisation",
    ]);
  });

  test("POST /api/perf serves disaggregated pools with MTP and overlap like the library", async () => {
    // CloudMatrix-Infer's decode pool: 160 Ascend 910C as attention-DP 160 × EP 160, 96 sequences each,
    // MTP 1 draft at 1.7 kept, overlap; prefill instances of 16 NPUs
    const body = {
      model: "deepseek-r1",
      chip: "ascend-910c",
      precision: "int8",
      batch: 96,
      isl: 4096,
      osl: 256,
      ep: 160,
      attentionDp: 160,
      mode: "disaggregated",
      prefill: { ep: 16, attentionDp: 16 },
      speculative: { draftTokens: 1, acceptedTokens: 1.7 },
      overlap: true,
    };
    const res = await t.send("POST", "/api/perf", body);
    expect(res.status).toBe(200);
    const expected = direct(
      "deepseek-r1",
      "ascend-910c",
      {
        precision: "int8",
        ep: 160,
        attentionDp: 160,
        speculative: { draftTokens: 1, acceptedTokens: 1.7 },
        overlap: true,
      },
      { batch: 96, isl: 4096, osl: 256, mode: "disaggregated", prefill: { ep: 16, attentionDp: 16 } },
    );
    expect(await res.json()).toEqual(expected);
    expect(expected.workload).toMatchObject({ mode: "disaggregated", speculative: { draftTokens: 1 } });
    expect(expected.disaggregated?.prefillParallel).toMatchObject({ ep: 16, attentionDp: 16, chips: 16 });
    const bad = await errorOf(
      await t.send("POST", "/api/perf", {
        ...body,
        mode: "aggregated",
        speculative: { draftTokens: 0, acceptedTokens: 1 },
      }),
    );
    expect(bad.issues?.map((i) => i.path).sort()).toEqual(["body.prefill", "body.speculative.draftTokens"]);
    const kept = await errorOf(
      await t.send("POST", "/api/perf", { ...body, speculative: { draftTokens: 1, acceptedTokens: 2.5 } }),
    );
    expect(kept.issues?.map((i) => i.path)).toEqual(["body.speculative.acceptedTokens"]);
  });

  test("POST /api/perf refuses bad fields with their paths, unknown ids with 404, malformed JSON with 400", async () => {
    const bad = await errorOf(
      await t.send("POST", "/api/perf", {
        model: "llama-3.1-70b",
        chip: "h100-sxm",
        batch: 0,
        stack: "tensorrt",
      }),
    );
    expect(bad.issues?.map((i) => i.path).sort()).toEqual(["body.batch", "body.stack"]);
    expect(
      (await errorOf(await t.send("POST", "/api/perf", { model: "x", chip: "h100-sxm", extra: 1 })))
        .issues?.[0]?.path,
    ).toBe("body");
    const unknown = await t.send("POST", "/api/perf", { model: "llama-3.1-70b", chip: "h1000" });
    expect(unknown.status).toBe(404);
    const malformed = await t.send("POST", "/api/perf", "{not json");
    expect(malformed.status).toBe(400);
  });

  test("POST /api/train matches estimateTraining", async () => {
    const res = await t.send("POST", "/api/train", {
      model: "llama-3.1-8b",
      chip: "h100-sxm",
      chips: 64,
      tokens: 1e12,
    });
    expect(res.status).toBe(200);
    const { catalog, perf } = t.domain;
    const model = catalog.models.find((m) => m.id === "llama-3.1-8b");
    const chip = catalog.chips.find((c) => c.id === "h100-sxm");
    if (model === undefined || chip === undefined || perf === undefined) throw new Error("fixture missing");
    expect(await res.json()).toEqual(
      JSON.parse(JSON.stringify(estimateTraining(model, chip, perf, 64, 1e12))),
    );
    expect(
      (await t.send("POST", "/api/train", { model: "llama-3.1-8b", chip: "h100-sxm", chips: 0, tokens: 1 }))
        .status,
    ).toBe(400);
    // an explicit pipeline layout with virtual stages, as `dualtrack train --tp 8 --pp 8 --cp 2 --vp 8`
    const layout = { tp: 8, pp: 8, cp: 2, vp: 8, globalBatchTokens: 4_194_304 };
    const big = catalog.models.find((m) => m.id === "llama-3.1-405b");
    if (big === undefined) throw new Error("fixture missing");
    const piped = await t.send("POST", "/api/train", {
      model: "llama-3.1-405b",
      chip: "h100-sxm",
      chips: 1024,
      tokens: 1e12,
      precision: "fp8",
      ...layout,
    });
    const answer = (await piped.json()) as { comm: { pipelineBubble: number } };
    expect(answer).toEqual(
      JSON.parse(
        JSON.stringify(estimateTraining(big, chip, perf, 1024, 1e12, { precision: "fp8", ...layout })),
      ),
    );
    // dp 1,024/128 = 8 ranks × 64 micro-batches, 8 virtual stages: fill and drain cost 7/(8·64)
    expect(answer.comm.pipelineBubble).toBeCloseTo(7 / 512 / (1 + 7 / 512), 12);
    const zero = await t.send("POST", "/api/train", {
      model: "llama-3.1-405b",
      chip: "h100-sxm",
      chips: 1024,
      tokens: 1e12,
      ...layout,
      vp: 0,
    });
    expect((await errorOf(zero)).issues?.map((x) => x.path)).toEqual(["body.vp"]);
  });
});

describe("policy routes", () => {
  test("POST /api/classify: the H20 to China after the April 2025 licence requirement needs a licence", async () => {
    const res = await t.send("POST", "/api/classify", { chip: "h20", date: "2025-06-01", to: "cn" });
    expect(res.status).toBe(200);
    const r = (await res.json()) as {
      chip: string;
      to: string;
      eccn: string;
      us: { licenseRequired: boolean };
    };
    expect(r).toMatchObject({ chip: "h20", to: "CN" });
    expect(r.us.licenseRequired).toBe(true);
  });

  test("POST /api/classify refuses a bad date and country with field paths", async () => {
    const error = await errorOf(
      await t.send("POST", "/api/classify", { chip: "h20", date: "2025-13-01", to: "China" }),
    );
    expect(error.issues?.map((i) => i.path).sort()).toEqual(["body.date", "body.to"]);
    expect((await t.send("POST", "/api/classify", { chip: "h2o" })).status).toBe(404);
  });

  test("POST /api/timeline lists dated status changes in order", async () => {
    const res = await t.send("POST", "/api/timeline", { chip: "h20", to: "CN" });
    expect(res.status).toBe(200);
    const { entries } = (await res.json()) as { entries: { date: string }[] };
    expect(entries.length).toBeGreaterThan(1);
    expect(entries.map((e) => e.date)).toEqual(entries.map((e) => e.date).sort());
    expect(
      (await t.send("POST", "/api/timeline", { chip: "h20", from: "2026-01-01", until: "2025-01-01" }))
        .status,
    ).toBe(400);
  });
});

describe("plan route", () => {
  test("POST /api/plan solves the example plan; an invalid plan is 400 with paths under body", async () => {
    const { readFile } = await import("node:fs/promises");
    const { parse } = await import("yaml");
    const plan = parse(
      await readFile(new URL("../../../examples/plans/us-firm-2026.yaml", import.meta.url), "utf8"),
    );
    const res = await t.send("POST", "/api/plan", plan);
    expect(res.status).toBe(200);
    const result = (await res.json()) as { status: string; purchases: unknown[] };
    expect(["optimal", "feasible"]).toContain(result.status);
    const bad = await errorOf(await t.send("POST", "/api/plan", { horizon: "soon" }));
    expect(bad.issues?.every((i) => i.path.startsWith("body"))).toBe(true);
    expect((await t.send("POST", "/api/plan", [1, 2])).status).toBe(400);
  }, 30_000);
});

describe("allowed route", () => {
  test("POST /api/allowed: CN on 2026-02-01 — H200 only when case-by-case counts; B200 never; Ascend as a domestic sale", async () => {
    const ids = async (body: object) => {
      const res = await t.send("POST", "/api/allowed", body);
      expect(res.status).toBe(200);
      return ((await res.json()) as { chips: { chip: string }[] }).chips.map((c) => c.chip);
    };
    // H200: case-by-case from 2026-01-15 (needs maxReview case-by-case), China conditional from 01-28.
    const strictList = await ids({ to: "CN", date: "2026-02-01" });
    const licensed = await ids({ to: "CN", date: "2026-02-01", maxReview: "case-by-case" });
    expect(strictList).not.toContain("h200-sxm");
    expect(licensed).toContain("h200-sxm");
    // B200: TPP above the 21,000 ceiling of the 2026 case-by-case rule → presumption of denial.
    expect(licensed).not.toContain("b200");
    expect(strictList).toContain("ascend-910c");
    // A chip launched after the date is left out unless asked for.
    expect(await ids({ to: "CN", date: "2020-01-01" })).not.toContain("ascend-910c");
    expect((await t.send("POST", "/api/allowed", { to: "CN", maxReview: "maybe" })).status).toBe(400);
    // the rows of `dualtrack allowed --json` (flat fields, the settings used, the chips considered), each
    // with its verdict; a chip with an unknown TPP says so instead of reading as plainly exportable
    const doc = (await (await t.send("POST", "/api/allowed", { to: "CN", date: "2026-02-01" })).json()) as {
      chinaStance: string;
      maxReview: string;
      maxChina: string;
      considered: number;
      chips: {
        chip: string;
        eccn: string;
        review: string;
        unevaluated: string[];
        conditional: { when?: string }[];
        result: { unevaluated: string[] };
      }[];
    };
    expect(doc).toMatchObject({ chinaStance: "strict", maxReview: "notification", maxChina: "conditional" });
    expect(doc.considered).toBeGreaterThan(doc.chips.length);
    const wse = doc.chips.find((c) => c.chip === "cerebras-wse-3");
    expect(wse?.eccn).toBe("none");
    expect(wse?.unevaluated).toContain("3A090.a.1");
    expect(wse?.unevaluated).toEqual(wse?.result.unevaluated);
    expect(wse?.conditional.some((c) => (c.when ?? "").includes("could not be evaluated"))).toBe(true);
    const ascend = doc.chips.find((c) => c.chip === "ascend-910c");
    expect(ascend?.unevaluated).toEqual([]);
  }, 60_000);
});

describe("plan route uses the policy engine and the perf model, like the CLI", () => {
  test("CN example: same objective as the core chain; capacities from the perf model; bad stance is 400", async () => {
    const { readFile } = await import("node:fs/promises");
    const { parse } = await import("yaml");
    const { defaultPlanInputs, parsePlan, perfPlanInputs, policyPlanInputs, solvePlan } = await import(
      "@dualtrack/core"
    );
    const { loadHighsSolver } = await import("@dualtrack/solver");
    const raw = parse(
      await readFile(new URL("../../../examples/plans/cn-hyperscaler-2026.yaml", import.meta.url), "utf8"),
    );
    const res = await t.send("POST", "/api/plan", raw);
    expect(res.status).toBe(200);
    const api = (await res.json()) as {
      status: string;
      objective: number;
      capacities: { source: string; perUnit: number }[];
    };
    // The chain `dualtrack plan` runs: defaults → policy (strict) → perf; the API must agree with it.
    const plan = parsePlan(raw).plan;
    const { catalog, rules, perf } = t.domain;
    if (plan === undefined || rules === undefined || perf === undefined) throw new Error("fixture");
    const base = defaultPlanInputs(catalog, plan).inputs;
    const inputs = perfPlanInputs(
      policyPlanInputs(base, plan, catalog.chips, rules, "strict"),
      catalog,
      perf,
    );
    const expected = solvePlan(plan, inputs, await loadHighsSolver());
    expect(api.status).toBe(expected.status);
    expect(api.objective).toBeCloseTo(expected.objective ?? Number.NaN, 0);
    expect(api.capacities.length).toBeGreaterThan(0);
    expect(api.capacities.every((c) => c.source === "perf-model")).toBe(true);
    expect((await t.send("POST", "/api/plan?chinaStance=lenient", raw)).status).toBe(400);
    expect((await t.send("POST", "/api/plan?chinaStance=permissive", raw)).status).toBe(200);
  }, 60_000);
});

describe("meta, errors and pages", () => {
  test("GET /api/openapi.json is OpenAPI 3.1 with every route and named schemas", async () => {
    const spec = (await (await t.send("GET", "/api/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(spec.openapi).toBe("3.1.0");
    for (const path of [
      "/api/chips",
      "/api/chips/{id}",
      "/api/models",
      "/api/models/{id}",
      "/api/classify",
      "/api/timeline",
      "/api/perf",
      "/api/train",
      "/api/plan",
      "/api/scenarios",
      "/api/scenarios/{id}",
      "/api/scenarios/{id}/versions/{version}",
      "/api/runs",
      "/api/runs/{id}/events",
      "/api/runs/{id}/results",
      "/api/runs/{id}/cancel",
      "/api/backtest",
      "/api/sensitivity",
      "/api/claims",
      "/api/notes",
      "/api/health",
    ])
      expect(Object.keys(spec.paths)).toContain(path);
    expect(Object.keys(spec.components.schemas)).toEqual(
      expect.arrayContaining(["PerfRequest", "Error", "Run"]),
    );
    const docs = await t.send("GET", "/api/docs");
    expect(docs.headers.get("content-type")).toContain("text/html");
    expect(await docs.text()).toContain("/api/openapi.json");
  });

  test("GET /api/health reports the catalog size and capabilities", async () => {
    const h = (await (await t.send("GET", "/api/health")).json()) as {
      catalog: { chips: number };
      capabilities: Record<string, boolean>;
      database: string;
    };
    expect(h.catalog.chips).toBe(t.domain.catalog.chips.length);
    expect(h.database).toBe("sqlite");
    expect(h.capabilities).toMatchObject({
      perf: true,
      policy: true,
      runs: false,
      claims: true,
      backtest: true,
    });
  });

  test("unknown API routes are JSON 404s; a body over the limit is 413; the root is the status page without a web build", async () => {
    const missing = await t.send("GET", "/api/nope");
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe("not_found");
    const small = await testApp({ maxBodyBytes: 100 });
    try {
      const res = await small.send("POST", "/api/perf", { model: "x".repeat(200), chip: "h100-sxm" });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).code).toBe("payload_too_large");
    } finally {
      await small.dispose();
    }
    const root = await t.send("GET", "/");
    expect(root.status).toBe(200);
    expect(await root.text()).toContain("dualtrack server");
  });

  test("GET /api/claims lists the ledger with verdicts; filters are validated", async () => {
    const res = await t.send("GET", "/api/claims");
    expect(res.status).toBe(200);
    const claims = (await res.json()) as {
      id: string;
      verdict: string;
      reasons: string[];
      where: { article: string };
    }[];
    expect(claims.length).toBe(t.domain.claims?.length);
    expect(claims.length).toBeGreaterThan(0);
    const first = claims[0];
    if (first === undefined) throw new Error("no claims");
    const one = (await (await t.send("GET", `/api/claims?id=${first.id}`)).json()) as { id: string }[];
    expect(one.map((c) => c.id)).toEqual([first.id]);
    const article = (await (
      await t.send("GET", `/api/claims?article=${Number(first.where.article)}`)
    ).json()) as {
      where: { article: string };
    }[];
    expect(article.every((c) => c.where.article === first.where.article)).toBe(true);
    expect((await errorOf(await t.send("GET", "/api/claims?verdict=true"))).issues?.[0]?.path).toBe(
      "query.verdict",
    );
    expect((await t.send("GET", "/api/claims?id=no-such-claim")).status).toBe(404);
  });

  test("POST /api/backtest compares the baseline with reported figures; bad runs are 400", async () => {
    const res = await t.send("POST", "/api/backtest", { runs: 20, seed: 3 });
    expect(res.status).toBe(200);
    const { tolerance, rows } = (await res.json()) as {
      tolerance: number;
      rows: { metric: string; reported: number; simulated: number; error: number }[];
    };
    expect(tolerance).toBe(t.domain.backtest?.tolerance);
    expect(rows).toHaveLength(t.domain.backtest?.rows.length ?? -1);
    // The core rounds the relative error to 3 decimals.
    for (const r of rows)
      expect(Math.abs(r.error - (r.simulated - r.reported) / r.reported)).toBeLessThanOrEqual(5.000001e-4);
    expect((await t.send("POST", "/api/backtest", { runs: 0 })).status).toBe(400);
    expect((await t.send("POST", "/api/backtest", { scenario: "nope" })).status).toBe(404);
  }, 30_000);

  test("POST /api/sensitivity answers what the core's tornado does; bad fields are 400 naming them, unknown scenarios 404", async () => {
    const body = { output: "installedH100e.domestic", period: "2027", top: 3, runs: 2, seed: 5 };
    const res = await t.send("POST", "/api/sensitivity", body);
    expect(res.status).toBe(200);
    const got = (await res.json()) as { base: number; bars: { param: string; swing: number }[] };
    const baseline = scenarioSchema.parse(t.domain.baseline);
    const want = tornado(baseline, { output: body.output, period: body.period, top: 3, runs: 2, seed: 5 });
    expect(got).toEqual(JSON.parse(JSON.stringify(want)));
    expect(got.bars).toHaveLength(3);
    // Largest swing first.
    expect(got.bars[0]?.swing ?? 0).toBeGreaterThanOrEqual(got.bars[2]?.swing ?? Infinity);

    // serving outputs carry the perf model's rates, as `dualtrack sensitivity` computes them (they read
    // 0 before)
    const serving = { ...body, output: "servingTokensPerSec.glm-5", top: 2 };
    const got2 = (await (await t.send("POST", "/api/sensitivity", serving)).json()) as { base: number };
    const { rates } = servingRates(baseline, t.domain.catalog, t.domain.perf ?? baselineHasNoPerf());
    const want2 = tornado(baseline, { ...serving, servingRates: rates });
    expect(got2).toEqual(JSON.parse(JSON.stringify(want2)));
    expect(got2.base).toBeGreaterThan(0);

    const badOutput = await t.send("POST", "/api/sensitivity", { ...body, output: "nope" });
    expect(badOutput.status).toBe(400);
    expect((await errorOf(badOutput)).message).toContain("output: 'nope' is not one of");
    const badPeriod = await t.send("POST", "/api/sensitivity", { ...body, period: "2027Q5" });
    expect(badPeriod.status).toBe(400);
    expect(JSON.stringify(await errorOf(badPeriod))).toContain("period");
    const outside = await t.send("POST", "/api/sensitivity", { ...body, period: "1999" });
    expect(outside.status).toBe(400);
    expect((await t.send("POST", "/api/sensitivity", { ...body, runs: 65 })).status).toBe(400);
    expect((await t.send("POST", "/api/sensitivity", { ...body, scenario: "nope" })).status).toBe(404);
  }, 30_000);
});

describe("web app", () => {
  test("serves files of the built app, falls back to index.html, and never leaves its folder", async () => {
    const { mkdtempSync, writeFileSync, mkdirSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "dualtrack-web-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<html>app</html>");
    writeFileSync(join(dir, "assets", "a.js"), "export {}");
    writeFileSync(join(dir, "..", "secret.txt"), "no");
    const w = await testApp({ webDir: dir });
    try {
      expect(await (await w.send("GET", "/")).text()).toBe("<html>app</html>");
      const js = await w.send("GET", "/assets/a.js");
      expect(js.headers.get("content-type")).toContain("javascript");
      expect(js.headers.get("cache-control")).toContain("immutable");
      expect(await (await w.send("GET", "/chips/h20")).text()).toBe("<html>app</html>");
      expect(await (await w.send("GET", "/../secret.txt")).text()).toBe("<html>app</html>");
      expect(await (await w.send("GET", "/%2e%2e/secret.txt")).text()).toBe("<html>app</html>");
      expect((await w.send("GET", "/api/chips/h20")).status).toBe(200);
    } finally {
      await w.dispose();
      rmSync(dir, { recursive: true, force: true });
      rmSync(join(dir, "..", "secret.txt"), { force: true });
    }
  });
});

function baselineHasNoPerf(): never {
  throw new Error("the test domain has no perf data");
}
