import { stat } from "node:fs/promises";
import { type Catalog, formatIssue } from "@dualtrack/core";
import { loadCatalog } from "@dualtrack/runner";
import { CliError } from "./io.js";

/**
 * Loads and validates the catalog, or fails with every issue listed (exit 1): a command never answers
 * from a catalog that did not validate.
 */
export async function requireCatalog(dataDir: string | undefined): Promise<Catalog> {
  // a mistyped --data is a usage error, not an "invalid catalog" with a file list
  if (dataDir !== undefined && (await stat(dataDir).catch(() => null))?.isDirectory() !== true)
    throw new CliError(`--data ${dataDir}: no such folder (it should hold sources.yaml, chips/, models/, …)`);
  const { catalog, issues } = await (dataDir === undefined ? loadCatalog() : loadCatalog(dataDir));
  if (issues.length > 0) {
    const shown = issues.slice(0, 50).map(formatIssue).join("\n");
    const more = issues.length > 50 ? `\n… and ${issues.length - 50} more` : "";
    throw new CliError(`the catalog in data/ is invalid (${issues.length} issues):\n${shown}${more}`, 1);
  }
  return catalog;
}
