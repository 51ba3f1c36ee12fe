// Policy-engine benchmarks (issue 3): classify every chip × destination × date (with explanations), a
// timeline per chip, and allowedChips for the dashboard's "what may ship where" view. Uses the built packages.
import { allowedChips, buildCatalog, buildPolicies, changeDates, classify, timeline } from "@dualtrack/core";
import { readCatalogFiles } from "@dualtrack/runner";

// The dashboard recomputes a full chip × destination grid on each date change: ~60 chips × 10 countries
// must stay well under a frame budget of interaction (100 ms), hence ≥ 10,000 classifications per second.
const TARGET_CLASSIFY_PER_SEC = 10_000;
const TARGET_TIMELINE_MS = 20;
const DESTINATIONS = ["CN", "HK", "MO", "RU", "SG", "SA", "AE", "US", "FR", "IN"];

export async function run() {
  const { files } = await readCatalogFiles();
  const { catalog } = buildCatalog(files);
  const { rules, issues } = buildPolicies(files.policies, new Set(catalog.sources.map((s) => s.id)));
  if (issues.length > 0) throw new Error(`invalid policies: ${issues.length} issues`);
  const dates = changeDates(rules).filter((d) => d >= "2022-01-01");

  // Warm-up: steady state is what the dashboard sees after its first recomputation.
  for (const chip of catalog.chips) classify(chip, rules, { date: "2025-01-01", to: "CN" });

  // (1) the full grid, every rule-change date; best of three passes (the machine is shared).
  let n = 0;
  let licensed = 0;
  let gridMs = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 3; pass++) {
    n = 0;
    licensed = 0;
    const t0 = performance.now();
    for (const date of dates)
      for (const to of DESTINATIONS)
        for (const chip of catalog.chips) {
          const r = classify(chip, rules, { date, to });
          if (r.us.licenseRequired) licensed++;
          n++;
        }
    gridMs = Math.min(gridMs, performance.now() - t0);
  }
  const perSec = (n / gridMs) * 1000;

  // (2) one timeline per chip to CN.
  const t1 = performance.now();
  for (const chip of catalog.chips) timeline(chip, rules, "CN");
  const timelineMs = (performance.now() - t1) / catalog.chips.length;

  // (3) allowedChips to CN on one date.
  const t2 = performance.now();
  const allowed = allowedChips(catalog.chips, rules, {
    date: "2026-02-01",
    to: "CN",
    maxReview: "case-by-case",
  });
  const allowedMs = performance.now() - t2;

  return [
    {
      bench: "policy",
      metric: `classify grid (${catalog.chips.length} chips × ${DESTINATIONS.length} dest × ${dates.length} dates = ${n}; ${licensed} licensed)`,
      value: Math.round(perSec),
      unit: "classify/s",
      target: `≥ ${TARGET_CLASSIFY_PER_SEC}`,
      ok: perSec >= TARGET_CLASSIFY_PER_SEC,
    },
    {
      bench: "policy",
      metric: "timeline per chip (to CN, 2022–2026)",
      value: Number(timelineMs.toFixed(2)),
      unit: "ms",
      target: `≤ ${TARGET_TIMELINE_MS}`,
      ok: timelineMs <= TARGET_TIMELINE_MS,
    },
    {
      bench: "policy",
      metric: `allowedChips CN 2026-02-01, up to case-by-case (${allowed.length} chips)`,
      value: Number(allowedMs.toFixed(2)),
      unit: "ms",
      target: "≤ 100",
      ok: allowedMs <= 100,
    },
  ];
}
