import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { allToAllSec, ringAllReduceSec } from "./collective.js";
import { estimateInference } from "./estimateInference.js";
import type { PerfData, StackEntry, StackParams } from "./perfData.js";
import { PerfError } from "./perfError.js";
import { prepareInference } from "./prepareInference.js";
import { disaggregatedPoint, serveDisaggregatedInto } from "./serveDisaggregatedInto.js";
import { MAX_THROUGHPUT_BATCH, maxBatchAt, maxThroughputBatch, serveInto, servePoint } from "./serveInto.js";
import { servingLayout } from "./stackFor.js";
import { decodeStepSec, prefillSec, timeSplit } from "./stepTime.js";
import { chip, ECONOMICS, model } from "./testFixtures.js";

// ---- fixtures: catalog-shaped chip and model records, and a one-entry perf data set ----

const H100 = chip("h100-sxm");

/** Llama 3.1 8B (config.json numbers). */
const LLAMA8B = model("llama-3.1-8b", {});
/** A Mixtral-8x7B-shaped MoE: 8 experts, 2 active. */
const MOE = model("moe-8x7b", {
  vocab: 32000,
  moe: { experts: 8, active: 2, shared: 0, expertIntermediate: 14336, denseLayers: 0 },
});
/** Llama 3.1 70B. */
const LLAMA70B = model("llama-3.1-70b", {
  layers: 80,
  hidden: 8192,
  attention: { kind: "gqa", heads: 64, kvHeads: 8, headDim: 128 },
  ffn: { intermediate: 28672, gated: true },
});

const PARAMS: StackParams = {
  gemmPeak: 0.7,
  gemmHalfTokens: 64,
  memory: 0.8,
  attention: 0.45,
  moeOverhead: 1,
  link: 0.7,
  linkLatencyUs: 8,
  stepOverheadMs: 0,
  layerOverheadUs: 0,
  prefillStall: 1,
  ttftQueue: 1,
  ttftDecodeSteps: 0.5,
  ttftAdmit: 0,
  requestOverheadMs: 0,
  memoryUsable: 0.9,
};
const ENTRY: StackEntry = {
  stack: "trtllm",
  calibrated: false,
  params: PARAMS,
  band: {
    throughput: { low: 0.5, high: 1.5 },
    tpot: { low: 0.67, high: 2 },
    ttft: { low: 0.5, high: 2.5 },
  },
  provenance: { kind: "assumption", note: "test" },
};
const PERF: PerfData = {
  families: [],
  stacks: [ENTRY, { ...ENTRY, stack: "vllm" }],
  training: [],
  systems: [],
  economics: ECONOMICS,
  economicsFacts: null,
  measurements: [],
};

describe("decode step", () => {
  test("Llama 3.1 8B bf16 on H100 SXM at batch 1 streams its weights at the achieved bandwidth", () => {
    const p = prepareInference(LLAMA8B, H100, PERF, { precision: "bf16" });
    // Weights a token streams, per layer: attention 4096·(4096 + 2·1024) + 4096·4096 = 41,943,040;
    // FFN 3·4096·14336 = 176,160,768 → 218,103,808 × 32 layers = 6,979,321,856; LM head 128256·4096
    // = 525,336,576. Bytes = (6,979,321,856 + 525,336,576) · 2 = 15,009,316,864 ≈ 15.0 GB.
    // At 3.35 TB/s × 0.8 achieved: 15,009,316,864 / 2.68e12 = 5.6005 ms.
    // KV at context 1,024: 32 layers · 2·8·128 · 2 B = 131,072 B/token · 1,024 = 134,217,728 B → 0.0501 ms.
    // GEMMs at m = 1 are below the memory time (2·7.5e9·65 / (989.4e12·0.7) = 1.41 ms), so memory bounds.
    const expected = 15_009_316_864 / 2.68e12 + 134_217_728 / 2.68e12;
    expect(decodeStepSec(p, 1, 1024)).toBeCloseTo(expected, 9);
    expect(expected * 1000).toBeCloseTo(5.6506, 3);
  });

  test("the 8B model's weights take 16.06 GB per chip and the 70B model's split over tp", () => {
    // 8B: streamed weights 15,009,316,864 B + the input embedding 525,336,576·2 B = 16,059,990,016 B.
    expect(prepareInference(LLAMA8B, H100, PERF).weightBytes).toBe(16_059_990_016);
    const tp1 = prepareInference(
      LLAMA70B,
      chip("h200", { memory: { type: "HBM3e", gb: 141, tbps: 4.8 } }),
      PERF,
      {
        precision: "fp8",
      },
    );
    const tp8 = prepareInference(LLAMA70B, H100, PERF, { precision: "fp8", tp: 8 });
    // fp8: 70B layers at 1 B + embeddings (2 · 1,050,673,152) at 2 B; tp8 splits everything by 8.
    expect(tp8.weightBytes).toBeCloseTo(tp1.weightBytes / 8, 0);
  });

  test("fp8 weights halve the memory-bound decode step of bf16 (same KV precision)", () => {
    const bf16 = prepareInference(LLAMA8B, H100, PERF, { precision: "bf16", kvPrecision: "bf16" });
    const fp8 = prepareInference(LLAMA8B, H100, PERF, { precision: "fp8", kvPrecision: "bf16" });
    // 6,979,321,856 matmul weights go from 2 B to 1 B; the LM head stays 16-bit (525,336,576 · 2 B).
    const saved = 6_979_321_856 / 2.68e12;
    expect(decodeStepSec(bf16, 1, 1) - decodeStepSec(fp8, 1, 1)).toBeCloseTo(saved, 9);
  });

  test("prefill of a long prompt is compute-bound and decode at batch 1 is memory-bound", () => {
    const e = estimateInference(
      LLAMA8B,
      H100,
      PERF,
      { precision: "bf16" },
      { batch: 1, isl: 4096, osl: 128 },
    );
    expect(e.bound).toEqual({ prefill: "compute", decode: "memory" });
    expect(e.memory.fits).toBe(true);
  });

  test("an MoE decode at batch 1 reads k of E experts; a large batch touches all of them", () => {
    const p = prepareInference(MOE, H100, PERF, { precision: "bf16" });
    // One token touches 2 of 8 experts: 1 − (1 − 2/8)^1 = 0.25 of 8 = 2 experts streamed.
    expect(p.expertsLocal * (1 - p.expertMiss ** 1)).toBe(2);
    // 64 tokens: 8 · (1 − 0.75^64) ≈ 8 − 8.1e-8.
    expect(p.expertsLocal * (1 - p.expertMiss ** 64)).toBeCloseTo(8, 6);
    expect(decodeStepSec(p, 64, 1024)).toBeGreaterThan(decodeStepSec(p, 1, 1024) * 2);
  });
});

test("a chip without a price has no cost per token, says so, and keeps the energy cost", () => {
  const e = estimateInference(LLAMA8B, chip("unpriced", { priceUsd: null }), PERF, {}, { batch: 8 });
  expect(e.costUsdPerMTokens).toBeNull();
  expect(e.cost.energyUsdPerMTokens).toBeGreaterThan(0);
  expect(e.warnings.join(" ")).toMatch(/no price in the catalog/);
});

test("a family member the fit never measured is not calibrated and gets a band widened ×1.5", () => {
  const fitted: StackEntry = {
    ...ENTRY,
    family: "hopper",
    calibrated: true,
    band: { throughput: { low: 0.8, high: 1.2 }, tpot: { low: 0.8, high: 1.2 }, ttft: { low: 0.5, high: 2 } },
    provenance: {
      kind: "fitted",
      source: ["aiconfigurator-silicon-sample"],
      note: "test",
      chips: ["h100-sxm"],
      train: { rows: 1, tpotMedianPct: 0, ttftMedianPct: 0, throughputMedianPct: 0, worstRatio: 1 },
      heldOut: { rows: 1, tpotMedianPct: 0, ttftMedianPct: 0, throughputMedianPct: 0, worstRatio: 1 },
    },
  };
  const perf: PerfData = {
    ...PERF,
    families: [{ id: "hopper", chips: ["h100-sxm", "h20"] }],
    stacks: [ENTRY, fitted],
  };
  const seen = estimateInference(LLAMA8B, H100, perf);
  expect(seen.calibrated).toBe(true);
  expect(seen.band.low).toBeCloseTo(seen.outputTokensPerSec * 0.8, 9);
  const h20 = estimateInference(
    LLAMA8B,
    chip("h20", { dense: { bf16: 148, fp8: 296 }, memory: { type: "HBM3", gb: 96, tbps: 4 } }),
    perf,
  );
  expect(h20.calibrated).toBe(false);
  expect(h20.calibration.scope).toBe("family");
  expect(h20.band.low).toBeCloseTo((h20.outputTokensPerSec * 0.8) / 1.5, 9);
  expect(h20.band.high).toBeCloseTo(h20.outputTokensPerSec * 1.2 * 1.5, 9);
  expect(h20.warnings.join(" ")).toMatch(
    /inherits the trtllm calibration of family hopper \(fitted on h100-sxm\)/,
  );
});

describe("collectives", () => {
  test("ringAllReduceSec(bytes, n, bw, lat) = 2(n−1)/n · bytes/bw + 2(n−1)·lat, 0 for one rank", () => {
    // 8 ranks, 1 MB at 100 GB/s, 5 µs: 2·7/8 · 1e6/1e11 = 17.5 µs + 14 · 5 µs = 87.5 µs.
    expect(ringAllReduceSec(1e6, 8, 1e11, 5e-6)).toBeCloseTo(87.5e-6, 12);
    expect(ringAllReduceSec(1e6, 1, 1e11, 5e-6)).toBe(0);
    // all-to-all: 7/8 · 1e6/1e11 = 8.75 µs + 5 µs.
    expect(allToAllSec(1e6, 8, 1e11, 5e-6)).toBeCloseTo(13.75e-6, 12);
  });

  test("tensor parallelism adds all-reduce time to a step: tp 2 of Llama 70B over NVLink", () => {
    const p = prepareInference(LLAMA70B, H100, PERF, { precision: "fp8", tp: 2 });
    // 160 all-reduces (2 per layer × 80), one latency each inside the NVLink domain: 160 · 8 µs = 1.28 ms.
    expect(p.allReduceLatSec).toBeCloseTo(160 * 8e-6, 12);
    // Per token: 160 · 2·(2−1) · 8192 · 2 B / (2 · 450e9 · 0.7 B/s) = 8.32 µs.
    expect(p.allReduceTokenSec).toBeCloseTo((160 * 2 * 8192 * 2) / (2 * 450e9 * 0.7), 15);
  });
});

describe("serving point", () => {
  test("a max-throughput run holds as many sequences as fit, at least 1 and at most 2,048", () => {
    const p = prepareInference(LLAMA8B, H100, PERF, { precision: "bf16" });
    // usable 80e9 · 0.9 = 72e9 B; weights 16,059,990,016 B; activation workspace at 1,024 step tokens
    // (8·4096 + 2·14336)·2 B · 1024 = 125,829,120 B; KV 32 layers · 8 heads · 128 · 2 (K, V) · 2 B =
    // 131,072 B per token · (1024 + 1024/2) = 201,326,592 B per sequence:
    // ⌊(72e9 − 16,059,990,016 − 125,829,120) / 201,326,592⌋ = ⌊277.2⌋ = 277
    expect(maxThroughputBatch(p, 1024, 1024)).toBe(277);
    // two-token contexts: ~212,000 would fit; the scheduler's cap holds
    expect(maxThroughputBatch(p, 1, 2)).toBe(MAX_THROUGHPUT_BATCH);
    // 70B bf16 weights (~141 GB) do not fit on one 80 GB chip: still one sequence, reported as not fitting
    const big = prepareInference(LLAMA70B, H100, PERF, { precision: "bf16" });
    expect(maxBatchAt(big, 1024, 1536)).toBe(0);
    expect(maxThroughputBatch(big, 1024, 1024)).toBe(1);
  });

  test("at batch 1 TTFT is the prefill and TPOT the decode step plus the amortised prefill stall", () => {
    const p = prepareInference(LLAMA8B, H100, PERF);
    const out = serveInto(p, 1, 1024, 128, servePoint());
    const tPf = prefillSec(p, 1024);
    const tDec = decodeStepSec(p, 1, 1024 + 64);
    expect(out.ttftMs).toBeCloseTo(tPf * 1000, 9);
    expect(out.tpotMs).toBeCloseTo((tDec + tPf / 128) * 1000, 9);
    // throughput = 1 · 128 / (TTFT + 127 · TPOT)
    expect(out.outputTokensPerSec).toBeCloseTo(128 / (tPf + 127 * (tDec + tPf / 128)), 6);
  });

  test("the admission wait adds w · (osl − 1) · TPOT / b to TTFT from 8 clients, ramps to 0 at 1, and adds nothing to TPOT", () => {
    // At batch 8, isl 1024, osl 512 with w = 0.5: the interval between two completions of the 8
    // closed-loop clients is (512 − 1) · TPOT / 8; a new request waits half of it. At batch 4 the ramp
    // gives (4 − 1)/7 of 0.5 · 511 · TPOT / 4; a lone client waits on nothing (the unramped term had
    // charged the whole generation, 5.7 s on a Llama 3.1 8B at batch 1).
    const plain = serveInto(prepareInference(LLAMA8B, H100, PERF), 8, 1024, 512, servePoint());
    const admitting = serveInto(
      prepareInference(LLAMA8B, H100, PERF, { params: { ...PARAMS, ttftAdmit: 0.5 } }),
      8,
      1024,
      512,
      servePoint(),
    );
    expect(admitting.tpotMs).toBeCloseTo(plain.tpotMs, 12);
    expect(admitting.ttftMs - plain.ttftMs).toBeCloseTo((0.5 * 511 * plain.tpotMs) / 8, 9);
    const at = (w: number, b: number) =>
      serveInto(
        prepareInference(LLAMA8B, H100, PERF, { params: { ...PARAMS, ttftAdmit: w } }),
        b,
        1024,
        512,
        servePoint(),
      );
    const four = at(0, 4);
    expect(at(0.5, 4).ttftMs - four.ttftMs).toBeCloseTo(((0.5 * 511 * four.tpotMs) / 4) * (3 / 7), 9);
    expect(at(0.5, 1).ttftMs).toBe(at(0, 1).ttftMs);
  });

  test("a model's own entry on a chip takes precedence for that model only", () => {
    const own: StackEntry = {
      ...ENTRY,
      chip: "h100-sxm",
      model: LLAMA8B.id,
      params: { ...PARAMS, memory: 0.4 },
    };
    const perf: PerfData = { ...PERF, stacks: [...PERF.stacks, own] };
    const mine = prepareInference(LLAMA8B, H100, perf, { precision: "bf16" });
    const other = prepareInference(LLAMA70B, H100, perf, { precision: "fp8", tp: 8 });
    expect(mine.scope).toBe("model");
    expect(other.scope).toBe("default");
    // An entry for the model's fp8 weights wins over the model's own entry for fp8 only.
    const fp8: StackEntry = { ...own, precision: "fp8", params: { ...PARAMS, memory: 0.2 } };
    const both: PerfData = { ...PERF, stacks: [...PERF.stacks, own, fp8] };
    expect(prepareInference(LLAMA8B, H100, both, { precision: "fp8" }).params.memory).toBe(0.2);
    expect(prepareInference(LLAMA8B, H100, both, { precision: "bf16" }).params.memory).toBe(0.4);
    // Half the achieved bandwidth (0.4 instead of 0.8): the memory-bound decode step doubles.
    const base = prepareInference(LLAMA8B, H100, PERF, { precision: "bf16" });
    expect(decodeStepSec(mine, 1, 1024)).toBeCloseTo(2 * decodeStepSec(base, 1, 1024), 12);
  });

  test("a layout's entry wins for that layout of the model only, below the precision-and-layout entry", () => {
    const own: StackEntry = { ...ENTRY, chip: "h100-sxm", model: MOE.id, params: { ...PARAMS, memory: 0.4 } };
    const ep: StackEntry = { ...own, layout: "ep", params: { ...PARAMS, memory: 0.3 } };
    const fp8: StackEntry = { ...own, precision: "fp8", params: { ...PARAMS, memory: 0.25 } };
    const fp8Ep: StackEntry = { ...own, precision: "fp8", layout: "ep", params: { ...PARAMS, memory: 0.2 } };
    const perf: PerfData = { ...PERF, stacks: [...PERF.stacks, own, ep, fp8, fp8Ep] };
    const memoryOf = (precision: "bf16" | "fp8", layout: { tp: number; ep?: number; attentionDp?: number }) =>
      prepareInference(MOE, H100, perf, { precision, ...layout }).params.memory;
    // (precision and layout) → (precision) → (layout) → (model)
    expect(memoryOf("fp8", { tp: 2, ep: 2 })).toBe(0.2);
    expect(memoryOf("fp8", { tp: 2 })).toBe(0.25);
    expect(memoryOf("bf16", { tp: 2, ep: 2 })).toBe(0.3);
    expect(memoryOf("bf16", { tp: 2 })).toBe(0.4);
    // attention data parallel is its own layout: no entry for it here, so the model's
    expect(memoryOf("bf16", { tp: 1, attentionDp: 2, ep: 2 })).toBe(0.4);
    // answers name the entry they used
    expect(prepareInference(MOE, H100, perf, { precision: "fp8", tp: 2, ep: 2 }).entryLabel).toBe(
      "moe-8x7b on h100-sxm with trtllm, fp8 weights, ep layout",
    );
    expect(estimateInference(LLAMA8B, H100, perf).calibration.entry).toBe("trtllm default");
    expect(servingLayout({ ep: 2, attentionDp: 2 })).toBe("dp");
    expect(servingLayout({ ep: 8, attentionDp: 1 })).toBe("ep");
    expect(servingLayout({ ep: 1, attentionDp: 1 })).toBe("tp");
  });

  test("weights that do not fit give maxBatch 0 and fits false, with a warning", () => {
    const e = estimateInference(LLAMA70B, H100, PERF, { precision: "bf16" }, { batch: 1 });
    expect(e.memory.fits).toBe(false);
    expect(e.memory.maxBatch).toBe(0);
    expect(e.warnings.join(" ")).toMatch(
      /the weights do not fit: 141\.\d GB per chip .*as if memory were unlimited/,
    );
    // weights that fit but leave no room for one sequence's KV cache say so
    const long = estimateInference(
      LLAMA70B,
      H100,
      PERF,
      { precision: "fp8", tp: 2 },
      { batch: 1, isl: 10_000_000 },
    );
    expect(long.memory.maxBatch).toBe(0);
    expect(long.warnings.join(" ")).toMatch(/the weights fit \(36\.\d GB per chip .*one sequence's KV cache/);
  });

  test("a precision the chip lacks falls back with a warning (no fp8 → int8 W8A8)", () => {
    const ascend = chip("ascend-910c", { vendor: "huawei", dense: { bf16: 752, fp16: 752, int8: 1504 } });
    const e = estimateInference(LLAMA8B, ascend, PERF, { precision: "fp8" });
    expect(e.precision.compute).toBe("int8");
    expect(e.stack).toBe("vllm");
    expect(e.warnings.some((w) => w.includes("no dense fp8"))).toBe(true);
  });

  test("GEMMs run at the fastest rate of the chain: a chip listing int8 far below fp8 (B300) runs int8 weights in fp8; ties keep the asked-for one", () => {
    // B300: int8 157.5, fp8 4,500, bf16 2,250 TFLOPS. The int8 chain is int8 → fp8 → bf16: fp8 is fastest.
    const b300 = chip("b300", { dense: { bf16: 2250, fp16: 2250, fp8: 4500, int8: 157.5, fp4: 13500 } });
    const e = estimateInference(LLAMA8B, b300, PERF, { precision: "int8" });
    expect(e.precision.compute).toBe("fp8");
    expect(e.warnings.join(" ")).toMatch(/dense int8 rate of 157\.5 TFLOPS, below its fp8 rate of 4500/);
    // H100 lists int8 = fp8 = 1,979: int8 stays int8, no warning about it
    const h = estimateInference(LLAMA8B, H100, PERF, { precision: "int8" });
    expect(h.precision.compute).toBe("int8");
    expect(h.warnings.join(" ")).not.toMatch(/rate of/);
  });

  test("an fp4 KV cache on a chip without fp4 (H100) stays fp8, with a warning", () => {
    const e = estimateInference(LLAMA8B, H100, PERF, { precision: "fp8", kvPrecision: "fp4" });
    expect(e.precision.kvCache).toBe("fp8");
    expect(e.warnings.join(" ")).toMatch(/h100-sxm has no fp4 rate: the KV cache stays fp8/);
  });

  test("fp4 weights on a chip without fp4: weight-only 16-bit GEMMs on vLLM, W4A8 on TensorRT-LLM", () => {
    // H100 has bf16 989 and fp8 1,979 TFLOPS and no fp4: vLLM's Hopper MXFP4/NVFP4 kernels keep
    // 16-bit activations, TensorRT-LLM quantises them to fp8; both store 0.5625 B per weight.
    const vllm = estimateInference(MOE, H100, PERF, { precision: "fp4", stack: "vllm" });
    expect(vllm.precision.compute).toBe("bf16");
    expect(vllm.warnings.join(" ")).toMatch(
      /no dense fp4 rate: vllm dequantises the fp4 weights into bf16 GEMMs/,
    );
    const trt = estimateInference(MOE, H100, PERF, { precision: "fp4", stack: "trtllm" });
    expect(trt.precision.compute).toBe("fp8");
    expect(trt.memory.weightsGB).toBeCloseTo(vllm.memory.weightsGB, 9);
    // a chip with fp8 but no 16-bit rate keeps the fp4 → fp8 chain (W8A8 with a warning)
    const fp8Only = chip("fp8-only", { dense: { fp8: 1000 } });
    const only = estimateInference(MOE, fp8Only, PERF, { precision: "fp4", stack: "vllm" });
    expect(only.precision.compute).toBe("fp8");
    expect(only.warnings.join(" ")).toMatch(/no dense fp4 rate: GEMMs run in fp8/);
    // a chip with fp4 runs it natively on every stack
    const b200 = chip("b200", { dense: { bf16: 2250, fp8: 4500, fp4: 9000 } });
    expect(estimateInference(MOE, b200, PERF, { precision: "fp4", stack: "vllm" }).precision.compute).toBe(
      "fp4",
    );
  });

  test("energy and cost follow the power model and the economics defaults", () => {
    const e = estimateInference(LLAMA8B, H100, PERF, {}, { batch: 16, isl: 1024, osl: 1024 });
    const w = e.energy.wattsPerChip ?? Number.NaN;
    // P between idle (0.15 · 700 = 105 W) and TDP, by utilisation
    expect(w).toBeCloseTo(105 + 595 * e.energy.utilisation, 9);
    expect(e.energy.joulesPerToken).toBeCloseTo(w / e.outputTokensPerSec, 12);
    // capex: 30,000 / (5 · 8760) $/h; energy: (0.6·P + 0.4·105)/1000 · 1.5 · 0.08 $/h; over 0.6 of the hours
    const tokensPerHour = e.outputTokensPerSecPerChip * 3600 * 0.6;
    const usdPerHour = 30000 / (5 * 8760) + ((0.6 * w + 0.4 * 105) / 1000) * 1.5 * 0.08;
    expect(e.costUsdPerMTokens).toBeCloseTo((1e6 * usdPerHour) / tokensPerHour, 9);
    expect(e.band.low).toBeCloseTo(e.outputTokensPerSec * 0.5, 9);
    expect(e.band.high).toBeCloseTo(e.outputTokensPerSec * 1.5, 9);
  });
});

const models = fc.constantFrom(LLAMA8B, MOE, LLAMA70B);

describe("invariants", () => {
  fcTest.prop([
    models,
    fc.integer({ min: 1, max: 512 }),
    fc.integer({ min: 1, max: 32768 }),
    fc.double({ min: 1, max: 4, noNaN: true }),
  ])("more memory bandwidth never slows a decode step", (m, batch, ctx, k) => {
    const slow = prepareInference(m, H100, PERF, { precision: "fp8", tp: 8 });
    const fast = prepareInference(
      m,
      chip("fast", { memory: { type: "HBM3", gb: 80, tbps: 3.35 * k } }),
      PERF,
      {
        precision: "fp8",
        tp: 8,
      },
    );
    expect(decodeStepSec(fast, batch, ctx)).toBeLessThanOrEqual(
      decodeStepSec(slow, batch, ctx) * (1 + 1e-12),
    );
  });

  fcTest.prop([
    models,
    fc.constantFrom("bf16", "fp8", "fp4", "int4" as const),
    fc.integer({ min: 0, max: 3 }),
  ])("a larger tensor-parallel group never raises the weight memory per chip", (m, precision, i) => {
    const b200 = chip("b200", {
      dense: { bf16: 2250, fp8: 4500, fp4: 9000 },
      memory: { type: "HBM3e", gb: 180, tbps: 8 },
    });
    const tp = 2 ** i;
    const a = prepareInference(m, b200, PERF, { precision, tp });
    const b = prepareInference(m, b200, PERF, { precision, tp: tp * 2 });
    expect(b.weightBytes).toBeLessThan(a.weightBytes);
  });

  fcTest.prop([
    models,
    fc.integer({ min: 1, max: 256 }),
    fc.integer({ min: 16, max: 4096 }),
    fc.integer({ min: 16, max: 4096 }),
  ])("a larger batch never lowers output throughput while it fits in memory", (m, batch, isl, osl) => {
    const p = prepareInference(m, H100, PERF, {
      precision: "fp8",
      tp: 4,
      ep: m.arch.moe === undefined ? 1 : 4,
    });
    const one = serveInto(p, batch, isl, osl, servePoint());
    const two = serveInto(p, batch * 2, isl, osl, servePoint());
    if (!two.fits) return;
    expect(two.outputTokensPerSec).toBeGreaterThanOrEqual(one.outputTokensPerSec * (1 - 1e-12));
  });

  fcTest.prop([models, fc.integer({ min: 1, max: 16384 }), fc.integer({ min: 1, max: 16384 })])(
    "prefill time grows with the prompt and decode time with the context",
    (m, a, b) => {
      const p = prepareInference(m, H100, PERF, { precision: "fp8", tp: 8 });
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(prefillSec(p, lo)).toBeLessThanOrEqual(prefillSec(p, hi));
      expect(decodeStepSec(p, 8, lo)).toBeLessThanOrEqual(decodeStepSec(p, 8, hi));
    },
  );

  test("a power cap at or below the idle draw is refused with the allowed range; below half the TDP it warns", () => {
    // H100: 700 W TDP × idle fraction 0.15 = 105 W: a 50 W cap cannot run the chip (the power model would
    // report more than the cap); 200 W is below the 350 W half-TDP the MaxQ fit reaches toward
    const idleW = 700 * PERF.economics.idlePowerFraction;
    expect(idleW).toBeCloseTo(105, 9);
    expect(() => prepareInference(LLAMA8B, H100, PERF, { powerCapW: 50 })).toThrow(
      /power cap 50 W is at or below h100-sxm's idle draw \(105 W.*between 106 and 700 W/,
    );
    expect(() => prepareInference(LLAMA8B, H100, PERF, { powerCapW: 105 })).toThrow(PerfError);
    const low = prepareInference(LLAMA8B, H100, PERF, { powerCapW: 200 });
    expect(low.warnings.join(" ")).toMatch(/below half the 700 W TDP/);
    expect(prepareInference(LLAMA8B, H100, PERF, { powerCapW: 500 }).warnings.join(" ")).not.toMatch(
      /half the/,
    );
  });

  fcTest.prop([models, fc.integer({ min: 1, max: 128 }), fc.double({ min: 106, max: 700, noNaN: true })])(
    "a power cap below TDP never speeds a step up",
    (m, batch, cap) => {
      const full = prepareInference(m, H100, PERF, { precision: "fp8", tp: 8 });
      const capped = prepareInference(m, H100, PERF, { precision: "fp8", tp: 8, powerCapW: cap });
      expect(decodeStepSec(capped, batch, 2048)).toBeGreaterThanOrEqual(
        decodeStepSec(full, batch, 2048) * (1 - 1e-12),
      );
    },
  );
});

describe("expert all-to-all beyond one scale-up domain", () => {
  test("a token crosses the network once per other domain holding its experts and fans out over NVLink", () => {
    // MoE fixture: 32 MoE layers, hidden 4096, k = 2 of 8 experts; bf16 dispatch + bf16 combine = 4 B per
    // element: 32 · 4096 · 4 = 524,288 B per copy of a token through all layers.
    const inDomain = prepareInference(MOE, H100, PERF, { precision: "bf16", attentionDp: 8, ep: 8 });
    // 8 chips in one 8-chip NVLink domain: k·(ep − 1)/ep = 1.75 copies at 900/2 GB/s · link 0.7
    expect(inDomain.allToAllTokenSec).toBeCloseTo((524_288 * 1.75) / (450e9 * 0.7), 15);
    // 16 chips = 2 domains: min(k, 2)·(2 − 1)/2 = 1 copy over 50 GB/s · 0.78 (scale-out efficiency),
    // then k·7/8 = 1.75 copies inside the domain: 524,288 · (1/39e9 + 1.75/315e9) = 16.36 µs
    const twoDomains = prepareInference(MOE, H100, PERF, { precision: "bf16", attentionDp: 16, ep: 8 });
    expect(twoDomains.allToAllTokenSec).toBeCloseTo(524_288 * (1 / 39e9 + 1.75 / 315e9), 15);
    expect(twoDomains.allToAllTokenSec * 1e6).toBeCloseTo(16.36, 2);
  });
});

describe("speculative decoding and overlap", () => {
  test("TPOT is the decode step over the tokens kept per step; drafts add their query tokens and one layer", () => {
    const plain = prepareInference(LLAMA8B, H100, PERF, { precision: "bf16" });
    const mtp = prepareInference(LLAMA8B, H100, PERF, {
      precision: "bf16",
      speculative: { draftTokens: 1, acceptedTokens: 1.8 },
    });
    expect(mtp.queryTokens).toBe(2);
    // at batch 1 the step streams the weights either way: verifying 2 tokens costs little more, plus
    // one drafting layer (1/32 of a one-token step)
    const one = decodeStepSec(plain, 1, 1536);
    const two = decodeStepSec(mtp, 1, 1536);
    expect(two).toBeGreaterThan(one);
    expect(two).toBeLessThan(one * (1 + 1 / 32) * 1.05);
    const a = serveInto(plain, 1, 1024, 1024, servePoint());
    const b = serveInto(mtp, 1, 1024, 1024, servePoint());
    const tPf = prefillSec(plain, 1024);
    // TPOT = step / 1.8 + the amortised prefill stall (prefillStall 1, batch 1): tPf / 1024
    expect(b.tpotMs).toBeCloseTo((two / 1.8 + tPf / 1024) * 1000, 9);
    expect(b.tpotMs).toBeLessThan(a.tpotMs * 0.6);
    expect(() =>
      prepareInference(LLAMA8B, H100, PERF, { speculative: { draftTokens: 1, acceptedTokens: 2.5 } }),
    ).toThrow(/between 1 and 1 \+ draft tokens \(2\)/);
    expect(() =>
      prepareInference(LLAMA8B, H100, PERF, { speculative: { draftTokens: 0, acceptedTokens: 1 } }),
    ).toThrow(/integer from 1 to 8/);
  });

  test("overlap hides the collectives under compute: never slower, equal without communication", () => {
    const moe = { precision: "bf16", attentionDp: 16, ep: 8 } as const;
    const serial = prepareInference(MOE, H100, PERF, moe);
    const overlapped = prepareInference(MOE, H100, PERF, { ...moe, overlap: true });
    const tSerial = decodeStepSec(serial, 64, 2048);
    const tOverlap = decodeStepSec(overlapped, 64, 2048);
    expect(tOverlap).toBeLessThan(tSerial);
    // the time saved is exactly the communication that no longer shows: memory and compute are unchanged
    const serialSplit = timeSplit();
    const overlapSplit = timeSplit();
    decodeStepSec(serial, 64, 2048, serialSplit);
    decodeStepSec(overlapped, 64, 2048, overlapSplit);
    expect(overlapSplit.computeSec + overlapSplit.memorySec).toBeCloseTo(
      serialSplit.computeSec + serialSplit.memorySec,
      15,
    );
    expect(tSerial - tOverlap).toBeCloseTo(serialSplit.commSec - overlapSplit.commSec, 15);
    const dense = prepareInference(LLAMA8B, H100, PERF, { precision: "bf16" });
    const denseOverlap = prepareInference(LLAMA8B, H100, PERF, { precision: "bf16", overlap: true });
    expect(decodeStepSec(denseOverlap, 64, 2048)).toBe(decodeStepSec(dense, 64, 2048));
  });

  test("utilisation = busy work of a request cycle over its length, at most 1", () => {
    // batch 16, 1024/512: per cycle the chip runs 512 decode steps and 16 prefills; their memory and
    // compute time over TTFT + 511 · TPOT
    const p = prepareInference(LLAMA8B, H100, PERF, { precision: "bf16" });
    const e = estimateInference(
      LLAMA8B,
      H100,
      PERF,
      { precision: "bf16" },
      { batch: 16, isl: 1024, osl: 512 },
    );
    const d = timeSplit();
    const f = timeSplit();
    decodeStepSec(p, 16, 1024 + 256, d);
    prefillSec(p, 1024, f);
    const busy = 512 * (d.memorySec + d.computeSec) + 16 * (f.memorySec + f.computeSec);
    const cycle = (e.ttftMs + 511 * e.tpotMs) / 1000;
    expect(e.energy.utilisation).toBeCloseTo(Math.min(1, busy / cycle), 9);
    expect(e.energy.utilisation).toBeLessThanOrEqual(1);
  });

  fcTest.prop([
    fc.integer({ min: 1, max: 256 }),
    fc.constantFrom(128, 1024, 8192),
    fc.constantFrom(128, 1024),
  ])("hiding communication (overlap) never raises the energy per token", (batch, isl, osl) => {
    const moe = { precision: "bf16", attentionDp: 16, ep: 8 } as const;
    const at = (overlap: boolean) =>
      estimateInference(MOE, H100, PERF, { ...moe, overlap }, { batch, isl, osl }).energy.joulesPerToken ??
      Number.NaN;
    expect(at(true)).toBeLessThanOrEqual(at(false) * (1 + 1e-9));
  });
});

describe("disaggregated serving", () => {
  test("TPOT is the pure decode step, TTFT the prefill plus the KV hand-over, pools sized by the rates", () => {
    const p = prepareInference(LLAMA8B, H100, PERF, { precision: "bf16" });
    const out = serveDisaggregatedInto(p, p, 32, 1024, 1024, disaggregatedPoint());
    const tDec = decodeStepSec(p, 32, 1024 + 512);
    // the prefill pool batches 1,024-token prompts up to the 8,192-token step budget: 8 a pass
    const tPf = prefillSec(p, 1024, null, 1, 8);
    // KV of one 1,024-token prompt: 131,072 B/token · 1024 = 134,217,728 B over 50 GB/s · 0.78 = 3.44 ms
    expect(out.kvTransferMs).toBeCloseTo((134_217_728 / 39e9) * 1000, 9);
    expect(out.kvTransferMs).toBeCloseTo(3.44, 2);
    expect(out.tpotMs).toBeCloseTo(tDec * 1000, 9);
    expect(out.ttftMs).toBeCloseTo((tPf + 134_217_728 / 39e9) * 1000, 9);
    // 32 slots: 32 / (1023 · TPOT) requests/s · 1024 tokens
    const perDecodeChip = (32 * 1024) / (1023 * tDec);
    expect(out.decodeOutputTokensPerSecPerChip).toBeCloseTo(perDecodeChip, 6);
    expect(out.prefillInputTokensPerSecPerChip).toBeCloseTo((8 * 1024) / tPf, 6);
    // batching 8 prompts in a pass beats one at a time: the weights are read once for 8,192 tokens
    expect((8 * 1024) / tPf).toBeGreaterThan(1024 / prefillSec(p, 1024));
    // prefill chips per decode chip = (requests/s per decode chip) · 1024 / (prefill tokens/s per chip)
    const ratio = ((perDecodeChip / 1024) * 1024) / ((8 * 1024) / tPf);
    expect(out.prefillChipsPerDecodeChip).toBeCloseTo(ratio, 9);
    expect(out.outputTokensPerSecPerChip).toBeCloseTo(perDecodeChip / (1 + ratio), 6);
    // no prefill stalls the decode steps: disaggregated TPOT beats the aggregated one at the same batch
    expect(out.tpotMs).toBeLessThan(serveInto(p, 32, 1024, 1024, servePoint()).tpotMs);
  });

  test("estimateInference in disaggregated mode reports both pools and counts the prefill chips in cost", () => {
    const agg = estimateInference(LLAMA70B, H100, PERF, { precision: "fp8", tp: 4 }, { batch: 32 });
    const dis = estimateInference(
      LLAMA70B,
      H100,
      PERF,
      { precision: "fp8", tp: 4 },
      { batch: 32, mode: "disaggregated", prefill: { tp: 8 } },
    );
    expect(agg.workload.mode).toBe("aggregated");
    expect(agg.disaggregated).toBeNull();
    expect(dis.workload.mode).toBe("disaggregated");
    const d = dis.disaggregated;
    expect(d?.prefillParallel.tp).toBe(8);
    expect(d?.prefillParallel.replicas).toBe(1);
    expect(dis.parallel.tp).toBe(4);
    expect(d?.prefillFits).toBe(true);
    expect(dis.outputTokensPerSecPerChip).toBeCloseTo(
      (d?.decodeOutputTokensPerSecPerChip ?? 0) / (1 + (d?.prefillChipsPerDecodeChip ?? 0)),
      6,
    );
    expect(dis.warnings.join("\n")).toContain("disaggregated serving");
    // the same chips pay for fewer tokens per chip than the decode pool alone delivers
    expect(dis.cost.capexUsdPerMTokens ?? 0).toBeGreaterThan(0);
  });
});

describe("links of a multi-node instance", () => {
  test("tp 16 of Llama 70B on H100: the all-reduce crosses the network at the scale-out efficiency", () => {
    const p = prepareInference(LLAMA70B, H100, PERF, { precision: "fp8", tp: 16 });
    // 160 all-reduces (80 layers × attention + FFN), a ring of 16 over the network: 2·15 latencies each
    expect(p.allReduceLatSec).toBeCloseTo(160 * 30 * 8e-6, 12);
    // per token: 160 · 2·15 · 8192 · 2 B / (16 · 50e9 · 0.78 B/s)
    expect(p.allReduceTokenSec).toBeCloseTo((160 * 2 * 15 * 8192 * 2) / (16 * 50e9 * 0.78), 15);
    expect(p.warnings.join("\n")).toContain("16 chips per pipeline stage exceed the scale-up domain of 8");
  });

  test("tp 8 · pp 2: each stage's all-reduce stays on NVLink; only the hand-off crosses the network", () => {
    const p = prepareInference(LLAMA70B, H100, PERF, { precision: "fp8", tp: 8, pp: 2 });
    // 80 all-reduces per stage (40 layers × 2), one latency each; 2·7/8 · 8192 · 2 B / (450e9 · 0.7)
    expect(p.allReduceLatSec).toBeCloseTo(80 * 8e-6, 12);
    expect(p.allReduceTokenSec).toBeCloseTo((80 * 2 * 7 * 8192 * 2) / (8 * 450e9 * 0.7), 15);
    // the hand-off: 8192 · 2 B per token over 50 GB/s · 0.78
    expect(p.p2pTokenSec).toBeCloseTo((8192 * 2) / (50e9 * 0.78), 15);
    expect(p.warnings.join("\n")).toContain("pipeline hand-offs cross");
  });
});

describe("disaggregated pools: prefill, energy and cost", () => {
  test("a busy prefill pool's experts see every attention rank's prompt", () => {
    const p = prepareInference(MOE, H100, PERF, { precision: "bf16", attentionDp: 8, ep: 8 });
    const alone = prefillSec(p, 4096);
    const busy = prefillSec(p, 4096, null, 8);
    // 4,096 tokens touch all 8 experts either way; the expert GEMMs see 8 × 4,096 tokens · k/ep
    // instead of 4,096 · k/ep (compute-bound at these sizes): the difference is 7 · 4096 · 2/8 pairs
    expect(busy - alone).toBeCloseTo(p.expertFlopSec * 7 * 4096 * (2 / 8) * p.moeOverhead, 9);
  });

  test("prefill with pipeline stages: one pass per stage in flight, prompts batched to the step budget", () => {
    const p = prepareInference(LLAMA70B, H100, PERF, { precision: "fp8", tp: 4, pp: 2 });
    const d = prepareInference(LLAMA70B, H100, PERF, { precision: "fp8", tp: 4 });
    const out = serveDisaggregatedInto(p, d, 16, 2048, 512, disaggregatedPoint());
    // ⌊8,192 / 2,048⌋ = 4 prompts a pass: 4 · 2,048 tokens · 2 stages / (t_pf(4 prompts) · 8 chips)
    expect(out.prefillInputTokensPerSecPerChip).toBeCloseTo(
      (4 * 2048 * 2) / (prefillSec(p, 2048, null, 1, 4) * 8),
      6,
    );
    // prompts longer than the budget go one a pass
    const long = serveDisaggregatedInto(p, d, 16, 16384, 512, disaggregatedPoint());
    expect(long.prefillInputTokensPerSecPerChip).toBeCloseTo((16384 * 2) / (prefillSec(p, 16384) * 8), 6);
  });

  test("J/token and $/Mtok are per chip of both pools", () => {
    const e = estimateInference(
      LLAMA70B,
      H100,
      PERF,
      { precision: "fp8", tp: 4 },
      { batch: 32, mode: "disaggregated" },
    );
    const perChip = e.outputTokensPerSecPerChip;
    const watts = e.energy.wattsPerChip ?? Number.NaN;
    expect(e.energy.joulesPerToken).toBeCloseTo(watts / perChip, 9);
    // capex: 30,000 USD over 5 years of 8,760 h, at 60% utilisation:
    // 10⁶ · (30000 / 43800) / (tokens/s per chip · 3600 · 0.6)
    expect(e.cost.capexUsdPerMTokens).toBeCloseTo((1e6 * (30000 / 43800)) / (perChip * 3600 * 0.6), 6);
    expect(e.outputTokensPerSecPerChip).toBeLessThan(e.disaggregated?.decodeOutputTokensPerSecPerChip ?? 0);
  });

  test("MTP on a model without MTP layers warns, and the head's layer is held in memory", () => {
    const plain = prepareInference(LLAMA8B, H100, PERF, { precision: "bf16" });
    const mtp = prepareInference(LLAMA8B, H100, PERF, {
      precision: "bf16",
      speculative: { draftTokens: 1, acceptedTokens: 1.5 },
    });
    expect(mtp.warnings.join("\n")).toMatch(/no MTP layers/);
    // one layer more: (weights − the 2 · 525,336,576 embedding and head bytes) / 32 layers
    const layer = (plain.weightBytes - 2 * 2 * 525_336_576) / 32;
    expect(mtp.weightBytes - plain.weightBytes).toBeCloseTo(layer, 0);
  });
});
