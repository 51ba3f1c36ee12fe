import { buildPerfData, type CatalogIssue, type PerfData } from "@dualtrack/core";
import type { CatalogData } from "./catalogData.js";

const cache = new WeakMap<CatalogData, { data: PerfData; issues: CatalogIssue[] }>();

/** The perf calibration data built in the browser from `data/perf/*.yaml`, as the CLI builds it; once per data set. */
export function perfData(data: CatalogData): { data: PerfData; issues: CatalogIssue[] } {
  const hit = cache.get(data);
  if (hit !== undefined) return hit;
  const built = buildPerfData(data.perfFiles, data.sources.keys(), {
    chips: data.chips,
    models: data.models,
  });
  cache.set(data, built);
  return built;
}
