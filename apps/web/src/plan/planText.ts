import { type CompareSpec, type Plan, parseCompare, parsePlan, setPath } from "@dualtrack/core";
import { type Document, isMap, isSeq, type Node, parseDocument } from "yaml";

/** A problem in the edited plan: the field path (as `parsePlan` names it), its line when known, the message. */
export interface PlanTextIssue {
  readonly path: string;
  readonly line: number | null;
  readonly message: string;
}

export type PlanText =
  | { readonly ok: true; readonly data: unknown; readonly plan: Plan }
  | { readonly ok: false; readonly syntax: boolean; readonly issues: readonly PlanTextIssue[] };

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** `demand[0].serve.model` → ["demand", 0, "serve", "model"]; `(plan)` → []. */
export function pathKeys(path: string): (string | number)[] {
  if (path === "(plan)" || path === "") return [];
  const keys: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) keys.push(Number(m[2]));
    else if (m[1] !== undefined) keys.push(m[1]);
  }
  return keys;
}

/**
 * The line of the deepest node on `path` that exists in the document, so an issue about a missing key
 * points at its parent object and one about a bad value points at the value itself.
 */
export function lineOf(text: string, root: unknown, path: string): number | null {
  let node: unknown = root;
  let best: number | null = null;
  for (const key of pathKeys(path)) {
    if (!(isMap(node) || isSeq(node))) break;
    const next: unknown = node.get(key, true);
    if (next === undefined || next === null) break;
    node = next;
    const range = (node as Node).range;
    if (range !== undefined && range !== null) best = lineAt(text, range[0]);
  }
  return best;
}

/** The YAML parser's errors of an editor's text as issues: path `(syntax)`, the parser's line, its first message line. */
export function syntaxIssues(doc: Document.Parsed): PlanTextIssue[] {
  return doc.errors.map((e) => ({
    path: "(syntax)",
    line: e.linePos?.[0].line ?? null,
    message: e.message.split("\n")[0] ?? e.message,
  }));
}

/**
 * Reads the Planner's editor text: YAML (JSON is valid YAML, so JSON plans are accepted as they are),
 * then the same `parsePlan` (core's planSchema) the CLI and the server apply. Syntax errors carry the
 * parser's line; schema errors carry the field path and the line of that field in the text.
 */
export function readPlanText(text: string): PlanText {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { ok: false, syntax: true, issues: syntaxIssues(doc) };
  const data: unknown = doc.toJS();
  const parsed = parsePlan(data);
  if (parsed.plan === undefined)
    return {
      ok: false,
      syntax: false,
      issues: parsed.issues.map((i) => ({
        path: i.path,
        line: lineOf(text, doc.contents, i.path),
        message: i.message,
      })),
    };
  return { ok: true, data, plan: parsed.plan };
}

/** One variant of a comparison: its label and the raw plan with the compared key set. */
export interface PlanVariant {
  readonly label: string;
  readonly data: unknown;
}

/**
 * The variants of `key=v1,v2,…` (core's `parseCompare`/`setPath`, as `dualtrack plan --compare` reads
 * them): one copy of the plan per value. Throws an `Error` naming the problem.
 */
export function planVariants(data: unknown, spec: string): { spec: CompareSpec; variants: PlanVariant[] } {
  const parsed = parseCompare(spec);
  if (parsed.values.length > 6) throw new Error(`compare ${parsed.key}: at most 6 values`);
  return {
    spec: parsed,
    variants: parsed.values.map((value, i) => ({
      label: `${parsed.key}=${parsed.labels[i] ?? String(value)}`,
      data: setPath(data, parsed.path, value),
    })),
  };
}
