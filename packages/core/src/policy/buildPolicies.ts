import type { z } from "zod";
import type { CatalogIssue, DataFile } from "../catalog/catalog.js";
import { valueAt } from "../catalog/recordPaths.js";
import { RELAXATION_KINDS, REQUIREMENT_KINDS, type Rule, ruleSchema } from "./ruleSchema.js";

/**
 * A union error (`Invalid input`) lists every branch's issues; the useful branch is the one the author
 * meant, i.e. whose issues do not complain about the keys that identify another branch.
 */
function meantBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] {
  const misfit = (issues: readonly z.core.$ZodIssue[]) =>
    issues.filter(
      (i) =>
        (i.code === "unrecognized_keys" && i.path.length === 0) ||
        (i.code === "invalid_type" && i.path.length === 1 && i.message.endsWith("received undefined")),
    ).length;
  let best = branches[0] ?? [];
  for (const branch of branches) if (misfit(branch) < misfit(best)) best = branch;
  return best;
}

/** Replaces union errors by the issues of the branch that was meant, recursively, with full paths. */
function flatten(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0)
      return flatten(meantBranch(issue.errors), path);
    return [{ ...issue, path }];
  });
}

/** Renders `rules[3] some-id › outcome.review`, as buildCatalog does for chips. */
function renderPath(data: unknown, path: readonly PropertyKey[]): string {
  const [list, index, ...rest] = path;
  if (typeof list === "string" && typeof index === "number") {
    const id = valueAt(data, [list, index, "id"]);
    const head = `${list}[${index}]${typeof id === "string" ? ` ${id}` : ""}`;
    return rest.length === 0 ? head : `${head} › ${rest.map(String).join(".")}`;
  }
  return path.map(String).join(".") || "(file)";
}

function parseRule(file: DataFile, index: number, issues: CatalogIssue[]): Rule | undefined {
  const prefix = ["rules", index];
  const result = ruleSchema.safeParse(valueAt(file.data, prefix));
  if (result.success) return result.data;
  for (const issue of flatten(result.error.issues, prefix)) {
    const value = valueAt(file.data, issue.path);
    issues.push({
      file: file.path,
      path: renderPath(file.data, issue.path),
      message: issue.message,
      ...(value === undefined || typeof value === "object" ? {} : { value }),
    });
  }
  return undefined;
}

/** The rules of one file, record by record, so that one bad rule does not hide the valid ones. */
function parseRules(file: DataFile, issues: CatalogIssue[]): { rule: Rule; at: string }[] {
  if (file.data === undefined) return [];
  const list = valueAt(file.data, ["rules"]);
  if (!Array.isArray(list) || Object.keys(file.data as object).some((k) => k !== "rules")) {
    issues.push({
      file: file.path,
      path: "(file)",
      message: "expected a mapping with the single key 'rules' holding a list",
    });
    return [];
  }
  const parsed: { rule: Rule; at: string }[] = [];
  for (const index of list.keys()) {
    const rule = parseRule(file, index, issues);
    if (rule !== undefined) parsed.push({ rule, at: `rules[${index}] ${rule.id}` });
  }
  return parsed;
}

/** A file `us.yaml` or `cn.yaml` holds the rules of that jurisdiction. */
function jurisdictionOfFile(path: string): string | null {
  const stem = path.replace(/^.*\//, "").replace(/\.ya?ml$/, "");
  return /^[a-z]{2}$/.test(stem) ? stem.toUpperCase() : null;
}

interface Placed {
  readonly rule: Rule;
  readonly file: string;
  readonly at: string;
}

/** Cross-checks between rules: unique ids, sources resolve, references name the right kind of rule. */
function crossChecks(
  placed: readonly Placed[],
  knownSourceIds: ReadonlySet<string>,
  issues: CatalogIssue[],
): Set<string> {
  const bad = new Set<string>();
  const flag = (p: Placed, path: string, message: string, value: string) => {
    issues.push({ file: p.file, path: path === "" ? p.at : `${p.at} › ${path}`, message, value });
    bad.add(p.at + p.file);
  };
  const byId = new Map<string, Placed>();
  for (const p of placed) {
    const seen = byId.get(p.rule.id);
    if (seen !== undefined) flag(p, "", `duplicate rule id (also in ${seen.file})`, p.rule.id);
    else byId.set(p.rule.id, p);
  }
  for (const p of placed) {
    for (const [i, id] of p.rule.source.entries()) {
      if (!knownSourceIds.has(id))
        flag(p, `source[${i}]`, `source id '${id}' does not resolve in data/sources.yaml`, id);
    }
    const expected = jurisdictionOfFile(p.file);
    if (expected !== null && expected !== p.rule.jurisdiction) {
      flag(p, "jurisdiction", `a rule in ${p.file} must have jurisdiction ${expected}`, p.rule.jurisdiction);
    }
    for (const [i, target] of (p.rule.outcome.relaxes ?? []).entries()) {
      const t = byId.get(target)?.rule;
      if (t === undefined) flag(p, `outcome.relaxes[${i}]`, `relaxes unknown rule '${target}'`, target);
      else if (!REQUIREMENT_KINDS.includes(t.kind)) {
        flag(
          p,
          `outcome.relaxes[${i}]`,
          `relaxes '${target}', a ${t.kind} rule: only ${REQUIREMENT_KINDS.join(" or ")} rules can be relaxed`,
          target,
        );
      }
    }
    if (p.rule.outcome.relaxes !== undefined && !RELAXATION_KINDS.includes(p.rule.kind)) {
      flag(p, "outcome.relaxes", `only ${RELAXATION_KINDS.join(" and ")} rules relax others`, p.rule.kind);
    }
    const next = p.rule.supersededBy;
    if (next !== undefined && !byId.has(next))
      flag(p, "supersededBy", `supersededBy names unknown rule '${next}'`, next);
  }
  return bad;
}

/**
 * Validates and assembles the policy rules from the raw files of `data/policies/`: each rule against
 * {@link ruleSchema} (per-kind outcome fields, dates in order, a confidence for China's reported
 * measures), then the cross-checks — unique ids across files, every source id in `knownSourceIds`, the
 * jurisdiction matching the file name (`us.yaml` → US), `relaxes` naming requirement rules and
 * `supersededBy` naming a rule. Issues read like buildCatalog's: `file: rules[3] some-id › path: message
 * (value: …)`. Returns the valid rules, sorted by effective date then id, and every issue found.
 */
export function buildPolicies(
  files: readonly DataFile[],
  knownSourceIds: ReadonlySet<string>,
): { rules: Rule[]; issues: CatalogIssue[] } {
  const issues: CatalogIssue[] = [];
  const placed: Placed[] = files.flatMap((file) =>
    parseRules(file, issues).map(({ rule, at }) => ({ rule, file: file.path, at })),
  );
  const bad = crossChecks(placed, knownSourceIds, issues);
  const rules = placed.filter((p) => !bad.has(p.at + p.file)).map((p) => p.rule);
  rules.sort((a, b) => a.effective.localeCompare(b.effective) || a.id.localeCompare(b.id));
  return { rules, issues };
}
