import { createRoute, z } from "@hono/zod-openapi";
import type { App, ServerContext } from "../serverContext.js";
import { json } from "./shared.js";

const healthSchema = z
  .object({
    status: z.literal("ok"),
    version: z.string(),
    database: z.enum(["sqlite", "postgres"]),
    catalog: z.object({ chips: z.number(), models: z.number(), sources: z.number() }),
    capabilities: z.record(z.string(), z.boolean()),
    runs: z.object({ waiting: z.number(), active: z.number() }),
    dataIssues: z.array(z.object({ file: z.string(), path: z.string(), message: z.string() })),
  })
  .openapi("Health");

/** `GET /api/health`: what this server can answer and what failed to load. */
export function metaRoutes(app: App, ctx: ServerContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/health",
      tags: ["meta"],
      summary: "Status, catalog size, available capabilities and data issues",
      responses: { 200: json(healthSchema, "The server's state") },
    }),
    (c) => {
      const { domain } = ctx;
      return c.json(
        {
          status: "ok" as const,
          version: "0.1.0",
          database: ctx.store.dialect,
          catalog: {
            chips: domain.catalog.chips.length,
            models: domain.catalog.models.length,
            sources: domain.catalog.sources.length,
          },
          capabilities: {
            perf: domain.perf !== undefined,
            policy: domain.rules !== undefined,
            plan: true,
            runs: ctx.queue !== undefined,
            backtest: domain.backtest !== undefined,
            claims: domain.claims !== undefined,
          },
          runs: ctx.queue?.size ?? { waiting: 0, active: 0 },
          dataIssues: domain.issues
            .slice(0, 100)
            .map((i) => ({ file: i.file, path: i.path, message: i.message })),
        },
        200,
      );
    },
  );
}
