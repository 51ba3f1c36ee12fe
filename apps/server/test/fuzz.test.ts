import { openSqlite, type Store } from "@dualtrack/store";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createApp, type ServerApp } from "../src/createApp.js";
import type { LogRecord } from "../src/log.js";
import { baselineScenario, gatedExecutor, testDomain } from "./testApp.js";

let server: ServerApp;
let store: Store;
const errors: LogRecord[] = [];

beforeAll(async () => {
  store = openSqlite(":memory:");
  await store.migrate();
  const gate = gatedExecutor();
  gate.release();
  server = createApp({
    domain: await testDomain(),
    store,
    webDir: null,
    executor: gate.executor,
    maxBodyBytes: 64 * 1024,
    logger: (r) => {
      if (r.level === "error") errors.push(r);
    },
    logRequests: false,
  });
  await store.scenarios.create({ id: "base", name: "Base", body: await baselineScenario() });
});
afterAll(async () => {
  await server.close();
  await store.close();
});

const ids = fc.oneof(
  fc.constantFrom("h100-sxm", "h20", "ascend-910c", "llama-3.1-70b", "deepseek-v3", "base", "nope", "", ".."),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 12 }),
);
const segment = ids.map((s) => encodeURIComponent(s));
const paths = fc.oneof(
  fc.constantFrom(
    "/api/chips",
    "/api/models",
    "/api/classify",
    "/api/timeline",
    "/api/perf",
    "/api/train",
    "/api/plan",
    "/api/scenarios",
    "/api/plans",
    "/api/runs",
    "/api/backtest",
    "/api/sensitivity",
    "/api/claims",
    "/api/notes",
    "/api/health",
    "/api/openapi.json",
    "/",
    "/api",
    "/api/",
  ),
  fc
    .tuple(
      fc.constantFrom(
        "/api/chips/",
        "/api/models/",
        "/api/scenarios/",
        "/api/plans/",
        "/api/runs/",
        "/api/notes/",
      ),
      segment,
    )
    .map(([a, b]) => a + b),
  fc
    .tuple(
      segment,
      fc.constantFrom("/versions", "/versions/1", "/versions/-1", "/events", "/results", "/cancel"),
    )
    .map(([id, tail]) => `/api/scenarios/${id}${tail}`),
  fc
    .tuple(segment, fc.constantFrom("/events", "/results", "/cancel"))
    .map(([id, tail]) => `/api/runs/${id}${tail}`),
  fc.webPath().map((p) => `/api${p}`),
);
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        "vendor",
        "country",
        "status",
        "sort",
        "datacenter",
        "family",
        "developer",
        "limit",
        "offset",
        "scenario",
        "subject",
        "kind",
        "x",
      ),
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.integer().map(String),
        fc.constantFrom("CN", "nvidia", "-bf16,name", "true", "-1", "1e309"),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length === 0 ? "" : `?${new URLSearchParams(pairs).toString()}`));

/** Bodies near the valid ones (so validation passes often and the handlers run), and junk. */
const nearValid = fc.record(
  {
    model: fc.constantFrom("llama-3.1-70b", "deepseek-v3", "llama-3.1-8b", "qwen3-235b-a22b", "x"),
    chip: fc.constantFrom("h100-sxm", "h20", "ascend-910c", "b200", "mi300x", "x"),
    chips: fc.integer({ min: -2, max: 100_000 }),
    tokens: fc.oneof(fc.double(), fc.integer({ min: 1, max: 1e9 })),
    precision: fc.constantFrom("bf16", "fp8", "fp4", "int8", "int4", "fp64"),
    kvPrecision: fc.constantFrom("bf16", "fp8", "int8", "fp4"),
    stack: fc.constantFrom("trtllm", "vllm", "sglang", "pytorch"),
    batch: fc.integer({ min: 0, max: 70_000 }),
    isl: fc.integer({ min: 0, max: 2_000_000 }),
    osl: fc.integer({ min: 0, max: 2_000_000 }),
    tp: fc.integer({ min: 0, max: 1100 }),
    pp: fc.integer({ min: 0, max: 1100 }),
    ep: fc.integer({ min: 0, max: 1100 }),
    powerCapW: fc.oneof(fc.double({ min: -10, max: 2000 }), fc.integer({ min: 1, max: 5000 })),
    date: fc.oneof(
      fc.constantFrom("2022-10-07", "2025-06-01", "2030-01-01", "2025-02-30"),
      fc.string({ maxLength: 12 }),
    ),
    to: fc.constantFrom("CN", "us", "ae", "China", "", "XX"),
    buyerHq: fc.constantFrom("CN", "US", "SG"),
    from: fc.constantFrom("2022-01-01", "2026-06-01"),
    until: fc.constantFrom("2023-01-01", "2026-12-31"),
    scenario: fc.constantFrom("base", "nope"),
    runs: fc.integer({ min: -1, max: 3 }),
    seed: fc.integer({ min: -1, max: 2 ** 32 }),
    name: fc.string({ maxLength: 20 }),
    id: fc.string({ maxLength: 12 }),
    body: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ horizon: { start: 2026, years: 1 } })),
    subject: fc.constantFrom("chip:h20", "h20", "run:1"),
    verdict: fc.constantFrom("supported", "maybe"),
    baseVersion: fc.integer({ min: -1, max: 3 }),
    // Outputs the scenario lacks: the tornado handler runs and refuses (a real one costs seconds).
    output: fc.constantFrom("nope", "", "units"),
    period: fc.constantFrom("2027", "2027Q4", "1999", "20x"),
  },
  { requiredKeys: [] },
);
const bodies = fc.oneof(
  fc.constant(undefined),
  nearValid.map((b) => JSON.stringify(b)),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom("{", "[", "null", "\u0000", '{"model":', `{"model":"${"x".repeat(70_000)}"}`),
);
const methods = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
const contentTypes = fc.constantFrom(
  "application/json",
  "text/plain",
  "application/x-www-form-urlencoded",
  undefined,
);

test("10,000 random and malformed requests get no 5xx, and every API error is a JSON error body", async () => {
  let count = 0;
  await fc.assert(
    fc.asyncProperty(methods, paths, query, bodies, contentTypes, async (method, path, q, body, type) => {
      count++;
      const withBody = body !== undefined && method !== "GET" && method !== "HEAD";
      const res = await server.app.request(`${path}${q}`, {
        method,
        ...(withBody ? { body } : {}),
        ...(withBody && type !== undefined ? { headers: { "content-type": type } } : {}),
      });
      const text = await res.text();
      if (res.status >= 500)
        throw new Error(
          `${method} ${path}${q} ${String(body).slice(0, 200)} → ${res.status} ${text}\n${JSON.stringify(errors.at(-1))}`,
        );
      if (path.startsWith("/api/") && res.status >= 400 && method !== "HEAD") {
        const parsed = JSON.parse(text) as { error?: { status?: number; message?: string } };
        expect(parsed.error?.status).toBe(res.status);
        expect(text).not.toMatch(/\n\s+at /);
      }
    }),
    { numRuns: 10_000 },
  );
  expect(count).toBe(10_000);
  await server.queue?.idle();
}, 120_000);
