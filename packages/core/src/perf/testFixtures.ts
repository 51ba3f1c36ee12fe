// Test-only fixtures of the perf model's tests (excluded from the build by packages/core/tsconfig.json):
// catalog-shaped chip and model records and the economics defaults, built in one place.
import type { Chip } from "../catalog/chip.js";
import type { Model } from "../catalog/model.js";
import { LLAMA_31_8B_ARCH } from "../catalog/testFixtures.js";
import type { Economics } from "./perfData.js";

/** An H100-SXM-shaped chip record under `id`, with `over` replacing fields. */
export function chip(id: string, over: Partial<Chip> = {}): Chip {
  return {
    id,
    name: id,
    vendor: "nvidia",
    country: "US",
    datacenter: true,
    chinaSpecific: false,
    launched: "2022-09",
    status: "shipping",
    dense: { bf16: 989.4, fp16: 989.4, fp8: 1979, int8: 1979 },
    memory: { type: "HBM3", gb: 80, tbps: 3.35 },
    interconnect: { scaleUpGBps: 900, ioGBps: 1028 },
    tdpW: 700,
    dies: 1,
    dieMm2: 814,
    tppPublished: null,
    node: null,
    foundry: null,
    priceUsd: 30000,
    priceYear: 2024,
    note: null,
    sources: {},
    confidence: {},
    notes: {},
    alternatives: {},
    ...over,
  };
}

/** A model record with Llama 3.1 8B's architecture (config.json numbers), `arch` replacing fields. */
export function model(id: string, arch: Partial<Model["arch"]>): Model {
  return {
    id,
    name: id,
    family: "test",
    developer: "test",
    country: "US",
    released: "2024",
    openWeights: true,
    arch: {
      ...LLAMA_31_8B_ARCH,
      visionParamsB: null,
      ...arch,
    },
    params: {
      totalB: 8,
      activeB: 8,
      computedTotalB: 8,
      computedActiveB: 8,
      activeExcludes: "none",
      roundedToB: null,
    },
    note: null,
    sources: {},
    confidence: {},
    notes: {},
  };
}

/** The economics defaults the perf tests work their cost figures from. */
export const ECONOMICS: Economics = {
  amortisationYears: 5,
  utilisation: 0.6,
  electricityUsdPerKwh: 0.08,
  pue: 1.5,
  idlePowerFraction: 0.15,
  powerCapExponent: 0.637,
  capexMultiplier: 1,
  scaleUpDomain: 8,
  scaleOutGBps: 50,
  scaleOutEfficiency: 0.78,
};
