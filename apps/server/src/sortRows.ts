import { badField } from "./errors.js";

/** Reads a dotted path (`dense.bf16`) from a record. */
function pathValue(row: unknown, path: string): unknown {
  let here = row;
  for (const key of path.split(".")) {
    if (here === null || typeof here !== "object") return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

export interface SortKey {
  readonly path: string;
  readonly descending: boolean;
}

/**
 * Parses a sort spec as the CLI does (`-dense.bf16,name`; aliases such as `bf16`); an unknown field is a
 * 400 on `query.sort` listing the allowed ones.
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
      if (!allowed.includes(path)) {
        throw badField("query.sort", `unknown field '${name}'; allowed: ${allowed.join(", ")}`);
      }
      return { path, descending };
    });
}

/** Stable sort by the keys; numbers numerically, strings by locale; missing values last either way. */
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
