import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type BacktestFile,
  backtestFileSchema,
  buildCatalog,
  buildLedger,
  buildPerfData,
  buildPolicies,
  type Catalog,
  type CatalogIssue,
  type ClaimResult,
  type DataFile,
  type PerfData,
  type Rule,
} from "@dualtrack/core";
import { defaultDataDir, readCatalogFiles } from "@dualtrack/runner";
import { parse } from "yaml";

/**
 * What the routes answer from: the validated catalog and the models built on it. A part is undefined when
 * its data is missing or invalid; its routes then answer 501 or 503 and say why, the others keep working.
 */
export interface Domain {
  readonly catalog: Catalog;
  /** Calibration of the performance model (`data/perf/`). */
  readonly perf: PerfData | undefined;
  /** Export-control and import rules (`data/policies/`); undefined when missing or invalid. */
  readonly rules: readonly Rule[] | undefined;
  /** The claims ledger (`data/claims/`) checked against the catalog, rules and perf model. */
  readonly claims: readonly ClaimResult[] | undefined;
  /** Reported figures to backtest the simulation against (`data/market/backtest.yaml`), if present. */
  readonly backtest: BacktestFile | undefined;
  /** The bundled baseline scenario (`examples/scenarios/baseline.yaml` next to `data/`), as parsed YAML. */
  readonly baseline: unknown;
  /** Every problem found while loading; shown by `GET /api/health`. */
  readonly issues: readonly CatalogIssue[];
  /** The folder it came from. */
  readonly dataDir: string;
}

/**
 * Loads `data/` once at start-up. A catalog with issues still serves the valid records (the issues are
 * reported by `/api/health` and the log); the perf model is kept only when its own files are valid.
 */
export async function loadDomain(dataDir: string = defaultDataDir()): Promise<Domain> {
  const { files, issues: readIssues } = await readCatalogFiles(dataDir);
  const { catalog, issues } = buildCatalog(files);
  const sourceIds = catalog.sources.map((s) => s.id);
  const perfBuilt = files.perf.length === 0 ? undefined : buildPerfData(files.perf, sourceIds, catalog);
  const perfIssues = perfBuilt?.issues ?? [];
  const policies =
    files.policies.length === 0 ? undefined : buildPolicies(files.policies, new Set(sourceIds));
  const policyIssues = policies?.issues ?? [];
  const ledger = files.claims.length === 0 ? undefined : buildLedger(files);
  const backtestIssues: CatalogIssue[] = [];
  const backtest = await backtestFile(dataDir, backtestIssues);
  const baseline = await readFile(join(dataDir, "..", "examples", "scenarios", "baseline.yaml"), "utf8")
    .then((text): unknown => parse(text))
    .catch(() => undefined);
  return {
    catalog,
    baseline,
    perf: perfBuilt !== undefined && perfIssues.length === 0 ? perfBuilt.data : undefined,
    rules:
      policies !== undefined && policyIssues.length === 0 && policies.rules.length > 0
        ? policies.rules
        : undefined,
    claims: ledger?.results,
    backtest,
    issues: [...readIssues, ...issues, ...perfIssues, ...policyIssues, ...backtestIssues],
    dataDir,
  };
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
}

/** The YAML files of `data/<folder>/`, parsed; unreadable ones become issues. */
export async function yamlFolder(
  dataDir: string,
  folder: string,
  issues: CatalogIssue[],
): Promise<DataFile[]> {
  const names = await readdir(join(dataDir, folder)).catch(() => [] as string[]);
  const files: DataFile[] = [];
  for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const path = `data/${folder}/${name}`;
    try {
      files.push({ path, data: parse(await readFile(join(dataDir, folder, name), "utf8")) });
    } catch (error) {
      issues.push({ file: path, path: "(file)", message: `cannot read YAML: ${firstLine(error)}` });
    }
  }
  return files;
}

async function backtestFile(dataDir: string, issues: CatalogIssue[]): Promise<BacktestFile | undefined> {
  const path = join(dataDir, "market", "backtest.yaml");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = backtestFileSchema.safeParse(parse(text));
    if (parsed.success) return parsed.data;
    for (const i of parsed.error.issues)
      issues.push({
        file: "data/market/backtest.yaml",
        path: i.path.join(".") || "(file)",
        message: i.message,
      });
  } catch (error) {
    issues.push({
      file: "data/market/backtest.yaml",
      path: "(file)",
      message: `cannot read YAML: ${firstLine(error)}`,
    });
  }
  return undefined;
}
