import type { z } from "zod";
import { type Chip, type ChipRecord, chipFromRecord, chipRecordSchema } from "./chip.js";
import { type Model, type ModelRecord, modelRecordSchema } from "./model.js";
import { modelFromRecord } from "./modelFromRecord.js";
import { sourceRefs, valueAt } from "./recordPaths.js";
import { type Source, sourcesFileSchema } from "./source.js";

/** A parsed data file: its path (for messages) and its YAML content. */
export interface DataFile {
  readonly path: string;
  readonly data: unknown;
}

/** One problem found in `data/`: the file, the path inside it, the offending value and what is wrong. */
export interface CatalogIssue {
  readonly file: string;
  readonly path: string;
  readonly message: string;
  readonly value?: unknown;
}

export interface Catalog {
  readonly sources: readonly Source[];
  readonly chips: readonly Chip[];
  readonly models: readonly Model[];
}

/** The raw files of `data/`, as read by the runner or bundled for the browser. */
export interface CatalogFiles {
  readonly sources: DataFile;
  readonly chips: readonly DataFile[];
  readonly models: readonly DataFile[];
}

/** Tolerance of the check of computed against published parameter counts. */
export const PARAM_TOLERANCE = 0.02;

/**
 * The relative tolerance of a computed parameter count against a published one:
 * max(2%, roundedToB / 2 / published) — a figure rounded to whole billions cannot be held closer than half
 * its rounding step.
 */
export function paramTolerance(publishedB: number, roundedToB: number | null): number {
  return Math.max(PARAM_TOLERANCE, (roundedToB ?? 0) / 2 / publishedB);
}

/** Formats an issue as `file: path: message (value: …)`, one line. */
export function formatIssue(issue: CatalogIssue): string {
  const value = issue.value === undefined ? "" : ` (value: ${JSON.stringify(issue.value)})`;
  return `${issue.file}: ${issue.path}: ${issue.message}${value}`;
}

/** Renders a zod path with the record id where there is one: `chips[3] h100-sxm › dense.bf16`. */
function renderPath(data: unknown, path: readonly PropertyKey[]): string {
  const [list, index, ...rest] = path;
  if (typeof list === "string" && typeof index === "number") {
    const id = valueAt(data, [list, index, "id"]);
    const head = `${list}[${index}]${typeof id === "string" ? ` ${id}` : ""}`;
    return rest.length === 0 ? head : `${head} › ${rest.map(String).join(".")}`;
  }
  return path.map(String).join(".") || "(file)";
}

function parseFile<T>(
  schema: z.ZodType<T>,
  file: DataFile,
  issues: CatalogIssue[],
  prefix: readonly PropertyKey[] = [],
): T | undefined {
  const result = schema.safeParse(prefix.length === 0 ? file.data : valueAt(file.data, prefix));
  if (result.success) return result.data;
  for (const zodIssue of result.error.issues) {
    const issue = { ...zodIssue, path: [...prefix, ...zodIssue.path] };
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

/** One entry of a list file: its index, the raw YAML and, when it passed its schema, the parsed record. */
interface Entry<T> {
  readonly index: number;
  readonly raw: unknown;
  readonly record: T | undefined;
}

/**
 * Parses a list file (`{ chips: [...] }`) record by record, so that one bad record is reported without
 * hiding the valid ones beside it.
 */
function parseRecords<T>(
  key: string,
  schema: z.ZodType<T>,
  file: DataFile,
  issues: CatalogIssue[],
): Entry<T>[] {
  const list = valueAt(file.data, [key]);
  if (file.data === undefined) return [];
  if (!Array.isArray(list) || Object.keys(file.data as object).some((k) => k !== key)) {
    issues.push({
      file: file.path,
      path: "(file)",
      message: `expected a mapping with the single key '${key}' holding a list`,
    });
    return [];
  }
  return list.map((raw: unknown, index) => ({
    index,
    raw,
    record: parseFile(schema, file, issues, [key, index]),
  }));
}

/** Memory kinds that sit off the die; an on-die SRAM may legitimately reach PB/s. */
const OFF_CHIP_MEMORY = /^(HBM|GDDR|LPDDR|DDR|HiBL|HiZQ)/i;

function chipChecks(file: DataFile, chip: ChipRecord, at: string, issues: CatalogIssue[]): void {
  const flag = (path: string, message: string, value?: unknown) =>
    issues.push({
      file: file.path,
      path: `${at} › ${path}`,
      message,
      ...(value === undefined ? {} : { value }),
    });
  const stem = file.path.replace(/^.*\//, "").replace(/\.ya?ml$/, "");
  if (chip.vendor !== stem) flag("vendor", `vendor must match the file name '${stem}'`, chip.vendor);
  const d = chip.dense;
  if (d?.fp8 !== undefined && d.bf16 !== undefined && d.fp8.value < d.bf16.value) {
    flag(
      "dense.fp8",
      `dense fp8 (${d.fp8.value}) is below bf16 (${d.bf16.value}): is one of them sparse?`,
      d.fp8.value,
    );
  }
  if (d?.fp4 !== undefined && d.fp8 !== undefined && d.fp4.value < d.fp8.value) {
    flag("dense.fp4", `dense fp4 (${d.fp4.value}) is below fp8 (${d.fp8.value})`, d.fp4.value);
  }
  for (const [precision, fact] of Object.entries(d ?? {})) {
    if (fact !== undefined && !(fact.value > 0 && fact.value <= 1_000_000)) {
      flag(`dense.${precision}`, "dense throughput must be in (0, 1,000,000] TFLOPS/TOPS", fact.value);
    }
  }
  const m = chip.memory;
  if (m?.gb !== undefined && !(m.gb.value > 0 && m.gb.value <= 4096)) {
    flag("memory.gb", "memory capacity must be in (0, 4096] GB", m.gb.value);
  }
  if (m?.tbps !== undefined) {
    const offChip = m.type === undefined || OFF_CHIP_MEMORY.test(m.type);
    const max = offChip ? 30 : 100_000;
    if (!(m.tbps.value > 0 && m.tbps.value <= max)) {
      flag(
        "memory.tbps",
        `memory bandwidth must be in (0, ${max}] TB/s for ${m.type ?? "off-chip memory"}; a value in GB/s belongs divided by 1000`,
        m.tbps.value,
      );
    }
  }
  for (const [key, fact] of Object.entries(chip.interconnect ?? {})) {
    if (fact !== undefined && !(fact.value > 0 && fact.value <= 100_000)) {
      flag(`interconnect.${key}`, "link bandwidth must be in (0, 100,000] GB/s", fact.value);
    }
  }
  if (chip.tdpW !== undefined && !(chip.tdpW.value >= 10 && chip.tdpW.value <= 3000)) {
    flag(
      "tdpW",
      "TDP must be within 10–3000 W (a whole system's power belongs in the note)",
      chip.tdpW.value,
    );
  }
  if (chip.dieMm2 !== undefined && !(chip.dieMm2.value > 0 && chip.dieMm2.value <= 50_000)) {
    flag("dieMm2", "die area must be in (0, 50,000] mm²", chip.dieMm2.value);
  }
  if (chip.dies !== undefined && !(Number.isInteger(chip.dies.value) && chip.dies.value >= 1)) {
    flag("dies", "the number of dies is a whole number ≥ 1", chip.dies.value);
  }
}

function modelChecks(
  file: DataFile,
  model: ModelRecord,
  built: Model,
  at: string,
  issues: CatalogIssue[],
): void {
  const pairs: [string, number, number][] = [
    ["params.totalB", model.params.totalB.value, built.params.computedTotalB],
  ];
  if (model.params.activeB !== undefined) {
    pairs.push(["params.activeB", model.params.activeB.value, built.params.computedActiveB]);
  }
  for (const [path, published, computed] of pairs) {
    const error = Math.abs(computed - published) / published;
    const tolerance = paramTolerance(published, model.params.roundedToB ?? null);
    if (error > tolerance) {
      issues.push({
        file: file.path,
        path: `${at} › ${path}`,
        message: `computed ${computed}B differs from the published ${published}B by ${(error * 100).toFixed(1)}% (> ${(tolerance * 100).toFixed(1)}%)`,
        value: published,
      });
    }
  }
}

/**
 * Validates and assembles the catalog from the raw files of `data/`: each file against its zod schema,
 * then the cross-checks — unique ids, every source id resolves, vendor matches the file name, units sane
 * (fp8 ≥ bf16, fp4 ≥ fp8, bandwidth > 0, TDP 10–3000 W…), computed parameter counts within 2% of the
 * published ones. Returns the catalog built from the valid records and every issue found.
 */
export function buildCatalog(files: CatalogFiles): { catalog: Catalog; issues: CatalogIssue[] } {
  const issues: CatalogIssue[] = [];
  const sources = parseFile(sourcesFileSchema, files.sources, issues)?.sources ?? [];
  const known = new Set<string>();
  for (const [i, s] of sources.entries()) {
    if (known.has(s.id))
      issues.push({
        file: files.sources.path,
        path: `sources[${i}] ${s.id}`,
        message: "duplicate source id",
        value: s.id,
      });
    known.add(s.id);
  }
  const unresolved = (file: DataFile, at: string, record: unknown) => {
    for (const [path, id] of sourceRefs(record, "")) {
      if (!known.has(id)) {
        issues.push({
          file: file.path,
          path: `${at} › ${path}`,
          message: `source id '${id}' does not resolve in ${files.sources.path}`,
          value: id,
        });
      }
    }
  };

  /**
   * Runs the record-level checks of one kind of list file (ids unique across files, sources resolve on the
   * raw YAML so a record that failed its schema still gets them) and keeps the records that pass.
   */
  function assemble<R extends { id: string }, T>(
    key: string,
    schema: z.ZodType<R>,
    listFiles: readonly DataFile[],
    build: (file: DataFile, record: R, at: string) => T,
  ): T[] {
    const built: T[] = [];
    const ids = new Map<string, string>();
    for (const file of listFiles) {
      for (const { index, raw, record } of parseRecords(key, schema, file, issues)) {
        const id = valueAt(raw, ["id"]);
        const at = `${key}[${index}]${typeof id === "string" ? ` ${id}` : ""}`;
        unresolved(file, at, raw);
        if (record === undefined) continue;
        const before = issues.length;
        const seen = ids.get(record.id);
        if (seen !== undefined) {
          issues.push({
            file: file.path,
            path: at,
            message: `duplicate ${key.slice(0, -1)} id (also in ${seen})`,
            value: record.id,
          });
        }
        ids.set(record.id, file.path);
        const result = build(file, record, at);
        if (issues.length === before) built.push(result);
      }
    }
    return built;
  }

  const chips = assemble("chips", chipRecordSchema, files.chips, (file, record, at) => {
    chipChecks(file, record, at, issues);
    return chipFromRecord(record);
  });
  const models = assemble("models", modelRecordSchema, files.models, (file, record, at) => {
    const built = modelFromRecord(record);
    modelChecks(file, record, built, at, issues);
    return built;
  });
  chips.sort((a, b) => a.id.localeCompare(b.id));
  models.sort((a, b) => a.id.localeCompare(b.id));
  return { catalog: { sources, chips, models }, issues };
}
