import type { z } from "zod";
import type { CatalogIssue, DataFile } from "../catalog/catalog.js";
import { sourceRefs, valueAt } from "../catalog/recordPaths.js";
import {
  type Economics,
  type EconomicsFacts,
  economicsSchema,
  type Family,
  familySchema,
  type Measurement,
  measurementSchema,
  type PerfData,
  STACKS,
  type StackEntry,
  type SystemEntry,
  stackEntrySchema,
  systemSchema,
  type TrainingEntry,
  trainingEntrySchema,
} from "./perfData.js";

/** The top-level keys a `data/perf/*.yaml` file may hold. */
const KEYS = ["families", "stacks", "training", "systems", "economics", "measurements"] as const;

/** Ids the perf data may refer to, to check them (optional). */
export interface PerfCatalogIds {
  readonly chips: readonly { readonly id: string }[];
  readonly models: readonly { readonly id: string }[];
}

/** `stacks[3] h100-sxm/trtllm › params.memory`: the list, index and a readable label of the record. */
function label(record: unknown): string {
  const id = valueAt(record, ["id"]);
  if (typeof id === "string") return ` ${id}`;
  const stack = valueAt(record, ["stack"]);
  const scope = valueAt(record, ["chip"]) ?? valueAt(record, ["family"]) ?? "default";
  const chip = valueAt(record, ["chip"]);
  if (typeof stack === "string" && typeof scope === "string") return ` ${scope}/${stack}`;
  if (typeof chip === "string") return ` ${chip}`;
  return "";
}

function renderPath(data: unknown, path: readonly PropertyKey[]): string {
  const [list, index, ...rest] = path;
  if (typeof list === "string" && typeof index === "number") {
    const head = `${list}[${index}]${label(valueAt(data, [list, index]))}`;
    return rest.length === 0 ? head : `${head} › ${rest.map(String).join(".")}`;
  }
  return path.map(String).join(".") || "(file)";
}

function parseAt<T>(
  schema: z.ZodType<T>,
  file: DataFile,
  prefix: readonly PropertyKey[],
  issues: CatalogIssue[],
): T | undefined {
  const result = schema.safeParse(valueAt(file.data, prefix));
  if (result.success) return result.data;
  for (const zodIssue of result.error.issues) {
    const path = [...prefix, ...zodIssue.path];
    const value = valueAt(file.data, path);
    issues.push({
      file: file.path,
      path: renderPath(file.data, path),
      message: zodIssue.message,
      ...(value === undefined || typeof value === "object" ? {} : { value }),
    });
  }
  return undefined;
}

function parseList<T>(
  key: string,
  schema: z.ZodType<T>,
  file: DataFile,
  issues: CatalogIssue[],
): { record: T; at: string }[] {
  const list = valueAt(file.data, [key]);
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    issues.push({ file: file.path, path: key, message: `expected '${key}' to hold a list` });
    return [];
  }
  const out: { record: T; at: string }[] = [];
  for (const index of list.keys()) {
    const record = parseAt(schema, file, [key, index], issues);
    if (record !== undefined) out.push({ record, at: renderPath(file.data, [key, index]) });
  }
  return out;
}

function plainEconomics(facts: EconomicsFacts | null): Economics {
  const v = (key: keyof EconomicsFacts) => (facts === null ? Number.NaN : facts[key].value);
  return {
    amortisationYears: v("amortisationYears"),
    utilisation: v("utilisation"),
    electricityUsdPerKwh: v("electricityUsdPerKwh"),
    pue: v("pue"),
    idlePowerFraction: v("idlePowerFraction"),
    powerCapExponent: v("powerCapExponent"),
    capexMultiplier: v("capexMultiplier"),
    scaleUpDomain: v("scaleUpDomain"),
    scaleOutGBps: v("scaleOutGBps"),
    scaleOutEfficiency: v("scaleOutEfficiency"),
  };
}

const scopeKey = (e: {
  chip?: string | undefined;
  family?: string | undefined;
  model?: string | undefined;
  precision?: string | undefined;
  layout?: string | undefined;
}) =>
  e.chip !== undefined
    ? `chip ${e.chip}${e.model === undefined ? "" : ` model ${e.model}`}${e.precision === undefined ? "" : ` ${e.precision}`}${e.layout === undefined ? "" : ` layout ${e.layout}`}`
    : e.family !== undefined
      ? `family ${e.family}`
      : "default";

/**
 * Validates and merges the files of `data/perf/`: each top-level key (`families`, `stacks`, `training`,
 * `systems`, `economics`, `measurements`) against its zod schema, record by record, then the cross-checks —
 * every source id resolves in `knownSourceIds`, no duplicate (scope, stack) entry or measurement id, a chip
 * in at most one family, a default entry for every stack, `economics` given exactly once, and (when
 * `catalog` is passed) every chip, family member and model id exists. Returns the data built from the
 * valid records and every issue, in the style of `buildCatalog`.
 */
export function buildPerfData(
  files: readonly DataFile[],
  knownSourceIds: Iterable<string>,
  catalog?: PerfCatalogIds,
): { data: PerfData; issues: CatalogIssue[] } {
  const issues: CatalogIssue[] = [];
  const known = new Set(knownSourceIds);
  const families: Family[] = [];
  const stacks: StackEntry[] = [];
  const training: TrainingEntry[] = [];
  const systems: SystemEntry[] = [];
  const measurements: Measurement[] = [];
  let economics: EconomicsFacts | null = null;
  const chipIds = catalog === undefined ? undefined : new Set(catalog.chips.map((c) => c.id));
  const modelIds = catalog === undefined ? undefined : new Set(catalog.models.map((m) => m.id));
  const familyOf = new Map<string, string>();
  const seenScopes = new Map<string, string>();
  const seenMeasurements = new Map<string, string>();
  const chipRefs: { file: string; at: string; id: string }[] = [];
  const familyRefs: { file: string; at: string; id: string }[] = [];

  const checkSources = (file: DataFile, at: string, record: unknown) => {
    for (const [path, id] of sourceRefs(record, "")) {
      if (!known.has(id))
        issues.push({
          file: file.path,
          path: `${at} › ${path}`,
          message: `source id '${id}' does not resolve in data/sources.yaml`,
          value: id,
        });
    }
  };
  const unique = (file: DataFile, at: string, key: string, what: string) => {
    const seen = seenScopes.get(key);
    if (seen !== undefined)
      issues.push({ file: file.path, path: at, message: `duplicate ${what} (also in ${seen})` });
    else seenScopes.set(key, file.path);
  };

  for (const file of files) {
    if (file.data === undefined || file.data === null) continue;
    if (typeof file.data !== "object" || Array.isArray(file.data)) {
      issues.push({
        file: file.path,
        path: "(file)",
        message: `expected a mapping with keys among ${KEYS.join(", ")}`,
      });
      continue;
    }
    for (const key of Object.keys(file.data)) {
      if (!(KEYS as readonly string[]).includes(key))
        issues.push({
          file: file.path,
          path: key,
          message: `unknown key '${key}'; expected one of ${KEYS.join(", ")}`,
        });
    }
    for (const { record, at } of parseList("families", familySchema, file, issues)) {
      unique(file, at, `family ${record.id}`, `family id '${record.id}'`);
      for (const chip of record.chips) {
        const other = familyOf.get(chip);
        if (other !== undefined && other !== record.id)
          issues.push({
            file: file.path,
            path: `${at} › chips`,
            message: `chip '${chip}' is already in family '${other}'`,
            value: chip,
          });
        familyOf.set(chip, record.id);
        chipRefs.push({ file: file.path, at: `${at} › chips`, id: chip });
      }
      families.push(record);
    }
    for (const { record, at } of parseList("stacks", stackEntrySchema, file, issues)) {
      unique(
        file,
        at,
        `stack ${scopeKey(record)} ${record.stack}`,
        `entry for ${scopeKey(record)}, stack ${record.stack}`,
      );
      checkSources(file, at, record);
      if (record.chip !== undefined) chipRefs.push({ file: file.path, at: `${at} › chip`, id: record.chip });
      if (record.family !== undefined)
        familyRefs.push({ file: file.path, at: `${at} › family`, id: record.family });
      if (record.model !== undefined && modelIds !== undefined && !modelIds.has(record.model))
        issues.push({
          file: file.path,
          path: `${at} › model`,
          message: `model id '${record.model}' is not in the catalog`,
          value: record.model,
        });
      if (record.calibrated && record.provenance.kind !== "fitted")
        issues.push({
          file: file.path,
          path: `${at} › calibrated`,
          message: "only a fitted parameter set may be marked calibrated",
        });
      stacks.push(record);
    }
    for (const { record, at } of parseList("training", trainingEntrySchema, file, issues)) {
      unique(
        file,
        at,
        `training ${scopeKey(record)} ${record.stack} ${record.precision}`,
        `training entry for ${scopeKey(record)}, stack ${record.stack}, ${record.precision}`,
      );
      checkSources(file, at, record);
      if (record.chip !== undefined) chipRefs.push({ file: file.path, at: `${at} › chip`, id: record.chip });
      if (record.family !== undefined)
        familyRefs.push({ file: file.path, at: `${at} › family`, id: record.family });
      training.push(record);
    }
    for (const { record, at } of parseList("systems", systemSchema, file, issues)) {
      unique(file, at, `system ${record.chip}`, `system entry for chip '${record.chip}'`);
      checkSources(file, at, record);
      chipRefs.push({ file: file.path, at: `${at} › chip`, id: record.chip });
      systems.push(record);
    }
    for (const { record, at } of parseList("measurements", measurementSchema, file, issues)) {
      const seen = seenMeasurements.get(record.id);
      if (seen !== undefined)
        issues.push({
          file: file.path,
          path: at,
          message: `duplicate measurement id (also in ${seen})`,
          value: record.id,
        });
      seenMeasurements.set(record.id, file.path);
      checkSources(file, at, record);
      chipRefs.push({ file: file.path, at: `${at} › chip`, id: record.chip });
      if (modelIds !== undefined && !modelIds.has(record.model))
        issues.push({
          file: file.path,
          path: `${at} › model`,
          message: `model id '${record.model}' is not in the catalog`,
          value: record.model,
        });
      measurements.push(record);
    }
    if (valueAt(file.data, ["economics"]) !== undefined) {
      if (economics !== null)
        issues.push({
          file: file.path,
          path: "economics",
          message: "economics is given in more than one file",
        });
      const parsed = parseAt(economicsSchema, file, ["economics"], issues);
      if (parsed !== undefined) {
        checkSources(file, "economics", parsed);
        economics = parsed;
      }
    }
  }

  const where = files[0]?.path.replace(/[^/]*$/, "") ?? "data/perf/";
  if (files.length > 0) {
    for (const stack of STACKS) {
      if (!stacks.some((e) => e.stack === stack && e.chip === undefined && e.family === undefined))
        issues.push({
          file: where,
          path: "stacks",
          message: `no default entry (neither chip nor family) for stack '${stack}'`,
        });
    }
    if (economics === null) issues.push({ file: where, path: "economics", message: "economics is missing" });
  }
  const familyIds = new Set(families.map((f) => f.id));
  for (const ref of familyRefs) {
    if (!familyIds.has(ref.id))
      issues.push({
        file: ref.file,
        path: ref.at,
        message: `family '${ref.id}' is not defined under families`,
        value: ref.id,
      });
  }
  if (chipIds !== undefined) {
    for (const ref of chipRefs) {
      if (!chipIds.has(ref.id))
        issues.push({
          file: ref.file,
          path: ref.at,
          message: `chip id '${ref.id}' is not in the catalog`,
          value: ref.id,
        });
    }
  }
  return {
    data: {
      families,
      stacks,
      training,
      systems,
      economics: plainEconomics(economics),
      economicsFacts: economics,
      measurements,
    },
    issues,
  };
}
