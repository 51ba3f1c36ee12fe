// HTTP throughput of the server: requests/s and latency quantiles of `POST /api/perf` on loopback.
// The server runs in a child process (as `dualtrack serve` would, request log on, written nowhere), the
// load comes from this process over keep-alive connections, closed-loop: each connection sends its next
// request when the previous answer arrives.
import { spawn } from "node:child_process";
import { connect } from "node:net";

const CONNECTIONS = 32;
// Long enough to cover the server's HiGHS warm-up solve at start and V8's tier-up of the route.
const WARMUP_MS = 2500;
const DURATION_MS = 5000;
const BODY = JSON.stringify({
  model: "llama-3.1-70b",
  chip: "h100-sxm",
  precision: "fp8",
  batch: 16,
  isl: 2048,
  osl: 512,
  tp: 2,
});

const SERVER = `
import { startServer } from "@dualtrack/server";
const server = await startServer({ port: 0, db: ":memory:", workers: 0, logger: () => {}, logRequests: true, webDir: null });
process.stdout.write(server.url + "\\n");
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
`;

function startChild() {
  const child = spawn(process.execPath, ["--input-type=module", "-e", SERVER], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /(http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: new URL(match[1]) });
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
}

// A minimal HTTP/1.1 keep-alive client over raw sockets: node:http's client costs about as much CPU per
// request as the server does, and on a small machine the two share the cores, so it would measure the
// client. One socket per connection, one request in flight on each (closed loop), like autocannon.
function connection(url) {
  const socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
  let buffered = Buffer.alloc(0);
  let pending;
  socket.on("data", (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    if (pending === undefined) return;
    const headerEnd = buffered.indexOf("\r\n\r\n");
    if (headerEnd < 0) return;
    const head = buffered.subarray(0, headerEnd).toString("latin1");
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let total;
    if (length !== null) total = headerEnd + 4 + Number(length[1]);
    else {
      const last = buffered.indexOf("\r\n0\r\n\r\n", headerEnd);
      if (last < 0) return;
      total = last + 7;
    }
    if (buffered.length < total) return;
    buffered = buffered.subarray(total);
    const { resolve, reject, t0 } = pending;
    pending = undefined;
    if (status === 200) resolve(performance.now() - t0);
    else reject(new Error(`status ${status}`));
  });
  socket.on("error", (error) => pending?.reject(error));
  const ready = new Promise((resolve) => socket.once("connect", resolve));
  return {
    async send(request) {
      await ready;
      return new Promise((resolve, reject) => {
        pending = { resolve, reject, t0: performance.now() };
        socket.write(request);
      });
    },
    close: () => socket.destroy(),
  };
}

function requestBytes(url, method, path, body) {
  const head = [`${method} ${path} HTTP/1.1`, `host: ${url.host}`, "connection: keep-alive"];
  if (body !== undefined)
    head.push("content-type: application/json", `content-length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${head.join("\r\n")}\r\n\r\n${body ?? ""}`);
}

async function load(connections, url, ms, method = "POST", path = "/api/perf", body = BODY) {
  const latencies = [];
  const bodies = Array.isArray(body) ? body : [body];
  const requests = bodies.map((b) => requestBytes(url, method, path, b));
  const end = performance.now() + ms;
  let next = 0;
  await Promise.all(
    connections.map(async (c) => {
      while (performance.now() < end) {
        const request = requests[next++ % requests.length];
        latencies.push(await c.send(request));
      }
    }),
  );
  return latencies;
}

// 3,000 distinct bodies in turn: more than the route's 2,000-answer cache holds, so every request
// computes and serializes its estimate.
const DISTINCT = Array.from({ length: 3000 }, (_, i) =>
  JSON.stringify({
    model: ["llama-3.1-70b", "llama-3.1-8b", "qwen3-32b"][i % 3],
    chip: ["h100-sxm", "h200-sxm", "b200"][Math.floor(i / 3) % 3],
    precision: "fp8",
    batch: 1 + (Math.floor(i / 9) % 256),
    isl: 1024 + 512 * (Math.floor(i / 2304) % 4),
    osl: 512,
  }),
);

const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export async function run() {
  const { child, url } = await startChild();
  const agent = Array.from({ length: CONNECTIONS }, () => connection(url));
  try {
    await load(agent, url, WARMUP_MS);
    const t0 = performance.now();
    const latencies = await load(agent, url, DURATION_MS);
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const rps = latencies.length / seconds;
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);
    const missed = await load(agent, url, 3000, "POST", "/api/perf", DISTINCT);
    missed.sort((a, b) => a - b);
    const missRps = missed.length / 3;
    // The same load on the cheapest route: what this machine's HTTP stack allows, for scale.
    const health = await load(agent, url, 2000, "GET", "/api/health", undefined);
    const healthRps = health.length / 2;
    return [
      {
        bench: "server POST /api/perf",
        metric: `requests/s (${CONNECTIONS} connections, loopback)`,
        value: rps,
        unit: "req/s",
        target: ">= 5000",
        ok: rps >= 5000,
      },
      {
        bench: "server POST /api/perf",
        metric: "latency p50",
        value: p50,
        unit: "ms",
        target: "",
        ok: undefined,
      },
      {
        bench: "server POST /api/perf",
        metric: "latency p99",
        value: p99,
        unit: "ms",
        target: "< 20",
        ok: p99 < 20,
      },
      {
        bench: "server POST /api/perf",
        metric: "requests/s, 3,000 distinct bodies (no cache hits)",
        value: missRps,
        unit: "req/s",
        target: "",
        ok: undefined,
      },
      {
        bench: "server POST /api/perf",
        metric: "latency p99, 3,000 distinct bodies",
        value: quantile(missed, 0.99),
        unit: "ms",
        target: "",
        ok: undefined,
      },
      {
        bench: "server GET /api/health",
        metric: "requests/s (reference: the HTTP stack alone)",
        value: healthRps,
        unit: "req/s",
        target: "",
        ok: undefined,
      },
    ];
  } finally {
    for (const c of agent) c.close();
    child.kill("SIGTERM");
  }
}
