import { createRoute, z } from "@hono/zod-openapi";
import type { App, ServerContext } from "../serverContext.js";
import { errorResponses, json, notAvailable } from "./shared.js";

/** `GET /api/claims`: the claims ledger with verdicts. */
export function claimRoutes(app: App, _ctx: ServerContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/claims",
      tags: ["claims"],
      summary: "The claims ledger: each claim from the seed articles with its verdict and reasons",
      responses: { 200: json(z.array(z.unknown()), "The claims"), ...errorResponses(501) },
    }),
    () => {
      throw notAvailable("the claims ledger");
    },
  );
}
