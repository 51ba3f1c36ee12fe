// HTTP throughput of the server: requests/s and latency quantiles of `POST /api/perf` on loopback.
// The server runs in a child process (as `dualtrack serve` would, request log on, written nowhere), the
// load comes from this process over keep-alive connections, closed-loop: each connection sends its next
// request when the previous answer arrives.
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";

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

function send(agent, url, method, path, body) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method,
        headers:
          body === undefined
            ? {}
            : { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 200
            ? resolve(performance.now() - t0)
            : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function load(agent, url, ms, method = "POST", path = "/api/perf", body = BODY) {
  const latencies = [];
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) latencies.push(await send(agent, url, method, path, body));
    }),
  );
  return latencies;
}

const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export async function run() {
  const { child, url } = await startChild();
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  try {
    await load(agent, url, WARMUP_MS);
    const t0 = performance.now();
    const latencies = await load(agent, url, DURATION_MS);
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const rps = latencies.length / seconds;
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);
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
        bench: "server GET /api/health",
        metric: "requests/s (reference: the HTTP stack alone)",
        value: healthRps,
        unit: "req/s",
        target: "",
        ok: undefined,
      },
    ];
  } finally {
    agent.destroy();
    child.kill("SIGTERM");
  }
}
