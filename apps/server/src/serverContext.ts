import type { Scenario, TornadoOptions, TornadoResult } from "@dualtrack/core";
import type { Store } from "@dualtrack/store";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Domain } from "./domain.js";
import type { Logger } from "./log.js";
import type { RunQueue } from "./runQueue.js";

/** What every route module gets: the data, the store, the background runs and the log. */
export interface ServerContext {
  readonly domain: Domain;
  readonly store: Store;
  /** Undefined when no run executor is available (simulation not built): run routes answer 501. */
  readonly queue: RunQueue | undefined;
  readonly logger: Logger;
  /** Runs `POST /api/sensitivity`'s tornado (in the simulation pool when the server has one). */
  readonly tornado: (scenario: Scenario, options: TornadoOptions) => Promise<TornadoResult>;
}

/** Hono's environment for the app: a request id set by the logging middleware. */
export interface AppEnv {
  Variables: { requestId: string };
}

export type App = OpenAPIHono<AppEnv>;
