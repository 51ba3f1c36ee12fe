import { buildPolicies, type CatalogIssue, type Rule } from "@dualtrack/core";
import type { CatalogData } from "./catalogData.js";

const cache = new WeakMap<CatalogData, { rules: Rule[]; issues: CatalogIssue[] }>();

/**
 * The policy rules built in the browser from the raw `data/policies/*.yaml` files, validated by the same
 * `buildPolicies` the CLI uses (source ids checked against the loaded sources). Built once per data set.
 */
export function policyRules(data: CatalogData): { rules: Rule[]; issues: CatalogIssue[] } {
  const hit = cache.get(data);
  if (hit !== undefined) return hit;
  const built = buildPolicies(data.policyFiles, new Set(data.sources.keys()));
  cache.set(data, built);
  return built;
}

/** Dates on the slider: day numbers from 2022-01-01 to 2027-12-31 (UTC). */
export const DATE_MIN = "2022-01-01";
export const DATE_MAX = "2027-12-31";
const DAY_MS = 86_400_000;

export function dayOf(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A valid ISO date within the slider's range, else the fallback. */
export function clampDate(value: string | undefined, fallback: string): string {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    return fallback;
  if (value < DATE_MIN) return DATE_MIN;
  if (value > DATE_MAX) return DATE_MAX;
  return value;
}
