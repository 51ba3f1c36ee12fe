import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildCatalog,
  type Catalog,
  type CatalogFiles,
  type CatalogIssue,
  type DataFile,
} from "@dualtrack/core";
import { parse } from "yaml";

/**
 * Where `data/` lives: `DUALTRACK_DATA` if set, else the repository's own `data/` (three folders above
 * this module, in `src/` and in `dist/` alike).
 */
export function defaultDataDir(): string {
  const fromEnv = process.env.DUALTRACK_DATA;
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
  return resolve(dirname(fileURLToPath(import.meta.url)), "../../../data");
}

async function readYaml(path: string, base: string, issues: CatalogIssue[]): Promise<DataFile> {
  const shown = relative(resolve(base, ".."), path);
  try {
    return { path: shown, data: parse(await readFile(path, "utf8")) };
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
    issues.push({ file: shown, path: "(file)", message: `cannot read YAML: ${message}` });
    return { path: shown, data: undefined };
  }
}

async function yamlFiles(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()
      .map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/** The raw YAML of a data folder: the catalog's files plus those of the models built on it. */
export interface DataFiles extends CatalogFiles {
  /** `policies/*.yaml`: export-control and import rules. */
  readonly policies: readonly DataFile[];
  /** `perf/*.yaml`: performance-model calibration (stacks, efficiencies). */
  readonly perf: readonly DataFile[];
  /** `claims/*.yaml`: the evidence ledger, one file per seed article. */
  readonly claims: readonly DataFile[];
}

/** Reads `sources.yaml`, `chips/`, `models/`, `policies/`, `perf/` and `claims/` of a data folder as raw YAML. */
export async function readCatalogFiles(
  dataDir = defaultDataDir(),
): Promise<{ files: DataFiles; issues: CatalogIssue[] }> {
  const issues: CatalogIssue[] = [];
  const folder = async (name: string) =>
    Promise.all((await yamlFiles(join(dataDir, name))).map((p) => readYaml(p, dataDir, issues)));
  const sources = await readYaml(join(dataDir, "sources.yaml"), dataDir, issues);
  const [chips, models, policies, perf, claims] = await Promise.all([
    folder("chips"),
    folder("models"),
    folder("policies"),
    folder("perf"),
    folder("claims"),
  ]);
  return { files: { sources, chips, models, policies, perf, claims }, issues };
}

/** Loads and validates the catalog of a data folder; `issues` is empty when every file is valid. */
export async function loadCatalog(
  dataDir = defaultDataDir(),
): Promise<{ catalog: Catalog; issues: CatalogIssue[] }> {
  const { files, issues: readIssues } = await readCatalogFiles(dataDir);
  const { catalog, issues } = buildCatalog(files);
  return { catalog, issues: [...readIssues, ...issues] };
}
