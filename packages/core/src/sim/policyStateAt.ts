import { quarterIndex } from "./quarter.js";
import type { Scenario } from "./scenario.js";

/** A product's policy state in a scenario's deterministic timeline (events excluded). */
export interface ProductPolicyState {
  readonly us: "allowed" | "capped" | "blocked";
  readonly stance: "allowed" | "discouraged" | "conditional" | "blocked";
}

/**
 * The US state and Chinese stance of every product after the timeline entries dated at or before
 * `quarter` are applied in order (the same rule as a replication: omitted fields keep their value; the
 * start is allowed/allowed). Stochastic events are not included. Used to check a scenario's history
 * against the policy engine.
 */
export function policyStateAt(s: Scenario, quarter: string): Record<string, ProductPolicyState> {
  const t = quarterIndex(quarter);
  const state: Record<string, { us: ProductPolicyState["us"]; stance: ProductPolicyState["stance"] }> = {};
  for (const p of s.products) state[p.id] = { us: "allowed", stance: "allowed" };
  for (const e of s.policy.timeline) {
    if (quarterIndex(e.at) > t) continue;
    for (const id of e.products ?? []) {
      const st = state[id];
      if (st === undefined) continue;
      if (e.us?.state !== undefined) st.us = e.us.state;
      if (e.china?.stance !== undefined) st.stance = e.china.stance;
    }
  }
  return state;
}
