import { availableParallelism } from "node:os";
import type { Scenario } from "@dualtrack/core";
import { loadScenario, ScenarioError } from "@dualtrack/runner";
import { z } from "zod";
import { CliError } from "../io.js";

const intFlag = (flag: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${flag} must be a number` })
    .int(`${flag} must be an integer`)
    .min(min, `${flag} must be at least ${min}`)
    .max(max, `${flag} must be at most ${max}`);

/** The run flags shared by simulate, backtest and sensitivity, validated (exit 2 names the flag). */
export const runFlagsSchema = z.object({
  runs: intFlag("--runs", 1, 1_000_000).optional(),
  seed: intFlag("--seed", 0, 2 ** 32 - 1).optional(),
  workers: intFlag("--workers", 0, 256).optional(),
});

export function parseFlags<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const r = schema.safeParse(raw);
  if (!r.success) throw new CliError(r.error.issues.map((i) => i.message).join("; "));
  return r.data;
}

/** Default worker count: none for small runs (thread start-up dominates), else up to 4 cores. */
export function defaultWorkers(runs: number): number {
  return runs < 500 ? 0 : Math.max(1, Math.min(4, availableParallelism()));
}

/** Loads a scenario file, turning validation problems into exit-2 errors that name each field. */
export async function requireScenario(file: string): Promise<Scenario> {
  try {
    return await loadScenario(file);
  } catch (error) {
    if (error instanceof ScenarioError) throw new CliError(error.message);
    throw error;
  }
}
