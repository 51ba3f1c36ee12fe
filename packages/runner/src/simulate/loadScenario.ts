import { readFile } from "node:fs/promises";
import { compileScenario, type Scenario, scenarioSchema } from "@dualtrack/core";
import { parse } from "yaml";

/** A scenario file that cannot be used, with every problem as `file: path: message`. */
export class ScenarioError extends Error {
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    super(`${file} is not a valid scenario:\n${problems.map((p) => `${file}: ${p}`).join("\n")}`);
    this.name = "ScenarioError";
    this.problems = problems;
  }
}

/** Validates raw YAML/JSON data as a scenario (zod shape, then cross-references). */
export function parseScenario(data: unknown, file = "scenario"): Scenario {
  const r = scenarioSchema.safeParse(data);
  if (!r.success)
    throw new ScenarioError(
      file,
      r.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`),
    );
  try {
    compileScenario(r.data);
  } catch (error) {
    throw new ScenarioError(file, [error instanceof Error ? error.message : String(error)]);
  }
  return r.data;
}

/** Reads and validates a scenario YAML file. */
export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ScenarioError(file, [`cannot read: ${error instanceof Error ? error.message : String(error)}`]);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
    throw new ScenarioError(file, [`cannot read YAML: ${message}`]);
  }
  return parseScenario(data, file);
}
