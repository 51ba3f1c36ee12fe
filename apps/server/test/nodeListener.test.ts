import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { openSqlite, type Store } from "@dualtrack/store";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type ServerApp } from "../src/createApp.js";
import type { LogRecord } from "../src/log.js";
import { testDomain } from "./testApp.js";

// The fast lane must be indistinguishable from Hono's route: same bytes for a 200, Hono's own answer for
// everything else, and one request-log record per request either way.
let server: Server;
let app: ServerApp;
let store: Store;
let port: number;
const records: LogRecord[] = [];

beforeAll(async () => {
  store = openSqlite(":memory:");
  await store.migrate();
  app = createApp({
    domain: await testDomain(),
    store,
    webDir: null,
    maxBodyBytes: 4096,
    logger: (r) => records.push(r),
  });
  server = createServer(app.listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.close();
  await store.close();
});

interface Reply {
  readonly status: number;
  readonly type: string | undefined;
  readonly body: string;
}

/** One request over a real socket; `chunked` sends the body without a content-length. */
function send(
  path: string,
  body: string,
  options: { type?: string; chunked?: boolean; method?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.type !== "") headers["content-type"] = options.type ?? "application/json";
    if (options.chunked !== true) headers["content-length"] = String(Buffer.byteLength(body));
    const req = request(
      { host: "127.0.0.1", port, path, method: options.method ?? "POST", headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body: text }),
        );
      },
    );
    req.on("error", reject);
    if (options.chunked === true) {
      // Two writes without a content-length: Node sends them chunked.
      req.write(body.slice(0, 5));
      req.end(body.slice(5));
    } else req.end(body);
  });
}

/** Hono's answer to the same request, without the lane (app.request). */
async function viaHono(path: string, body: string, type = "application/json"): Promise<Reply> {
  const r = await app.app.request(path, { method: "POST", headers: { "content-type": type }, body });
  return { status: r.status, type: r.headers.get("content-type") ?? undefined, body: await r.text() };
}

const good = JSON.stringify({ model: "llama-3.1-70b", chip: "h100-sxm", precision: "fp8", batch: 16, tp: 2 });

describe("nodeListener: the POST /api/perf fast lane", () => {
  it("answers a valid body with Hono's bytes, and logs it like the middleware does", async () => {
    const before = records.length;
    const lane = await send("/api/perf", good);
    const hono = await viaHono("/api/perf", good);
    expect(lane.status).toBe(200);
    expect(lane.type).toBe("application/json");
    expect(lane.body).toBe(hono.body);
    expect(JSON.parse(lane.body).chip).toBe("h100-sxm");
    const logged = records.slice(before).filter((r) => r.msg === "request");
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ level: "info", method: "POST", path: "/api/perf", status: 200 });
    // Ids come from one counter: the lane's and the middleware's are consecutive.
    expect(Number.parseInt(String(logged[1]?.id), 36) - Number.parseInt(String(logged[0]?.id), 36)).toBe(1);
  });

  it.each([
    ["malformed JSON", "{model:"],
    ["a failed validation", JSON.stringify({ model: "llama-3.1-70b", chip: "h100-sxm", batch: 0 })],
    ["an unknown field", JSON.stringify({ model: "llama-3.1-70b", chip: "h100-sxm", colour: "red" })],
    ["an unknown chip (404 with suggestions)", JSON.stringify({ model: "llama-3.1-70b", chip: "h100-sx" })],
  ])("hands %s to Hono and returns Hono's answer", async (_, body) => {
    const lane = await send("/api/perf", body);
    const hono = await viaHono("/api/perf", body);
    expect(lane.status).toBeGreaterThanOrEqual(400);
    expect(lane.status).toBeLessThan(500);
    expect(lane.status).toBe(hono.status);
    expect(JSON.parse(lane.body)).toEqual(JSON.parse(hono.body));
  });

  it("leaves chunked bodies, other content types, oversize bodies and other routes to Hono", async () => {
    const chunked = await send("/api/perf", good, { chunked: true });
    expect(chunked.status).toBe(200);
    expect(chunked.body).toBe((await viaHono("/api/perf", good)).body);
    const text = await send("/api/perf", good, { type: "text/plain" });
    expect(text.status).toBe((await viaHono("/api/perf", good, "text/plain")).status);
    expect(text.status).toBe(415);
    const big = JSON.stringify({ model: "llama-3.1-70b", chip: "h100-sxm", pad: "x".repeat(5000) });
    const oversize = await send("/api/perf", big);
    expect(oversize.status).toBe(413);
    expect(JSON.parse(oversize.body).error.code).toBe("payload_too_large");
    const query = await send("/api/perf?x=1", good);
    expect(query.status).toBe(200);
    const train = await send(
      "/api/train",
      JSON.stringify({ model: "llama-3.1-8b", chip: "h100-sxm", chips: 8, tokens: 1e9 }),
    );
    expect(train.status).toBe(200);
    const health = await send("/api/health", "", { method: "GET", type: "" });
    expect(health.status).toBe(200);
  });

  it("property: on random bodies the lane answers what Hono answers, never a 5xx", async () => {
    const field = fc.oneof(
      fc.constantFrom("llama-3.1-70b", "llama-3.1-8b", "qwen3-32b", "h100-sxm", "ascend-910c", "nope"),
      fc.integer({ min: -3, max: 300_000 }),
      fc.double({ noNaN: true }),
      fc.constantFrom("fp8", "bf16", "int4", "vllm", "trtllm", null, true),
    );
    const body = fc.oneof(
      fc.record(
        {
          model: field,
          chip: field,
          precision: field,
          batch: field,
          isl: field,
          osl: field,
          tp: field,
          stack: field,
          extra: field,
        },
        { requiredKeys: [] },
      ),
      fc.string(),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const text = typeof b === "string" ? b : JSON.stringify(b);
        const lane = await send("/api/perf", text);
        const hono = await viaHono("/api/perf", text);
        expect(lane.status).toBeLessThan(500);
        expect(lane.status).toBe(hono.status);
        if (lane.status === 200) expect(lane.body).toBe(hono.body);
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
