import {
  type Chip,
  chipSchema,
  formatIssue,
  modelSchema,
  PARAM_TOLERANCE,
  paramTolerance,
} from "@dualtrack/core";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/loadCatalog.js";

const { catalog, issues } = await loadCatalog();

/** Every number in a published chip, with its field path. */
function numbersOf(chip: Chip): [string, number][] {
  const out: [string, number][] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node === "number") out.push([path, node]);
    else if (node !== null && typeof node === "object")
      for (const [k, v] of Object.entries(node)) walk(v, path === "" ? k : `${path}.${k}`);
  };
  const { sources: _s, confidence: _c, notes: _n, alternatives: _a, priceYear: _y, ...facts } = chip;
  walk(facts, "");
  return out;
}

describe("the catalog in data/", () => {
  it("validates with no issues", () => {
    expect(issues.map(formatIssue)).toEqual([]);
  });

  it("has at least 45 chips and 18 models", () => {
    expect(catalog.chips.length).toBeGreaterThanOrEqual(45);
    expect(catalog.models.length).toBeGreaterThanOrEqual(18);
  });

  it("contains every chip and model the Foundation issue names", () => {
    const chips = new Set(catalog.chips.map((c) => c.id));
    for (const id of [
      "a100-sxm",
      "a800-sxm",
      "h100-sxm",
      "h100-pcie",
      "h800-sxm",
      "h20",
      "l20",
      "l40",
      "l40s",
      "l4",
      "l2",
      "rtx-4090",
      "rtx-4090d",
      "rtx-pro-6000d",
      "h200-sxm",
      "h200-nvl",
      "b200",
      "b300",
      "gb200",
      "gb300",
      "b30a",
      "mi250x",
      "mi210",
      "mi300x",
      "mi308x",
      "mi325x",
      "mi355x",
      "gaudi-2",
      "gaudi-3",
      "tpu-v5e",
      "tpu-v5p",
      "ascend-910b",
      "ascend-910c",
      "ascend-950pr",
      "ascend-950dt",
      "ascend-960",
      "mlu370-x8",
      "mlu590",
      "metax-c500",
      "metax-c600",
      "mtt-s4000",
      "mtt-s5000",
      "biren-br100",
      "hygon-k100",
      "kunlunxin-p800",
      "iluvatar-bi-v150",
      "t-head-ppu",
      "taalas-hc1",
      "furiosa-rngd",
      "groq-lpu",
      "cerebras-wse-3",
    ]) {
      expect(chips.has(id), id).toBe(true);
    }
    expect(catalog.chips.some((c) => c.vendor === "enflame")).toBe(true);
    const models = new Set(catalog.models.map((m) => m.id));
    for (const id of [
      "llama-2-70b",
      "llama-3.1-8b",
      "llama-3.1-70b",
      "llama-3.1-405b",
      "llama-3.2-1b",
      "mixtral-8x7b",
      "qwen2.5-32b",
      "qwen3-8b",
      "qwen3-32b",
      "qwen3-235b-a22b",
      "qwen3.5-27b",
      "qwen3.5-397b-a17b",
      "deepseek-v3",
      "deepseek-r1",
      "glm-5",
      "gpt-oss-120b",
      "kimi-k2",
      "minimax-m2.5",
    ]) {
      expect(models.has(id), id).toBe(true);
    }
  });

  it("backs every numeric chip field with sources that resolve, and a confidence", () => {
    const known = new Set(catalog.sources.map((s) => s.id));
    for (const chip of catalog.chips) {
      for (const [path, value] of numbersOf(chip)) {
        const ids = chip.sources[path] ?? [];
        expect(ids.length, `${chip.id} ${path} = ${value}`).toBeGreaterThan(0);
        for (const id of ids) expect(known.has(id), `${chip.id} ${path}: ${id}`).toBe(true);
        expect(chip.confidence[path], `${chip.id} ${path}`).toBeDefined();
      }
    }
  });

  it("round-trips every chip and model through its JSON schema", () => {
    for (const chip of catalog.chips)
      expect(chipSchema.parse(JSON.parse(JSON.stringify(chip)))).toEqual(chip);
    for (const model of catalog.models)
      expect(modelSchema.parse(JSON.parse(JSON.stringify(model)))).toEqual(model);
  });
});

describe.each(catalog.models.map((m) => [m.id, m] as const))("parameter count of %s", (_id, model) => {
  const { totalB, activeB, computedTotalB, computedActiveB, roundedToB } = model.params;
  it(`is within ${PARAM_TOLERANCE * 100}% (or half the rounding step) of the published total`, () => {
    expect(Math.abs(computedTotalB - totalB) / totalB).toBeLessThanOrEqual(
      paramTolerance(totalB, roundedToB),
    );
  });
  it("is within the same tolerance of the published active count, in the publisher's convention", () => {
    expect(Math.abs(computedActiveB - activeB) / activeB).toBeLessThanOrEqual(
      paramTolerance(activeB, roundedToB),
    );
  });
});
