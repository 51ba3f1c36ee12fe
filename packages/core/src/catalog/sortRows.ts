import { PRECISIONS } from "./chip.js";

/** Reads a dotted path (`dense.bf16`) from a record. */
export function pathValue(row: unknown, path: string): unknown {
  let here = row;
  for (const key of path.split(".")) {
    if (here === null || typeof here !== "object") return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

/** One key of a sort spec: a field path, descending when written with a leading '-'. */
export interface SortKey {
  readonly path: string;
  readonly descending: boolean;
}

/** A sort spec named a field outside the allowed ones; the message lists them. */
export class SortSpecError extends Error {
  readonly field: string;
  readonly allowed: readonly string[];
  constructor(field: string, allowed: readonly string[]) {
    super(`unknown field '${field}'; allowed: ${allowed.join(", ")}`);
    this.name = "SortSpecError";
    this.field = field;
    this.allowed = allowed;
  }
}

/**
 * Parses a sort spec such as `-dense.bf16,name`: comma-separated field paths, '-' for descending.
 * `aliases` map short names (`bf16`) to paths; any other name must be one of `allowed`, else a
 * {@link SortSpecError} (the CLI and the API each say which flag or query field it came from).
 */
export function parseSortSpec(
  spec: string,
  allowed: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): SortKey[] {
  return spec
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const descending = part.startsWith("-");
      const name = descending ? part.slice(1) : part.replace(/^\+/, "");
      const path = aliases[name] ?? name;
      if (!allowed.includes(path)) throw new SortSpecError(name, allowed);
      return { path, descending };
    });
}

/**
 * Sorts rows by the keys in order (stable). Numbers compare numerically, strings by locale; unknown
 * values (null or absent) always sort last, whatever the direction.
 */
export function sortRows<T>(rows: readonly T[], keys: readonly SortKey[]): T[] {
  return [...rows].sort((a, b) => {
    for (const { path, descending } of keys) {
      const x = pathValue(a, path);
      const y = pathValue(b, path);
      const xMissing = x === null || x === undefined;
      const yMissing = y === null || y === undefined;
      if (xMissing || yMissing) {
        if (xMissing !== yMissing) return xMissing ? 1 : -1;
        continue;
      }
      const order =
        typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}

/** Chip fields that `chips --sort` and `GET /api/chips?sort=` accept. */
export const CHIP_SORT_FIELDS: readonly string[] = [
  "id",
  "name",
  "vendor",
  "country",
  "launched",
  "status",
  ...PRECISIONS.map((p) => `dense.${p}`),
  "memory.gb",
  "memory.tbps",
  "interconnect.scaleUpGBps",
  "interconnect.ioGBps",
  "tdpW",
  "dieMm2",
  "priceUsd",
];

/** Short names for chip sort fields: each precision for its dense rate (`bf16` → `dense.bf16`). */
export const CHIP_SORT_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  PRECISIONS.map((p) => [p, `dense.${p}`]),
);

/** Model fields that `models --sort` and `GET /api/models?sort=` accept. */
export const MODEL_SORT_FIELDS: readonly string[] = [
  "id",
  "name",
  "family",
  "developer",
  "country",
  "released",
  "params.totalB",
  "params.activeB",
  "arch.layers",
  "arch.hidden",
  "arch.maxContext",
];

/** Short names for model sort fields. */
export const MODEL_SORT_ALIASES: Readonly<Record<string, string>> = {
  totalB: "params.totalB",
  activeB: "params.activeB",
  layers: "arch.layers",
  hidden: "arch.hidden",
  context: "arch.maxContext",
};
