import type { Chip, Precision } from "../catalog/chip.js";
import type { KvPrecision, PerfPrecision, Stack } from "./perfData.js";
import { PerfError } from "./perfError.js";

/**
 * Bytes per stored weight. Block-scaled 4-bit formats carry their scales: NVFP4 has one FP8 scale per
 * 16 values (0.5 + 1/16 B), INT4 weight-only one BF16 scale per group of 128 (0.5 + 2/128 B).
 */
export const WEIGHT_BYTES: Readonly<Record<PerfPrecision, number>> = {
  bf16: 2,
  fp8: 1,
  int8: 1,
  fp4: 0.5 + 1 / 16,
  int4: 0.5 + 2 / 128,
};

/** Bytes per KV-cache element. */
export const KV_BYTES: Readonly<Record<KvPrecision, number>> = {
  bf16: 2,
  fp8: 1,
  int8: 1,
  fp4: 0.5 + 1 / 16,
};

/** GEMM input precisions to try, best first, for each requested weight precision. */
const COMPUTE_CHAIN: Readonly<Record<PerfPrecision, readonly Precision[]>> = {
  bf16: ["bf16", "fp16"],
  fp8: ["fp8", "int8", "bf16", "fp16"],
  int8: ["int8", "fp8", "bf16", "fp16"],
  fp4: ["fp4", "fp8", "int8", "bf16", "fp16"],
  // weight-only: 4-bit weights dequantised into 16-bit GEMMs is the normal path, not a fallback
  int4: ["bf16", "fp16"],
};

/** How a requested precision maps onto a chip. */
export interface ResolvedPrecision {
  /** The precision asked for; weights are stored in it whatever the compute path. */
  readonly requested: PerfPrecision;
  readonly weightBytes: number;
  /** The chip's dense rate used for GEMMs. */
  readonly compute: Precision;
  readonly computeTflops: number;
  /** 16-bit dense rate used by attention kernels. */
  readonly attentionTflops: number;
  readonly kv: KvPrecision;
  readonly kvBytes: number;
  /** Bytes per activation element exchanged in collectives (dispatch of MoE tokens may use 8 bits). */
  readonly dispatchBytes: number;
  readonly warnings: readonly string[];
}

const positive = (x: number | undefined): x is number => x !== undefined && x > 0;

/**
 * Maps a requested precision onto what the chip can run. Weights keep the requested width; GEMMs run at
 * the fastest precision of the chain the chip has a dense rate for, ties to the earlier (fp8 → int8 →
 * bf16 → fp16; fp4 → fp8 → …), with a warning when that is not the requested one (e.g. Ascend 910C has
 * no FP8: fp8 runs as W8A8 int8; B300's INT8 rate is 157.5 TFLOPS against 4,500 in FP8: int8 runs as fp8). A chip with only an fp16 rate uses it for bf16. FP4 weights on a chip without fp4 run
 * weight-only (dequantised into 16-bit GEMMs) on vLLM, SGLang and plain PyTorch — vLLM's Hopper path for
 * MXFP4 MoE is Triton's `matmul_ogs` and for NVFP4 Marlin, both with 16-bit activations — and as W4A8
 * (fp8 activations) on TensorRT-LLM (a chip with no 16-bit rate keeps the fp4 → fp8 → … chain); the held-out silicon rows of vLLM GPT-OSS-120B on H100/H200 agree
 * (TTFT 25% / 15% → 15% / 6% when refitted with it). The KV cache is `kv` when given, else fp8
 * for fp8/fp4 weights on TensorRT-LLM and vLLM where the chip has fp8 (their FP8/NVFP4 checkpoints carry
 * FP8 KV scales; the held-out silicon error drops with it), else bf16 (SGLang keeps the model dtype).
 * DeepSeek-sparse-attention models (`sparseMla`) default to FP8 KV where the chip has fp8: their sparse
 * MLA kernels read DeepSeek's FP8 cache layout (vLLM's default `fp8_ds_mla`); SGLang does so only on
 * chips with fp4 (Blackwell) — an estimate from the silicon sample: its GLM-5 rows on H200 queue for KV
 * slots exactly as a bf16 cache predicts (b64 1024/8192: 17.0 s measured, 25.4 s bf16, 0.8 s fp8), on
 * B200 as an fp8 one (b128 1024/8192: 0.50 s measured, 1.5 s fp8, 3.4 s bf16).
 * Throws {@link PerfError} when the chip has no 16-bit (or better) dense rate at all.
 */
export function resolvePrecision(
  chip: Chip,
  requested: PerfPrecision,
  stack: Stack,
  kv?: KvPrecision,
  sparseMla = false,
): ResolvedPrecision {
  const warnings: string[] = [];
  // fp4 without fp4 tensor cores: only TensorRT-LLM keeps 8-bit activations (W4A8)
  const weightOnlyFp4 =
    requested === "fp4" &&
    !positive(chip.dense.fp4) &&
    stack !== "trtllm" &&
    (positive(chip.dense.bf16) || positive(chip.dense.fp16));
  const chain = weightOnlyFp4 ? COMPUTE_CHAIN.int4 : COMPUTE_CHAIN[requested];
  // the fastest rate of the chain, ties to the earlier: a chip may list the asked-for rate far below a
  // fallback (Blackwell Ultra cut INT8 to 157.5 TFLOPS beside 4,500 in FP8), and stacks then use the faster
  const compute = chain.reduce<Precision | undefined>((best, p) => {
    const rate = chip.dense[p];
    return positive(rate) && (best === undefined || rate > (chip.dense[best] ?? 0)) ? p : best;
  }, undefined);
  if (compute === undefined)
    throw new PerfError(
      `chip ${chip.id} has no dense rate for ${chain.join(", ")} in the catalog: cannot estimate ${requested}`,
    );
  const first = chain[0];
  if (weightOnlyFp4)
    warnings.push(
      `${chip.id} has no dense fp4 rate: ${stack} dequantises the fp4 weights into ${compute} GEMMs (weight-only; TensorRT-LLM would run W4A8 with fp8 activations)`,
    );
  else if (compute !== first && !(requested === "bf16" && compute === "fp16")) {
    const how =
      compute === "int8" || compute === "fp8"
        ? `GEMMs run in ${compute} (W8A8) with ${requested} weights`
        : `weights stay ${requested} and are dequantised into ${compute} GEMMs (weight-only)`;
    const firstRate = first === undefined ? undefined : chip.dense[first];
    const why = positive(firstRate)
      ? `has a dense ${first} rate of ${firstRate} TFLOPS, below its ${compute} rate of ${chip.dense[compute]}`
      : `has no dense ${first} rate`;
    warnings.push(`${chip.id} ${why}: ${how}`);
  }
  if (requested === "bf16" && compute === "fp16")
    warnings.push(`${chip.id} has no bf16 rate: using its fp16 rate`);
  const attention = chip.dense.bf16 ?? chip.dense.fp16 ?? chip.dense[compute] ?? 0;
  const hasFp8 = positive(chip.dense.fp8);
  let kvPrecision: KvPrecision =
    kv ??
    (hasFp8 &&
    ((sparseMla && (stack !== "sglang" || positive(chip.dense.fp4))) ||
      (stack !== "sglang" && (requested === "fp8" || requested === "fp4")))
      ? "fp8"
      : "bf16");
  // an FP4 cache (NVFP4 KV) needs fp4 tensor cores; a chip with fp8 keeps an fp8 cache
  if (kvPrecision === "fp4" && !positive(chip.dense.fp4) && hasFp8) {
    warnings.push(`${chip.id} has no fp4 rate: the KV cache stays fp8`);
    kvPrecision = "fp8";
  }
  if ((kvPrecision === "fp8" || kvPrecision === "fp4") && !hasFp8) {
    warnings.push(
      `${chip.id} has no fp8 rate: the KV cache stays ${positive(chip.dense.int8) ? "int8" : "bf16"}`,
    );
    kvPrecision = positive(chip.dense.int8) ? "int8" : "bf16";
  }
  return {
    requested,
    weightBytes: WEIGHT_BYTES[requested],
    compute,
    computeTflops: chip.dense[compute] ?? 0,
    attentionTflops: attention,
    kv: kvPrecision,
    kvBytes: KV_BYTES[kvPrecision],
    dispatchBytes: compute === "fp8" || compute === "fp4" || compute === "int8" ? 1 : 2,
    warnings,
  };
}
