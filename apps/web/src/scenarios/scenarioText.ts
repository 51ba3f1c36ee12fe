import { compileScenario, type Scenario, scenarioSchema } from "@dualtrack/core";
import { parseDocument } from "yaml";
import { lineOf, syntaxIssues } from "../plan/planText.js";

/** A problem in the edited scenario: the field path (`products[0].bf16.value`), its line when known, the message. */
export interface ScenarioTextIssue {
  readonly path: string;
  readonly line: number | null;
  readonly message: string;
}

export type ScenarioText =
  | { readonly ok: true; readonly data: unknown; readonly scenario: Scenario }
  | { readonly ok: false; readonly syntax: boolean; readonly issues: readonly ScenarioTextIssue[] };

/** zod's path `["products", 0, "bf16"]` → `products[0].bf16`, the form `lineOf` walks; `(scenario)` when empty. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(scenario)" : out;
}

/**
 * Reads the Scenarios editor's text as the server's scenario check does: YAML (JSON is valid YAML), then
 * core's `scenarioSchema`, then `compileScenario`'s cross-references (products named by firms, events,
 * quarters in order). Syntax errors carry the parser's line; schema errors the field path and its line.
 */
export function readScenarioText(text: string): ScenarioText {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { ok: false, syntax: true, issues: syntaxIssues(doc) };
  const data: unknown = doc.toJS();
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success)
    return {
      ok: false,
      syntax: false,
      issues: parsed.error.issues.map((i) => {
        const path = formatPath(i.path);
        return { path, line: lineOf(text, doc.contents, path), message: i.message };
      }),
    };
  try {
    compileScenario(parsed.data);
  } catch (error) {
    return {
      ok: false,
      syntax: false,
      issues: [
        { path: "(scenario)", line: null, message: error instanceof Error ? error.message : String(error) },
      ],
    };
  }
  return { ok: true, data, scenario: parsed.data };
}
