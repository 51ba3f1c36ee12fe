// Test-only fixtures of the policy tests (excluded from the build by packages/core/tsconfig.json).
import type { Chip } from "../catalog/chip.js";

/** A chip with only the fields a test sets; everything else unknown (null or empty). */
export function bareChip(overrides: Partial<Chip>): Chip {
  return {
    id: "test-chip",
    name: "Test chip",
    vendor: "test",
    country: "US",
    datacenter: true,
    chinaSpecific: false,
    launched: "2024",
    status: "shipping",
    dense: {},
    memory: { type: null, gb: null, tbps: null },
    interconnect: { scaleUpGBps: null, ioGBps: null },
    tdpW: null,
    dies: null,
    dieMm2: null,
    tppPublished: null,
    node: null,
    foundry: null,
    priceUsd: null,
    priceYear: null,
    note: null,
    sources: {},
    confidence: {},
    notes: {},
    alternatives: {},
    ...overrides,
  };
}
