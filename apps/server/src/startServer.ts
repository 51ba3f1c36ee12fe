import { createServer, type Server } from "node:http";
import { availableParallelism } from "node:os";
import { createSimulationPool } from "@dualtrack/runner";
import { warmUp } from "@dualtrack/solver";
import { openStore, type Store } from "@dualtrack/store";
import { createApp, type ServerApp } from "./createApp.js";
import { type Domain, loadDomain } from "./domain.js";
import { jsonLogger, type Logger } from "./log.js";
import { planSolver } from "./routes/planRoutes.js";
import { scenarioServingRates } from "./scenarioServingRates.js";
import { simulationExecutor } from "./simulationExecutor.js";

export interface StartServerOptions {
  /** TCP port (default 8080; 0 picks a free one, see `RunningServer.port`). */
  readonly port?: number | undefined;
  /** Interface to listen on (default 127.0.0.1: loopback only). */
  readonly host?: string | undefined;
  /** SQLite file, `:memory:`, or `postgres://` URL (default `DUALTRACK_DB`, else `./.dualtrack/dualtrack.db`). */
  readonly db?: string | undefined;
  /** The `data/` folder (default `DUALTRACK_DATA`, else the repository's). */
  readonly dataDir?: string | undefined;
  /** Simulation worker threads (default: CPUs − 1, at most 8; 0 runs chunks on the main thread). */
  readonly workers?: number | undefined;
  /** Structured log (default: JSON lines on stderr). */
  readonly logger?: Logger | undefined;
  /** Log each request (default true). */
  readonly logRequests?: boolean | undefined;
  /** See {@link AppOptions.webDir}. */
  readonly webDir?: string | null | undefined;
  readonly maxQueuedRuns?: number | undefined;
  readonly maxBodyBytes?: number | undefined;
  /** Store the bundled baseline scenario as `baseline` when the store has none (default true). */
  readonly seedBaseline?: boolean | undefined;
}

/** A listening server and what it holds. */
export interface RunningServer {
  /** `http://127.0.0.1:8080` */
  readonly url: string;
  readonly port: number;
  readonly app: ServerApp;
  readonly store: Store;
  readonly domain: Domain;
  /** Runs the previous process left queued or running, now recorded failed. */
  readonly interrupted: readonly string[];
  /** Stops accepting connections, interrupts running runs (recorded failed), stops the pool, closes the store. */
  close(): Promise<void>;
}

/**
 * Starts dualtrack as a service: loads `data/`, opens and migrates the store, records runs a previous
 * process left unfinished as failed, starts the simulation worker pool, and listens.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? jsonLogger();
  const domain = await loadDomain(options.dataDir);
  if (domain.issues.length > 0)
    logger({
      level: "warn",
      msg: "data issues",
      count: domain.issues.length,
      first: domain.issues.slice(0, 5),
    });
  const store = await openStore({ db: options.db });
  const interrupted = await store.markInterruptedRuns();
  if (interrupted.length > 0)
    logger({ level: "warn", msg: "runs interrupted by a previous stop", runs: interrupted });
  if (
    options.seedBaseline !== false &&
    domain.baseline !== undefined &&
    (await store.scenarios.get("baseline")) === undefined
  ) {
    await store.scenarios
      .create({
        id: "baseline",
        name: "Baseline",
        body: domain.baseline,
        note: "examples/scenarios/baseline.yaml",
      })
      .catch((error: unknown) =>
        logger({ level: "warn", msg: "baseline scenario not stored", error: String(error) }),
      );
  }
  const workers = options.workers ?? Math.min(8, Math.max(1, availableParallelism() - 1));
  const pool = createSimulationPool(workers);
  const app = createApp({
    domain,
    store,
    logger,
    logRequests: options.logRequests ?? true,
    executor: simulationExecutor(pool, (scenario) => scenarioServingRates(domain, scenario)),
    tornado: (scenario, o) => pool.tornado(scenario, o),
    maxQueuedRuns: options.maxQueuedRuns,
    maxBodyBytes: options.maxBodyBytes,
    webDir: options.webDir,
  });
  const host = options.host ?? "127.0.0.1";
  const { server, port } = await new Promise<{ server: Server; port: number }>((resolve, reject) => {
    const s = createServer(app.listener);
    s.once("error", reject);
    s.listen(options.port ?? 8080, host, () => {
      const address = s.address();
      resolve({ server: s, port: typeof address === "object" && address !== null ? address.port : 0 });
    });
  }).catch(async (error: unknown) => {
    await app.close();
    await pool.destroy();
    await store.close();
    throw error;
  });
  // The first HiGHS solve in a process compiles the Wasm (~1 s): pay it now, not on the first request.
  planSolver()
    .then(warmUp)
    .catch((error: unknown) => logger({ level: "warn", msg: "HiGHS warm-up failed", error: String(error) }));
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  logger({ level: "info", msg: "listening", url, database: store.dialect, workers });
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    app,
    store,
    domain,
    interrupted,
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // SSE streams keep connections open: end them so close() returns.
          server.closeAllConnections();
        });
        await app.close();
        await pool.destroy();
        await store.close();
        logger({ level: "info", msg: "stopped" });
      })();
      return closing;
    },
  };
}
