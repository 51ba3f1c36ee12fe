import type { Scenario } from "./scenario.js";

const a = "test fixture";

/**
 * A two-quarter, one-firm scenario small enough to work by hand (see replicate.test.ts): one foreign
 * chip with a fixed supply and one domestic line fed by 10 wafers/month and an HBM pool. Every parameter
 * is a fixed value, so a replication does not depend on the seed.
 */
export function tinyScenario(): Scenario {
  return {
    id: "tiny",
    name: "Tiny",
    description: "hand-checkable fixture",
    asOf: "2025Q1",
    start: "2025Q1",
    end: "2025Q2",
    reference: {
      h100Bf16: { value: 1000, assumption: a },
      h100MemTBps: { value: 2, assumption: a },
      computeWeight: { value: 0.5, assumption: a },
      usdPerH100e: { value: 10000, assumption: a },
    },
    products: [
      {
        id: "imp",
        name: "Imported",
        vendor: "nv",
        origin: "foreign",
        bf16: { value: 1000, assumption: a },
        memTBps: { value: 2, assumption: a },
        priceUsd: { value: 10000, assumption: a },
        software: { value: 1, assumption: a },
        lifeQuarters: 8,
        supply: [{ at: "2025Q1", value: { value: 1000, assumption: a } }],
      },
      {
        id: "dom",
        name: "Domestic",
        vendor: "hw",
        origin: "domestic",
        bf16: { value: 500, assumption: a },
        memTBps: { value: 1, assumption: a },
        priceUsd: { value: 2000, assumption: a },
        software: { value: 1, assumption: a },
        lifeQuarters: 8,
        chain: {
          dieMm2: { value: 100, assumption: a },
          diesPerPackage: 1,
          hbmStacksPerPackage: { value: 1, assumption: a },
          waferShare: [{ at: "2025Q1", value: { value: 1, assumption: a } }],
          yield: {
            from: "2025Q1",
            start: { value: 0.5, assumption: a },
            max: { value: 0.5, assumption: a },
            rate: { value: 0, assumption: a },
          },
        },
      },
    ],
    fab: { advancedWpm: [{ at: "2025Q1", value: { value: 10, assumption: a } }] },
    hbm: {
      stockpileStart: { value: 6000, assumption: a },
      foreignAdds: [{ at: "2025Q1", value: { value: 0, assumption: a } }],
      domesticAdds: [
        { at: "2025Q1", value: { value: 0, assumption: a } },
        { at: "2025Q2", value: { value: 20000, assumption: a } },
      ],
    },
    dieBank: { start: { value: 0, assumption: a } },
    initialFleetH100e: {
      foreign: { value: 0, assumption: a },
      grey: { value: 0, assumption: a },
      domestic: { value: 0, assumption: a },
    },
    initialFleetLifeQuarters: 8,
    greySeizure: { value: 0, assumption: a },
    firms: [
      { id: "f", name: "Firm", capexUsd: [{ at: "2025Q1", value: { value: 30_000_000, assumption: a } }] },
    ],
    policy: {
      timeline: [{ id: "share", at: "2025Q1", products: ["imp"], us: { revenueShare: 0.15 }, assumption: a }],
      events: [],
    },
  };
}
