import { openSqlite, type Store } from "@dualtrack/store";
import { createApp, type ServerApp } from "../src/createApp.js";
import { type Domain, loadDomain } from "../src/domain.js";
import type { RunExecutor } from "../src/runQueue.js";

let domain: Promise<Domain> | undefined;

/** The repository's data/, loaded once per test file. */
export function testDomain(): Promise<Domain> {
  domain ??= loadDomain();
  return domain;
}

export interface TestApp extends ServerApp {
  readonly store: Store;
  readonly domain: Domain;
  /** `app.request` with a JSON body. */
  send(method: string, path: string, body?: unknown): Promise<Response>;
  dispose(): Promise<void>;
}

/** An app on an in-memory SQLite store, no web app (status page), the given executor. */
export async function testApp(
  options: {
    executor?: RunExecutor;
    maxQueuedRuns?: number;
    maxBodyBytes?: number;
    webDir?: string | null;
  } = {},
): Promise<TestApp> {
  const d = await testDomain();
  const store = openSqlite(":memory:");
  await store.migrate();
  const server = createApp({
    domain: d,
    store,
    webDir: options.webDir === undefined ? null : options.webDir,
    executor: options.executor,
    maxQueuedRuns: options.maxQueuedRuns,
    maxBodyBytes: options.maxBodyBytes,
  });
  return {
    ...server,
    store,
    domain: d,
    send: async (method, path, body) =>
      server.app.request(path, {
        method,
        ...(body === undefined
          ? {}
          : {
              body: typeof body === "string" ? body : JSON.stringify(body),
              headers: { "content-type": "application/json" },
            }),
      }),
    dispose: async () => {
      await server.close();
      await store.close();
    },
  };
}

/** The JSON error body of a response. */
export async function errorOf(res: Response): Promise<{
  status: number;
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
  suggestions?: string[];
}> {
  const body = (await res.json()) as { error: Awaited<ReturnType<typeof errorOf>> };
  return body.error;
}

/**
 * An executor that finishes when `release()` is called (or rejects when aborted), reporting half the
 * runs done on start; its results are one row per run: output `seed`, period 2026Q1, p50 = the seed.
 */
export function gatedExecutor(): { executor: RunExecutor; release: () => void; started: Promise<void> } {
  let release: () => void = () => {};
  let markStarted: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const executor: RunExecutor = async ({ run, signal, onProgress }) => {
    onProgress(Math.floor(run.runs / 2));
    markStarted();
    await new Promise<void>((resolve, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      void gate.then(resolve);
    });
    onProgress(run.runs);
    return {
      results: [
        {
          output: "seed",
          period: "2026Q1",
          n: run.runs,
          mean: null,
          sd: null,
          min: run.seed,
          p05: run.seed,
          p25: run.seed,
          p50: run.seed,
          p75: run.seed,
          p95: run.seed,
          max: run.seed,
        },
      ],
      summary: { seed: run.seed },
    };
  };
  return { executor, release, started };
}

/** A small valid scenario: the bundled baseline. */
export async function baselineScenario(): Promise<Record<string, unknown>> {
  const d = await testDomain();
  return d.baseline as Record<string, unknown>;
}
