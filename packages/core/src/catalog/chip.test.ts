import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { chipFromRecord, chipRecordSchema, chipSchema, PRECISIONS } from "./chip.js";

const sourceIds = fc.constantFrom("src-a", "src-b", "src-c");
const fact = (min: number, max: number) =>
  fc.record(
    {
      value: fc.double({ min, max, noNaN: true }),
      source: fc.oneof(sourceIds, fc.array(sourceIds, { minLength: 1, maxLength: 2 })),
      confidence: fc.constantFrom("vendor", "reported", "estimate", "low"),
      note: fc.string({ minLength: 1, maxLength: 20 }),
    },
    { requiredKeys: ["value", "source", "confidence", "note"] },
  );
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const chipRecord = fc.record({
  id: fc.constantFrom("h100-sxm", "ascend-910c", "x1"),
  name: fc.string({ minLength: 1, maxLength: 30 }),
  vendor: fc.constantFrom("nvidia", "huawei"),
  country: fc.constantFrom("US", "CN", "KR"),
  datacenter: fc.boolean(),
  launched: fc.constantFrom("2024", "2024-03", "2025-10-17"),
  status: fc.constantFrom("shipping", "announced", "roadmap", "cancelled", "reported"),
  chinaSpecific: maybe(fc.boolean()),
  source: fc.oneof(sourceIds, fc.array(sourceIds, { minLength: 1, maxLength: 3 })),
  dense: maybe(
    fc.record(Object.fromEntries(PRECISIONS.map((p) => [p, fact(0.1, 1e5)])), { requiredKeys: [] }),
  ),
  memory: maybe(
    fc.record(
      { type: fc.constantFrom("HBM3e", "GDDR7"), gb: fact(1, 300), tbps: fact(0.1, 20) },
      { requiredKeys: [] },
    ),
  ),
  interconnect: maybe(fc.record({ scaleUpGBps: fact(1, 2000), ioGBps: fact(1, 2000) }, { requiredKeys: [] })),
  tdpW: maybe(fact(10, 3000)),
  dieMm2: maybe(fact(10, 2000)),
  node: maybe(fc.constantFrom("TSMC 4N", "SMIC N+2")),
  note: maybe(fc.string()),
});

/** Drops `undefined` members the way YAML would: an absent key, never `key: undefined`. */
function yamlLike(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe("chipFromRecord(record)", () => {
  test.prop([chipRecord])("the JSON output round-trips through chipSchema unchanged", (raw) => {
    const record = chipRecordSchema.parse(yamlLike(raw));
    const chip = chipFromRecord(record);
    const json = JSON.parse(JSON.stringify(chip));
    expect(chipSchema.parse(json)).toEqual(chip);
  });

  test.prop([chipRecord])("every number in the output has sources and a confidence under its path", (raw) => {
    const chip = chipFromRecord(chipRecordSchema.parse(yamlLike(raw)));
    const numbers: [string, number | null | undefined][] = [
      ...Object.entries(chip.dense).map(([p, v]): [string, number | undefined] => [`dense.${p}`, v]),
      ["memory.gb", chip.memory.gb],
      ["memory.tbps", chip.memory.tbps],
      ["interconnect.scaleUpGBps", chip.interconnect.scaleUpGBps],
      ["interconnect.ioGBps", chip.interconnect.ioGBps],
      ["tdpW", chip.tdpW],
      ["dieMm2", chip.dieMm2],
    ];
    for (const [path, value] of numbers) {
      if (value === null || value === undefined) continue;
      expect(chip.sources[path]?.length ?? 0, path).toBeGreaterThan(0);
      expect(chip.confidence[path], path).toBeDefined();
    }
  });
});
