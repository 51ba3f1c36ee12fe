import type { CatalogIssue, DataFile } from "../catalog/catalog.js";
import { sourceRefs, valueAt } from "../catalog/recordPaths.js";
import { type Claim, claimRecordSchema } from "./claimSchema.js";

/** The ids a claim may name: chips and models of the catalog. */
export interface CatalogIds {
  readonly chips: readonly { readonly id: string }[];
  readonly models: readonly { readonly id: string }[];
}

/** Every catalog reference of a parsed claim: `[path, "chip" | "model", id]`. */
function* catalogRefs(claim: Claim): Generator<[string, "chip" | "model", string]> {
  if ((claim.subject.kind === "chip" || claim.subject.kind === "model") && claim.subject.id !== undefined)
    yield ["subject.id", claim.subject.kind, claim.subject.id];
  for (const [i, check] of claim.check.entries()) {
    const at = `check[${i}]`;
    if ("chip" in check && check.chip !== undefined) yield [`${at}.chip`, "chip", check.chip];
    if ("model" in check && check.model !== undefined) yield [`${at}.model`, "model", check.model];
    if (check.kind === "arithmetic")
      for (const [name, spec] of Object.entries(check.vars)) {
        if ("chip" in spec) yield [`${at}.vars.${name}.chip`, "chip", spec.chip];
        if ("model" in spec) yield [`${at}.vars.${name}.model`, "model", spec.model];
      }
  }
}

const byArticleThenParagraph = (a: Claim, b: Claim) =>
  a.where.article.localeCompare(b.where.article) ||
  a.where.paragraph - b.where.paragraph ||
  a.id.localeCompare(b.id);

/**
 * Validates and assembles the claims ledger from the raw files of `data/claims/` (one per seed article,
 * named after it: `000.yaml`): each record against {@link claimRecordSchema}, then the cross-checks —
 * unique ids across files, `where.article` matching the file name, every source id known, every chip and
 * model id in the catalog (when `catalog` is given), and a claimed value for each comparison (the check's
 * `value` or the claim's `quantity.value`). Returns the valid claims, ordered by article, paragraph and
 * id, and every issue found, in the message style of `buildCatalog`.
 */
export function buildClaims(
  files: readonly DataFile[],
  knownSourceIds: Iterable<string>,
  catalog?: CatalogIds,
): { claims: Claim[]; issues: CatalogIssue[] } {
  const issues: CatalogIssue[] = [];
  const known = new Set(knownSourceIds);
  const chipIds = new Set(catalog?.chips.map((c) => c.id));
  const modelIds = new Set(catalog?.models.map((m) => m.id));
  const claims: Claim[] = [];
  const seen = new Map<string, string>();

  for (const file of files) {
    if (file.data === undefined) continue;
    const list = valueAt(file.data, ["claims"]);
    if (!Array.isArray(list) || Object.keys(file.data as object).some((k) => k !== "claims")) {
      issues.push({
        file: file.path,
        path: "(file)",
        message: "expected a mapping with the single key 'claims' holding a list",
      });
      continue;
    }
    const stem = file.path.replace(/^.*\//, "").replace(/\.ya?ml$/, "");
    if (!/^\d{3}$/.test(stem))
      issues.push({
        file: file.path,
        path: "(file)",
        message: "a claims file is named after its seed article: 000.yaml, 001.yaml, …",
        value: stem,
      });

    for (const [index, raw] of list.entries()) {
      const rawId = valueAt(raw, ["id"]);
      const at = `claims[${index}]${typeof rawId === "string" ? ` ${rawId}` : ""}`;
      const flag = (path: string, message: string, value?: unknown) =>
        issues.push({
          file: file.path,
          path: path === "" ? at : `${at} › ${path}`,
          message,
          ...(value === undefined ? {} : { value }),
        });

      // a claim with any issue (an unresolved source included) stays out of the ledger
      const before = issues.length;
      for (const [path, id] of sourceRefs(raw, ""))
        if (!known.has(id)) flag(path, `source id '${id}' does not resolve in sources.yaml`, id);

      const result = claimRecordSchema.safeParse(raw);
      if (!result.success) {
        for (const zodIssue of result.error.issues) {
          const value = valueAt(raw, zodIssue.path);
          flag(
            zodIssue.path.map(String).join("."),
            zodIssue.message,
            value === undefined || typeof value === "object" ? undefined : value,
          );
        }
        continue;
      }
      const claim = result.data;

      const other = seen.get(claim.id);
      if (other !== undefined) flag("", `duplicate claim id (also in ${other})`, claim.id);
      seen.set(claim.id, file.path);

      if (/^\d{3}$/.test(stem) && claim.where.article !== stem)
        flag(
          "where.article",
          `the claim is filed in ${stem}.yaml but says it stands in article ${claim.where.article}`,
          claim.where.article,
        );

      if (catalog !== undefined)
        for (const [path, kind, id] of catalogRefs(claim))
          if (!(kind === "chip" ? chipIds : modelIds).has(id))
            flag(path, `${kind} id '${id}' is not in the catalog`, id);

      for (const [i, check] of claim.check.entries()) {
        const needsValue = check.kind === "catalog" || check.kind === "arithmetic" || check.kind === "source";
        if (needsValue && check.value === undefined && claim.quantity?.value === undefined)
          flag(`check[${i}].value`, "no claimed value: give the check a value or the claim a quantity.value");
      }

      if (issues.length === before) claims.push(claim);
    }
  }
  claims.sort(byArticleThenParagraph);
  return { claims, issues };
}
