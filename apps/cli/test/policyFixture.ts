import { buildCatalog, buildPolicies, type Catalog, type Rule } from "@dualtrack/core";
import { readCatalogFiles } from "@dualtrack/runner";

/** The repository's catalog and policy rules, loaded once per test file and required to be valid. */
export async function loadPolicyFixture(): Promise<{ catalog: Catalog; rules: Rule[] }> {
  const { files, issues: readIssues } = await readCatalogFiles();
  const { catalog, issues } = buildCatalog(files);
  const built = buildPolicies(files.policies, new Set(catalog.sources.map((s) => s.id)));
  const all = [...readIssues, ...issues, ...built.issues];
  if (all.length > 0) throw new Error(`invalid data: ${JSON.stringify(all.slice(0, 5))}`);
  return { catalog, rules: built.rules };
}
