import { fileURLToPath } from "node:url";
import { classify, policyStateAt, quarterIndex, quarterLabel } from "@dualtrack/core";
import { loadCatalog, loadScenario } from "@dualtrack/runner";
import { describe, expect, test } from "vitest";
import { requirePolicies } from "../src/commands/classifyCommand.js";

const baseline = fileURLToPath(new URL("../../../examples/scenarios/baseline.yaml", import.meta.url));

/**
 * Where the baseline's history deliberately differs from the policy engine, with the reason. Anything
 * else that disagrees fails the test, so the scenario and data/policies cannot drift apart silently.
 */
const KNOWN: Record<string, string> = {
  // The engine reads the Jan 2026 rule as case-by-case for every 3A090 part; the scenario keeps the
  // discontinued A800/H800 blocked (no supply would follow anyway).
  "a800 2026Q1 us": "discontinued",
  "a800 2026Q2 us": "discontinued",
  "a800 2026Q3 us": "discontinued",
  "h800 2026Q1 us": "discontinued",
  "h800 2026Q2 us": "discontinued",
  "h800 2026Q3 us": "discontinued",
  // Approval in principle in Jan 2026, but no H200 entered China through Apr 2026 (nvidia-10q-2026-04-26):
  // the scenario keeps the customs block until first deliveries in 2026Q3.
  "h200 2026Q1 china": "no deliveries before 2026Q3",
  "h200 2026Q2 china": "no deliveries before 2026Q3",
  // The B30A did not exist before 2025; the scenario blocks it from the start (no supply before 2026).
  "b30a 2023Q1 us": "not yet launched",
  "b30a 2023Q2 us": "not yet launched",
  "b30a 2023Q3 us": "not yet launched",
};

describe("baseline history vs the policy engine", () => {
  test("US blocked ⇔ presumption of denial, and China blocked ⇔ blocked, each quarter 2023Q1–2026Q3", async () => {
    const s = await loadScenario(baseline);
    const { catalog } = await loadCatalog();
    const rules = await requirePolicies(undefined, new Set(catalog.sources.map((x) => x.id)));
    const chips = s.serving?.chips ?? {};
    const foreign = s.products.filter((p) => p.origin === "foreign");
    const disagreements: string[] = [];
    for (let t = quarterIndex("2023Q1"); t <= quarterIndex("2026Q3"); t++) {
      const q = quarterLabel(t);
      const date = `${q.slice(0, 4)}-${String((Number(q.slice(5)) - 1) * 3 + 2).padStart(2, "0")}-15`;
      const state = policyStateAt(s, q);
      for (const p of foreign) {
        const chip = catalog.chips.find((c) => c.id === chips[p.id]);
        if (chip === undefined) throw new Error(`no catalog chip for ${p.id}`);
        const verdict = classify(chip, rules, { date, to: "CN", buyerHq: "CN" });
        const usBlocked = state[p.id]?.us === "blocked";
        const cnBlocked = state[p.id]?.stance === "blocked";
        if (
          usBlocked !== (verdict.us.review === "presumption-of-denial") &&
          KNOWN[`${p.id} ${q} us`] === undefined
        )
          disagreements.push(`${p.id} ${q} us: scenario ${state[p.id]?.us}, engine ${verdict.us.review}`);
        if (cnBlocked !== (verdict.china.status === "blocked") && KNOWN[`${p.id} ${q} china`] === undefined)
          disagreements.push(
            `${p.id} ${q} china: scenario ${state[p.id]?.stance}, engine ${verdict.china.status}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
  }, 30_000);
});
