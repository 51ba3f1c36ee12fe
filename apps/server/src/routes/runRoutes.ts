import { closestIds } from "@dualtrack/core";
import { RUN_STATUSES, type Run } from "@dualtrack/store";
import { createRoute, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { ApiError, notFound } from "../errors.js";
import { isFinished, type RunEvent } from "../runQueue.js";
import type { App, ServerContext } from "../serverContext.js";
import { errorResponses, json, jsonBody, notAvailable, pageQuery } from "./shared.js";

const runSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["simulate", "plan", "backtest"]),
    documentId: z.string(),
    documentVersion: z.number().int(),
    status: z.enum(RUN_STATUSES),
    seed: z.number().int(),
    runs: z.number().int(),
    completed: z.number().int(),
    options: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    elapsedMs: z.number().nullable(),
    error: z.string().nullable(),
  })
  .openapi("Run");

const stat = z.number().nullable();
const resultSchema = z
  .object({
    output: z.string(),
    period: z.string(),
    n: z.number().int(),
    mean: stat,
    sd: stat,
    min: stat,
    p05: stat,
    p25: stat,
    p50: stat,
    p75: stat,
    p95: stat,
    max: stat,
  })
  .openapi("RunResult");

/** The body of `POST /api/runs`: the flags of `dualtrack simulate` against a stored scenario. */
export const startRunSchema = z
  .strictObject({
    scenario: z.string().min(1).max(200).openapi({ example: "baseline" }),
    version: z.number().int().min(1).optional().openapi({ description: "default: the latest" }),
    runs: z.number().int().min(1).max(1_000_000).default(1000),
    seed: z.number().int().min(0).max(4_294_967_295).default(1),
    workers: z
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .openapi({ description: "recorded with the run; the pool size is fixed when the server starts" }),
  })
  .openapi("StartRun");

const idPath = z.object({ id: z.string().max(200) });

/**
 * `/api/runs`: start a Monte Carlo run of a stored scenario version as a background job (202; 429 when
 * the queue is full), list and read runs, stream progress (SSE), read results, cancel.
 */
export function runRoutes(app: App, ctx: ServerContext): void {
  const { store } = ctx;
  const missingRun = async (id: string) =>
    notFound(
      "run",
      id,
      closestIds(
        id,
        (await store.runs.list({ limit: 500 })).map((r) => r.id),
      ),
    );
  const requireRun = async (id: string): Promise<Run> => {
    const run = await store.runs.get(id);
    if (run === undefined) throw await missingRun(id);
    return run;
  };

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/runs",
      tags: ["runs"],
      summary: "Start a Monte Carlo run of a stored scenario (background job)",
      request: { body: jsonBody(startRunSchema) },
      responses: {
        202: json(runSchema, "Queued; follow it at /api/runs/{id}/events"),
        ...errorResponses(400, 404, 413, 429, 501),
      },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const queue = ctx.queue;
      if (queue === undefined) throw notAvailable("simulation");
      const doc = await store.scenarios.get(b.scenario, b.version);
      if (doc === undefined) {
        if (b.version !== undefined && (await store.scenarios.get(b.scenario)) !== undefined)
          throw notFound("scenario version", `${b.scenario}@${b.version}`);
        throw notFound("scenario", b.scenario, closestIds(b.scenario, await store.scenarios.ids()));
      }
      if (queue.full)
        throw new ApiError(
          429,
          "too_many_requests",
          "too many runs are queued; wait for one to finish or cancel one",
        );
      const run = await store.runs.create({
        kind: "simulate",
        documentId: doc.id,
        documentVersion: doc.version,
        seed: b.seed,
        runs: b.runs,
        options: b.workers === undefined ? {} : { workers: b.workers },
      });
      queue.enqueue(run, doc.body);
      c.header("Location", `/api/runs/${run.id}`);
      return c.json(run, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/runs",
      tags: ["runs"],
      summary: "Runs, newest first",
      request: {
        query: z.object({
          status: z.enum(RUN_STATUSES).optional(),
          scenario: z.string().max(200).optional(),
          ...pageQuery,
        }),
      },
      responses: { 200: json(z.array(runSchema), "The runs"), ...errorResponses(400) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(
        await store.runs.list({ status: q.status, documentId: q.scenario, limit: q.limit, offset: q.offset }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/runs/{id}",
      tags: ["runs"],
      summary: "A run's status and progress",
      request: { params: idPath },
      responses: { 200: json(runSchema, "The run"), ...errorResponses(404) },
    }),
    async (c) => c.json(await requireRun(c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/runs/{id}/results",
      tags: ["runs"],
      summary: "A succeeded run's quantiles per output per quarter, and its full summary",
      request: { params: idPath },
      responses: {
        200: json(
          z.object({ run: runSchema, results: z.array(resultSchema), summary: z.unknown() }),
          "The results (empty unless the run succeeded)",
        ),
        ...errorResponses(404, 409),
      },
    }),
    async (c) => {
      const run = await requireRun(c.req.valid("param").id);
      if (run.status !== "succeeded")
        throw new ApiError(
          409,
          "conflict",
          `run '${run.id}' is ${run.status}; results exist once it succeeded`,
        );
      const [results, summary] = await Promise.all([store.runs.results(run.id), store.runs.summary(run.id)]);
      return c.json({ run, results, summary: summary ?? null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/runs/{id}/cancel",
      tags: ["runs"],
      summary: "Cancel a queued or running run",
      request: { params: idPath },
      responses: { 200: json(runSchema, "The cancelled run"), ...errorResponses(404, 409, 501) },
    }),
    async (c) => {
      const run = await requireRun(c.req.valid("param").id);
      if (isFinished(run)) throw new ApiError(409, "conflict", `run '${run.id}' already ${run.status}`);
      if (ctx.queue === undefined) return c.json(await store.runs.cancel(run.id), 200);
      return c.json(await ctx.queue.cancel(run.id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/runs/{id}/events",
      tags: ["runs"],
      summary: "Server-Sent Events: `progress` and `status` events with the run, until it finishes",
      request: { params: idPath },
      responses: {
        200: { description: "text/event-stream", content: { "text/event-stream": { schema: z.string() } } },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const run = await requireRun(c.req.valid("param").id);
      return streamSSE(c, async (stream) => {
        const send = (event: RunEvent) =>
          stream.writeSSE({
            event: event.type,
            data: JSON.stringify(event.run),
            id: String(event.run.completed),
          });
        if (isFinished(run) || ctx.queue === undefined) {
          await send({ type: "status", run });
          return;
        }
        let finish: () => void = () => {};
        const finished = new Promise<void>((resolve) => {
          finish = resolve;
        });
        let chain = Promise.resolve();
        const unsubscribe = ctx.queue.subscribe(run.id, (event) => {
          chain = chain.then(() => send(event)).catch(() => finish());
          if (event.type === "status" && isFinished(event.run)) void chain.then(finish);
        });
        stream.onAbort(() => finish());
        // The state may have moved between the read above and the subscription: send it as of now.
        const now = await store.runs.get(run.id);
        if (now !== undefined) {
          await send({ type: "status", run: now });
          if (isFinished(now)) finish();
        }
        await finished;
        unsubscribe();
        await chain;
      });
    },
  );
}
