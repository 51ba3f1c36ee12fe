import type { Chip } from "@dualtrack/core";
import { COLUMNS, columnByKey } from "./columns.js";

/** What the chips table is filtered by (every field optional: empty means no filter). */
export interface ChipFilter {
  readonly q: string;
  readonly vendor: string;
  readonly country: string;
  readonly status: string;
  /** A numeric column key and an inclusive range on it. */
  readonly spec: string;
  readonly min: number | null;
  readonly max: number | null;
  readonly datacenter: boolean;
}

export const EMPTY_FILTER: ChipFilter = {
  q: "",
  vendor: "",
  country: "",
  status: "",
  spec: "",
  min: null,
  max: null,
  datacenter: false,
};

/** Keeps the chips that pass every filter; a chip without a value for the spec range never passes it. */
export function filterChips(chips: readonly Chip[], f: ChipFilter): Chip[] {
  const q = f.q.trim().toLowerCase();
  const spec = f.spec === "" ? undefined : columnByKey(f.spec);
  return chips.filter((c) => {
    if (q !== "" && ![c.id, c.name, c.vendor].some((s) => s.toLowerCase().includes(q))) return false;
    if (f.vendor !== "" && c.vendor !== f.vendor) return false;
    if (f.country !== "" && c.country !== f.country) return false;
    if (f.status !== "" && c.status !== f.status) return false;
    if (f.datacenter && !c.datacenter) return false;
    if (spec !== undefined && (f.min !== null || f.max !== null)) {
      const v = spec.get(c);
      if (typeof v !== "number") return false;
      if (f.min !== null && v < f.min) return false;
      if (f.max !== null && v > f.max) return false;
    }
    return true;
  });
}

export type SortDir = "asc" | "desc";

/**
 * Sorts chips by a column: numbers numerically, text by locale; unknown values always last whatever the
 * direction; ties broken by id so the order is stable.
 */
export function sortChips(chips: readonly Chip[], key: string, dir: SortDir): Chip[] {
  const column = columnByKey(key) ?? COLUMNS[0];
  if (column === undefined) return [...chips];
  const sign = dir === "asc" ? 1 : -1;
  return [...chips].sort((a, b) => {
    const va = column.get(a);
    const vb = column.get(b);
    if (va === null || vb === null) {
      if (va === vb) return a.id.localeCompare(b.id);
      return va === null ? 1 : -1;
    }
    const order =
      typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb));
    return order === 0 ? a.id.localeCompare(b.id) : sign * order;
  });
}

/** Distinct values of a text field, sorted, for the filter menus. */
export function distinct(chips: readonly Chip[], get: (c: Chip) => string): string[] {
  return [...new Set(chips.map(get))].sort();
}
