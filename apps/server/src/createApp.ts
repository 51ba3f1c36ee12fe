import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Scenario, type TornadoOptions, type TornadoResult, tornado } from "@dualtrack/core";
import type { Store } from "@dualtrack/store";
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { Domain } from "./domain.js";
import { ApiError, errorResponse, toApiError, validationError } from "./errors.js";
import { JsonCache } from "./jsonCache.js";
import { type Logger, silentLogger } from "./log.js";
import { nodeListener } from "./nodeListener.js";
import { backtestRoutes } from "./routes/backtestRoutes.js";
import { catalogRoutes } from "./routes/catalogRoutes.js";
import { claimRoutes } from "./routes/claimRoutes.js";
import { documentRoutes } from "./routes/documentRoutes.js";
import { metaRoutes } from "./routes/metaRoutes.js";
import { noteRoutes } from "./routes/noteRoutes.js";
import { perfAnswer, perfRequestSchema, perfRoutes } from "./routes/perfRoutes.js";
import { planCheck, planRoutes } from "./routes/planRoutes.js";
import { policyRoutes } from "./routes/policyRoutes.js";
import { runRoutes } from "./routes/runRoutes.js";
import { scenarioCheck } from "./routes/scenarioCheck.js";
import { sensitivityRoutes } from "./routes/sensitivityRoutes.js";
import { type RunExecutor, RunQueue } from "./runQueue.js";
import type { App, AppEnv, ServerContext } from "./serverContext.js";
import { DOCS_PAGE, statusPage, webHandler } from "./webRoutes.js";

export interface AppOptions {
  /** The catalog and models to answer from (`loadDomain()`). */
  readonly domain: Domain;
  /** The store of scenarios, plans, runs and notes, migrated (`openStore()`). */
  readonly store: Store;
  /** Structured log records (default: none). */
  readonly logger?: Logger | undefined;
  /** Log one record per request (default true when a logger is given). */
  readonly logRequests?: boolean | undefined;
  /** Executes background runs (`simulationExecutor(pool)`); without one, `POST /api/runs` answers 501. */
  readonly executor?: RunExecutor | undefined;
  /**
   * Runs a sensitivity tornado for `POST /api/sensitivity` (a simulation pool's `tornado`, off the event
   * loop); default: core's `tornado` on the request's thread.
   */
  readonly tornado?: ((scenario: Scenario, options: TornadoOptions) => Promise<TornadoResult>) | undefined;
  /** Runs allowed to wait behind the executing one before `POST /api/runs` answers 429 (default 8). */
  readonly maxQueuedRuns?: number | undefined;
  /** Largest request body in bytes before 413 (default 1 MiB). */
  readonly maxBodyBytes?: number | undefined;
  /**
   * The built web app served at `/` (default: `apps/web/dist` of this repository when it has an
   * `index.html`); `null` serves the status page instead.
   */
  readonly webDir?: string | null | undefined;
}

/** The app and what it owns: its background run queue (close it before the store). */
export interface ServerApp {
  /** The Hono app: `app.request(path, init)` in tests, `app.fetch` for a server. */
  readonly app: App;
  readonly queue: RunQueue | undefined;
  /** The Node request listener for a server: Hono behind a fast lane for `POST /api/perf` (`nodeListener`). */
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Stops the run queue (running runs are recorded failed as interrupted); does not close the store. */
  close(): Promise<void>;
}

/** `apps/web/dist` relative to this module (the same from `src/` and `dist/`). */
export function defaultWebDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "../../web/dist");
}

/**
 * Builds the HTTP API: every request body and query is validated against its zod schema (400 with the
 * paths of the bad fields), bodies are capped (413), unknown ids are 404 with the closest ids, nothing
 * thrown reaches a client as a stack trace (500 with a generic message; the log has the details), and
 * OpenAPI 3.1 is served at `/api/openapi.json` with a readable page at `/api/docs`.
 */
export function createApp(options: AppOptions): ServerApp {
  const logger = options.logger ?? silentLogger;
  const logRequests = options.logRequests ?? options.logger !== undefined;
  const queue =
    options.executor === undefined
      ? undefined
      : new RunQueue(options.store, options.executor, { maxQueued: options.maxQueuedRuns ?? 8, logger });
  const ctx: ServerContext = {
    domain: options.domain,
    store: options.store,
    queue,
    logger,
    tornado: options.tornado ?? (async (scenario, o) => tornado(scenario, o)),
  };

  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error);
    },
  });

  let counter = 0;
  const nextRequestId = () => (++counter).toString(36);
  const logRequest = (id: string, method: string, path: string, status: number, ms: number) => {
    if (!logRequests) return;
    logger({
      level: status >= 500 ? "error" : "info",
      msg: "request",
      id,
      method,
      path,
      status,
      ms: Math.round(ms * 100) / 100,
    });
  };
  app.use("*", async (c, next) => {
    const id = nextRequestId();
    c.set("requestId", id);
    const t0 = performance.now();
    await next();
    logRequest(id, c.req.method, c.req.path, c.res.status, performance.now() - t0);
  });

  const maxSize = options.maxBodyBytes ?? 1024 * 1024;
  app.use(
    "/api/*",
    bodyLimit({
      maxSize,
      onError: (c) =>
        errorResponse(c, new ApiError(413, "payload_too_large", `the request body is over ${maxSize} bytes`)),
    }),
  );

  app.onError((error, c) => {
    const api = toApiError(error);
    if (api.status === 500) {
      logger({
        level: "error",
        msg: "unhandled error",
        id: c.get("requestId"),
        method: c.req.method,
        path: c.req.path,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    return errorResponse(c, api);
  });

  catalogRoutes(app, ctx);
  policyRoutes(app, ctx);
  const perfCache = new JsonCache();
  perfRoutes(app, ctx, perfCache);
  planRoutes(app, ctx);
  documentRoutes(app, ctx, "scenario", scenarioCheck);
  documentRoutes(app, ctx, "plan", planCheck);
  runRoutes(app, ctx);
  backtestRoutes(app, ctx);
  sensitivityRoutes(app, ctx);
  claimRoutes(app, ctx);
  noteRoutes(app, ctx);
  metaRoutes(app, ctx);

  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "dualtrack API",
      version: "0.1.0",
      description:
        "Accelerators, export controls, performance, procurement and supply of the dual-track AI-compute system. Mirrors the `dualtrack` CLI.",
    },
  });
  app.get("/api/docs", (c) => c.html(DOCS_PAGE));
  app.all("/api/*", (c) =>
    errorResponse(c, new ApiError(404, "not_found", `no route ${c.req.method} ${c.req.path}`)),
  );

  const webDir = options.webDir === undefined ? defaultWebDir() : options.webDir;
  if (webDir !== null && existsSync(resolve(webDir, "index.html"))) {
    app.get("*", webHandler(webDir));
  } else {
    app.get("/", (c) =>
      c.html(
        statusPage({
          chips: ctx.domain.catalog.chips.length,
          models: ctx.domain.catalog.models.length,
          sources: ctx.domain.catalog.sources.length,
          "data issues": ctx.domain.issues.length,
          database: ctx.store.dialect,
        }),
      ),
    );
  }
  app.notFound((c) =>
    errorResponse(c, new ApiError(404, "not_found", `no route ${c.req.method} ${c.req.path}`)),
  );

  const perfOrUndefined = (body: unknown): string | undefined => {
    const parsed = perfRequestSchema.safeParse(body);
    if (!parsed.success) return undefined;
    try {
      return perfAnswer(ctx, perfCache, parsed.data);
    } catch {
      return undefined;
    }
  };
  return {
    app,
    queue,
    listener: nodeListener({ app, maxBodyBytes: maxSize, perf: perfOrUndefined, nextRequestId, logRequest }),
    close: async () => {
      await queue?.close();
    },
  };
}
