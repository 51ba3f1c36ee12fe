import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { Arch } from "./model.js";
import { attentionParams, linearAttentionParams, paramCount } from "./paramCount.js";
import { LLAMA_31_8B_ARCH } from "./testFixtures.js";

const llama31_8b: Arch = {
  source: ["x"],
  confidence: "vendor",
  ...LLAMA_31_8B_ARCH,
};

describe("paramCount(arch)", () => {
  test("counts Llama 3.1 8B to the weight", () => {
    // embeddings, untied: 2 × 128256 × 4096                     = 1,050,673,152
    // attention/layer: q 4096² + k,v 2×4096×1024 + o 4096²        =    41,943,040  × 32 = 1,342,177,280
    // FFN/layer (SwiGLU): 3 × 4096 × 14336                        =   176,160,768  × 32 = 5,637,144,576
    // norms: 32 × 2 × 4096 + 4096                                 =       266,240
    // total                                                        = 8,030,261,248 (Meta: 8.03B)
    const count = paramCount(llama31_8b);
    expect(count.embedding).toBe(1_050_673_152);
    expect(count.attention).toBe(1_342_177_280);
    expect(count.ffn).toBe(5_637_144_576);
    expect(count.norms).toBe(266_240);
    expect(count.total).toBe(8_030_261_248);
    expect(count.active).toBe(count.total);
  });

  test("counts DeepSeek-V3's MLA attention block", () => {
    // q: 7168×1536 + 1536 (norm) + 1536 × 128 × (128+64)          = 11,010,048 + 1,536 + 37,748,736
    // kv: 7168 × (512+64) + 512 (norm) + 512 × 128 × (128+128)     =  4,128,768 + 512 + 16,777,216
    // o: 128 × 128 × 7168                                          = 117,440,512
    // total                                                        = 187,107,328
    const arch: Arch = {
      ...llama31_8b,
      hidden: 7168,
      attention: {
        kind: "mla",
        heads: 128,
        kvHeads: 128,
        mla: { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
      },
    };
    expect(attentionParams(arch)).toBe(187_107_328);
  });

  test("counts a Gated DeltaNet block of Qwen3.5-397B", () => {
    // key dim 16×128 = 2048; value dim 64×128 = 8192; hidden 4096
    // in-proj: 4096 × (2×2048 + 2×8192) + 4096 × 2 × 64            = 83,886,080 + 524,288
    // conv: (2×2048 + 8192) × 4 = 49,152; dt/A: 128; norm: 128; out: 8192 × 4096 = 33,554,432
    // total                                                        = 118,014,208
    const arch: Arch = {
      ...llama31_8b,
      hidden: 4096,
      linearAttention: {
        layers: 45,
        keyHeads: 16,
        valueHeads: 64,
        keyHeadDim: 128,
        valueHeadDim: 128,
        convKernel: 4,
      },
    };
    expect(linearAttentionParams(arch)).toBe(118_014_208);
  });

  test("counts Mixtral 8x7B's experts: total 46.7B, active 12.9B", () => {
    // per expert 3 × 4096 × 14336 = 176,160,768; router 4096 × 8 = 32,768; per layer 8 experts + router
    // FFN total 32 × (8 × 176,160,768 + 32,768) = 45,098,205,184; active 32 × (2 × 176,160,768 + 32,768)
    // embeddings 2 × 32000 × 4096 = 262,144,000; attention as Llama 8B = 1,342,177,280; norms 266,240
    const mixtral: Arch = {
      ...llama31_8b,
      vocab: 32000,
      moe: { experts: 8, active: 2, shared: 0, expertIntermediate: 14336, denseLayers: 0 },
    };
    const count = paramCount(mixtral);
    expect(count.total).toBe(262_144_000 + 1_342_177_280 + 45_098_205_184 + 266_240);
    expect(count.active).toBe(262_144_000 + 1_342_177_280 + 32 * (2 * 176_160_768 + 32_768) + 266_240);
    expect(count.total / 1e9).toBeCloseTo(46.7, 2);
    expect(count.active / 1e9).toBeCloseTo(12.88, 2);
  });

  test.prop([
    fc.integer({ min: 1, max: 64 }),
    fc.integer({ min: 1, max: 64 }),
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: 1, max: 8 }),
  ])(
    "active ≤ total, and each more active expert adds exactly one expert per MoE layer",
    (experts, active, dense, shared) => {
      const a = Math.min(active, experts);
      const arch: Arch = {
        ...llama31_8b,
        layers: 8,
        moe: { experts, active: a, shared, expertIntermediate: 512, denseLayers: dense },
      };
      const count = paramCount(arch);
      expect(count.active).toBeLessThanOrEqual(count.total);
      if (a < experts) {
        const more = paramCount({
          ...arch,
          moe: { experts, active: a + 1, shared, expertIntermediate: 512, denseLayers: dense },
        });
        expect(more.active - count.active).toBe((8 - dense) * 3 * 4096 * 512);
      }
    },
  );
});
