import { compileScenario, scenarioSchema } from "@dualtrack/core";
import type { ContentCheck } from "./documentRoutes.js";

/**
 * A stored scenario must be one the simulation can run: the zod shape (`scenarioSchema`), then the
 * cross-references `compileScenario` checks. Issues are under `body.body`.
 */
export const scenarioCheck: ContentCheck = (content) => {
  const parsed = scenarioSchema.safeParse(content);
  if (!parsed.success)
    return parsed.error.issues.map((i) => ({
      path: ["body", "body", ...i.path.map(String)].join("."),
      message: i.message,
    }));
  try {
    compileScenario(parsed.data);
    return [];
  } catch (error) {
    return [{ path: "body.body", message: error instanceof Error ? error.message : String(error) }];
  }
};
