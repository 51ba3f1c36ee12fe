import { describe, expect, it } from "vitest";
import {
  aggregateIo,
  chipMetrics,
  memoryBandwidthDensity,
  metricFact,
  performanceDensity,
  tpp,
} from "./metrics.js";
import { bareChip } from "./testFixtures.js";

/** A chip with only the fields the metrics read; everything else unknown. */
const chip = bareChip;

describe("tpp(chip) = max over precisions of dense rate × bit length", () => {
  it("takes the precision with the largest rate × bits (H100 SXM: fp8 1,979 × 8 = 15,832)", () => {
    const t = tpp(chip({ dense: { fp64: 67, tf32: 494.7, bf16: 989.4, fp8: 1979 } }));
    expect(t?.value).toBe(15832);
    expect(t?.precision).toBe("fp8");
    expect(t?.bits).toBe(8);
    expect(t?.basis).toBe("computed");
  });

  it("counts FP4: it sets Blackwell Ultra's TPP (B300: fp4 14,000 × 4 = 56,000 > fp8 4,500 × 8)", () => {
    const t = tpp(chip({ dense: { bf16: 2250, fp8: 4500, fp4: 14000 } }));
    expect(t?.value).toBe(56000);
    expect(t?.precision).toBe("fp4");
  });

  it("reports the shorter precision on a tie and lists the others (H20: tf32 74 × 32 = fp8 296 × 8)", () => {
    const t = tpp(chip({ dense: { tf32: 74, bf16: 148, fp8: 296 } }));
    expect(t?.value).toBe(2368);
    expect(t?.precision).toBe("fp8");
    expect(t?.tiedWith).toEqual(["tf32", "bf16"]);
  });

  it("keeps a published TPP beside the computed one and flags a disagreement beyond 0.5%", () => {
    const agrees = tpp(chip({ dense: { int8: 660.6 }, tppPublished: 5285 }));
    expect(agrees?.disagrees).toBe(false);
    const differs = tpp(chip({ dense: { bf16: 1835 }, tppPublished: 26848 }));
    expect(differs?.value).toBe(29360);
    expect(differs?.published).toBe(26848);
    expect(differs?.disagrees).toBe(true);
  });

  it("falls back to the published TPP without dense rates, and is null with neither", () => {
    expect(tpp(chip({ tppPublished: 2368 }))).toMatchObject({
      value: 2368,
      basis: "published",
      precision: null,
    });
    expect(tpp(chip({}))).toBeNull();
  });
});

describe("performanceDensity(tpp, dieMm2) = TPP / applicable die area", () => {
  it("divides TPP by the logic die area (H20: 2,368 / 814 = 2.91)", () => {
    expect(performanceDensity(2368, 814)).toBeCloseTo(2.909, 3);
  });
  it("is null when the area or the TPP is unknown", () => {
    expect(performanceDensity(2368, null)).toBeNull();
    expect(performanceDensity(null, 814)).toBeNull();
  });
});

describe("aggregateIo(chip): the 2022 aggregate bidirectional I/O", () => {
  it("is the catalog's ioGBps when known (A800: 400 NVLink + 64 PCIe = 464)", () => {
    expect(aggregateIo(chip({ interconnect: { scaleUpGBps: 400, ioGBps: 464 } }))).toEqual({
      kind: "value",
      value: 464,
      bound: "exact",
    });
  });
  it("is at least the scale-up link when only that is known", () => {
    expect(aggregateIo(chip({ interconnect: { scaleUpGBps: 900, ioGBps: null } }))).toEqual({
      kind: "value",
      value: 900,
      bound: "at-least",
    });
  });
  it("is unknown with neither", () => {
    expect(aggregateIo(chip({})).kind).toBe("unknown");
  });
});

describe("chipMetrics(chip) and metricFact(metrics, metric)", () => {
  it("converts memory TB/s to GB/s and bounds the scale-up link by the aggregate I/O", () => {
    const m = chipMetrics(
      chip({
        memory: { type: "GDDR6X", gb: 24, tbps: 1.008 },
        interconnect: { scaleUpGBps: null, ioGBps: 64 },
      }),
    );
    expect(m.memoryGBps).toBeCloseTo(1008, 6);
    expect(metricFact(m, "scaleUpGBps")).toEqual({ kind: "value", value: 64, bound: "at-most" });
  });
  it("treats HBM bandwidth density as not applicable to a packaged accelerator", () => {
    expect(metricFact(chipMetrics(chip({})), "hbmDensity").kind).toBe("not-applicable");
  });
  it("memoryBandwidthDensity(GB/s, mm²) divides bandwidth by area, null for no area", () => {
    expect(memoryBandwidthDensity(819, 110)).toBeCloseTo(7.445, 3);
    expect(memoryBandwidthDensity(819, 0)).toBeNull();
  });
});
