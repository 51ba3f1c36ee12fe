// The silicon sample's reading rules (scripts/perf/lib.mjs): layouts exported with their sizes
// multiplied by EP, the same run exported twice, and one operating point measured with several versions.
import { describe, expect, test } from "vitest";
import { dedupe, errorStats, ladderScatter, newestVersions, parallelOf, versionKey } from "./lib.mjs";

const csvRow = (id, tp, dp, moeTp, moeEp, batch) => ({
  id,
  tp_size: String(tp),
  attention_dp_size: String(dp),
  moe_tp_size: String(moeTp),
  moe_ep_size: String(moeEp),
  batch_size: String(batch),
});

describe("parallelOf", () => {
  test("tp_size = X·Y for an id naming tpX_epY comes back to X chips", () => {
    // SGLang tp8_ep8 at concurrency 4 exported as tp_size 64: 64/8 = 8, batch stays 4 (dp 1)
    expect(parallelOf(csvRow("dsr1_b200_sglang_fp4_agg_1024x8192_c4_tp8_ep8_1027", 64, 1, 8, 8, 4))).toEqual({
      tp: 8,
      attentionDp: 1,
      ep: 8,
      batch: 4,
      corrected: true,
    });
  });
  test("attention-DP X·Y comes back to X ranks with the concurrency kept", () => {
    // TRT-LLM tp8_ep8 at concurrency 64 exported as dp 64 with 1 request per rank: 64/8 = 8 ranks, 64/8 = 8 each
    expect(parallelOf(csvRow("x_trtllm_fp4_agg_1024x1024_c64_tp8_ep8_937", 1, 64, 8, 8, 1))).toEqual({
      tp: 1,
      attentionDp: 8,
      ep: 8,
      batch: 8,
      corrected: true,
    });
  });
  test("vLLM tp4 × dp4 with EP 16 for tp4_ep4 comes back to tp 4 with EP 4", () => {
    // 4·4/4 = factor 4 = Y: dp 4 → 1, batch 1·4/1 = 4
    expect(parallelOf(csvRow("kimi_vllm_fp4_agg_1024x1024_c4_tp4_ep4_1294", 4, 4, 1, 16, 1))).toEqual({
      tp: 4,
      attentionDp: 1,
      ep: 4,
      batch: 4,
      corrected: true,
    });
  });
  test("a cfgN id with MoE TP and EP both above 1 is read the same way", () => {
    expect(parallelOf(csvRow("dsr1_h200_trtllm_fp8_agg_1024x1024_c16_cfg181", 64, 1, 8, 8, 16))).toEqual({
      tp: 8,
      attentionDp: 1,
      ep: 8,
      batch: 16,
      corrected: true,
    });
  });
  test("consistent rows are left alone", () => {
    // tp8_0_ep8_0: 1 × 8 attention-DP ranks = 8 chips, as the id says
    expect(parallelOf(csvRow("x_trtllm_fp4_agg_1024x1024_c64_tp8_0_ep8_0_976", 1, 8, 1, 8, 8))).toEqual({
      tp: 1,
      attentionDp: 8,
      ep: 8,
      batch: 8,
      corrected: false,
    });
    // a dense TP 8 run: MoE TP 8 × EP 1
    expect(parallelOf(csvRow("x_sglang_fp8_agg_1024x1024_c4_tp8_ep1_64", 8, 1, 8, 1, 4)).corrected).toBe(
      false,
    );
    expect(parallelOf(csvRow("llama_trtllm_cfg12", 4, 1, 4, 1, 32)).corrected).toBe(false);
  });
  test("an id naming tp X with no EP keeps X chips: MoE TP × EP is TensorRT-LLM's split inside them", () => {
    // Qwen3-235B FP8 on H100, id tp4_epnone, columns tp 4 with MoE TP 2 × EP 2: four chips (235 GB of
    // weights do not fit on two), not the 2-chip reading the cfgN rule would give
    expect(
      parallelOf(csvRow("qwen3_235b_h100_sxm_trtllm_agg_128x128_c16_tp4_epnone_16", 4, 1, 2, 2, 16)),
    ).toEqual({ tp: 4, attentionDp: 1, ep: 2, batch: 16, corrected: false });
    // the same columns under a cfgN id are still read as the inflated export (tp 2, EP 2)
    expect(parallelOf(csvRow("qwen3_235b_trtllm_cfg7", 4, 1, 2, 2, 16)).tp).toBe(2);
  });
});

const row = (id, over = {}) => ({
  id,
  chip: "h200-sxm",
  stack: "trtllm",
  model: "deepseek-r1",
  precision: "fp8",
  tp: 8,
  pp: 1,
  ep: 8,
  attentionDp: 1,
  isl: 1024,
  osl: 1024,
  batch: 8,
  ttftMs: 455.1556074758992,
  tpotMs: 11.369859064662188,
  version: "1.1.0rc2.post2",
  namedParallel: false,
  ...over,
});

describe("dedupe", () => {
  test("two exports of one run (last digits differ) keep the row whose id names its layout", () => {
    const a = row("dsr1_cfg181");
    const b = row("2026_04_06_tp8_ep8_957", { ttftMs: 455.15560747589916, namedParallel: true });
    const skipped = [];
    expect(dedupe([a, b], (why) => skipped.push(why))).toEqual([b]);
    expect(skipped).toHaveLength(1);
  });
  test("a copy rounded to 1/100 ms counts once, and the unrounded row is kept", () => {
    const full = row("2026_04_06_kimi_tp8_ep1_1292", {
      ttftMs: 148.60638657119125,
      tpotMs: 10.431417973710822,
    });
    const rounded = row("kimi_gap_analysis_tp8_ep1_33", { ttftMs: 148.61, tpotMs: 10.43 });
    expect(dedupe([rounded, full])).toEqual([full]);
    expect(dedupe([full, rounded])).toEqual([full]);
  });
  test("another run of the same point (different TTFT) is kept", () => {
    expect(dedupe([row("a"), row("b", { ttftMs: 455.2 })])).toHaveLength(2);
  });
  test("the same run under the DeepSeek-V3 checkpoint name counts once", () => {
    expect(dedupe([row("a", { model: "deepseek-v3" }), row("b")])).toHaveLength(1);
  });
});

describe("newestVersions", () => {
  test("orders rc < release and .post by number", () => {
    // [1,2,0,6,3] > [1,2,0,6,2]; 1.3.0 (rc ∞) > 1.3.0rc1
    expect(versionKey("1.2.0rc6.post3")).toEqual([1, 2, 0, 6, 3]);
    expect(versionKey("1.3.0")).toEqual([1, 3, 0, Number.POSITIVE_INFINITY, 0]);
    expect(versionKey("nightly-dev")).toBeNull();
    expect(versionKey("")).toBeNull();
  });
  test("keeps the newest version's rows of a point, other points and unversioned rows", () => {
    const old = row("old", { version: "1.2.0rc6.post2", tpotMs: 21.37 });
    const cur = row("cur", { version: "1.2.0rc6.post3", tpotMs: 13.05 });
    const other = row("other", { batch: 16, version: "1.1.0rc2.post2" });
    const blank = row("blank", { version: "" });
    expect(newestVersions([old, cur, other, blank]).map((r) => r.id)).toEqual(["cur", "other", "blank"]);
  });
});

test("parallelOf: a cfgN vLLM row with tp X × dp Y and EP X·Y is read as tpX_epY", () => {
  // minimaxm2_5 b300 cfg729 at concurrency 32: tp 4, dp 4, EP 16, 8 per rank → tp 4, EP 4, 32 per rank
  expect(parallelOf(csvRow("minimaxm2_5_b300_vllm_fp4_agg_1024x1024_c32_cfg729", 4, 4, 1, 16, 8))).toEqual({
    tp: 4,
    attentionDp: 1,
    ep: 4,
    batch: 32,
    corrected: true,
  });
  // TRT-LLM attention DP (tp 1) with EP over the 8 ranks is a real layout
  expect(parallelOf(csvRow("dsr1_trtllm_cfg9", 1, 8, 1, 8, 4)).corrected).toBe(false);
});

test("parallelOf: a corrected layout keeps the concurrency the id names", () => {
  // attention-DP tp8_ep8 at 32 clients recorded as 32 per rank over 64 ranks: 8 ranks, 32/8 = 4 each
  // (batch·dp would have read 2,048 clients)
  expect(parallelOf(csvRow("x_trtllm_fp4_agg_8192x1024_c32_tp8_ep8_1537", 1, 64, 8, 8, 32))).toEqual({
    tp: 1,
    attentionDp: 8,
    ep: 8,
    batch: 4,
    corrected: true,
  });
  // an uncorrected row keeps batch_size even where the id's concurrency differs
  expect(
    parallelOf(
      csvRow("nvidia_deepseek_r1_nvfp4_b200_sxm_trtllm_agg_4000x1000_c224_tp4_epnone_1", 4, "", 1, 4, 56),
    ).batch,
  ).toBe(56);
});

describe("ladderScatter", () => {
  const run = (batch, ttftMs, isl = 1024) => ({
    chip: "h200-sxm",
    stack: "vllm",
    model: "m",
    precision: "fp8",
    tp: 1,
    pp: 1,
    ep: 1,
    attentionDp: 1,
    isl,
    osl: 1024,
    batch,
    ttftMs,
  });
  test("a held-out row's distance from the log-log line between its neighbouring concurrencies", () => {
    // b 4 → 100 ms and b 16 → 400 ms: the line at b 8 is 100·(400/100)^(1/2) = 200 ms; 300 ms is +50%.
    // Its neighbours must share every other setting: the 2048-token run at b 8 is another ladder.
    const mid = run(8, 300);
    const scatter = ladderScatter([run(4, 100), mid, run(16, 400), run(8, 1, 2048)], [mid]);
    expect(scatter.get("h200-sxm | vllm | m")).toEqual({ pct: expect.closeTo(50, 9), rows: 1 });
    // below the line counts the same: 200/1.5 ms is 50% off too; the ends of a ladder have no line
    const low = run(8, 200 / 1.5);
    expect(
      ladderScatter([run(4, 100), low, run(16, 400)], [low]).get("h200-sxm | vllm | m")?.pct,
    ).toBeCloseTo(50, 9);
    expect(ladderScatter([run(4, 100), run(16, 400)], [run(4, 100)]).size).toBe(0);
  });
});

describe("errorStats", () => {
  test("within15Pct counts rows whose every metric is within 1.5× of the measurement", () => {
    const r = (ttft, tpot, measTtft, measTpot) => ({
      ttftMs: ttft,
      tpotMs: tpot,
      throughput: 1,
      row: { ttftMs: measTtft, tpotMs: measTpot, throughput: 1 },
    });
    // row 1: both exact; row 2: TTFT 1.6× off (TPOT exact); row 3: TPOT 1.5× exactly (inside)
    const s = errorStats([r(100, 10, 100, 10), r(160, 10, 100, 10), r(100, 15, 100, 10)]);
    expect(s.within15Pct).toBeCloseTo((100 * 2) / 3, 9);
    expect(s.worstRatio).toBeCloseTo(1.6, 9);
  });
});
