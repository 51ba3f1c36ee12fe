import { describe, expect, it } from "vitest";
import { buildCatalog, type CatalogFiles, formatIssue } from "./catalog.js";
import { LLAMA_31_8B_ARCH } from "./testFixtures.js";

const sources = {
  path: "data/sources.yaml",
  data: {
    sources: [
      {
        id: "nvidia-h100-datasheet",
        title: "H100 datasheet",
        publisher: "NVIDIA",
        date: "2023-09",
        url: "https://example.com/h100",
        kind: "datasheet",
      },
      {
        id: "llama-card",
        title: "Llama 3.1 model card",
        publisher: "Meta",
        date: "2024-07-23",
        url: "https://example.com/llama",
        kind: "paper",
      },
    ],
  },
};

const fact = (value: number) => ({ value, source: "nvidia-h100-datasheet", confidence: "vendor" });

function h100(overrides: Record<string, unknown> = {}) {
  return {
    id: "h100-sxm",
    name: "NVIDIA H100 SXM5",
    vendor: "nvidia",
    country: "US",
    datacenter: true,
    launched: "2022-09",
    status: "shipping",
    source: "nvidia-h100-datasheet",
    dense: { bf16: fact(989.4), fp8: fact(1978.9) },
    memory: { type: "HBM3", gb: fact(80), tbps: fact(3.35) },
    tdpW: fact(700),
    ...overrides,
  };
}

const llama = {
  id: "llama-3.1-8b",
  name: "Llama 3.1 8B",
  family: "llama",
  developer: "Meta",
  country: "US",
  released: "2024-07-23",
  openWeights: true,
  source: "llama-card",
  arch: {
    source: "llama-card",
    confidence: "vendor",
    ...LLAMA_31_8B_ARCH,
  },
  params: { totalB: { value: 8.03, source: "llama-card", confidence: "vendor" } },
};

function files(chips: unknown[], models: unknown[] = [llama]): CatalogFiles {
  return {
    sources,
    chips: [{ path: "data/chips/nvidia.yaml", data: { chips } }],
    models: [{ path: "data/models/llama.yaml", data: { models } }],
  };
}

function messages(f: CatalogFiles): string[] {
  return buildCatalog(f).issues.map(formatIssue);
}

describe("buildCatalog(files)", () => {
  it("builds a valid catalog with provenance keyed by field path", () => {
    const { catalog, issues } = buildCatalog(files([h100()]));
    expect(issues).toEqual([]);
    const chip = catalog.chips[0];
    expect(chip?.dense).toEqual({ bf16: 989.4, fp8: 1978.9 });
    expect(chip?.memory).toEqual({ type: "HBM3", gb: 80, tbps: 3.35 });
    expect(chip?.interconnect).toEqual({ scaleUpGBps: null, ioGBps: null });
    expect(chip?.sources["dense.bf16"]).toEqual(["nvidia-h100-datasheet"]);
    expect(chip?.confidence.tdpW).toBe("vendor");
    expect(catalog.models[0]?.params).toEqual({
      totalB: 8.03,
      activeB: 8.03,
      computedTotalB: 8.03,
      computedActiveB: 8.03,
      activeExcludes: "none",
      roundedToB: null,
    });
  });

  it("rejects a number without a source, naming file, path and value", () => {
    expect(messages(files([h100({ tdpW: 700 })]))).toEqual([
      "data/chips/nvidia.yaml: chips[0] h100-sxm › tdpW: the number 700 has no source: write { value: 700, source: <source id>, confidence: vendor|reported|estimate|low } (value: 700)",
    ]);
  });

  it("rejects a source id that does not resolve", () => {
    const chip = h100({ tdpW: { value: 700, source: "nvidia-typo", confidence: "vendor" } });
    expect(messages(files([chip]))).toEqual([
      "data/chips/nvidia.yaml: chips[0] h100-sxm › tdpW.source: source id 'nvidia-typo' does not resolve in data/sources.yaml (value: \"nvidia-typo\")",
    ]);
  });

  it("rejects a duplicate chip id", () => {
    expect(messages(files([h100(), h100()]))).toEqual([
      'data/chips/nvidia.yaml: chips[1] h100-sxm: duplicate chip id (also in data/chips/nvidia.yaml) (value: "h100-sxm")',
    ]);
  });

  it("rejects a bandwidth written in the wrong unit", () => {
    const chip = h100({ memory: { type: "HBM3", gb: fact(80), tbps: fact(3350) } });
    expect(messages(files([chip]))).toEqual([
      "data/chips/nvidia.yaml: chips[0] h100-sxm › memory.tbps: memory bandwidth must be in (0, 30] TB/s for HBM3; a value in GB/s belongs divided by 1000 (value: 3350)",
    ]);
  });

  it("rejects fp8 below bf16, a TDP out of 10–3000 W, and a vendor that is not the file's", () => {
    const chip = h100({ vendor: "amd", dense: { bf16: fact(989.4), fp8: fact(500) }, tdpW: fact(23000) });
    expect(messages(files([chip]))).toEqual([
      "data/chips/nvidia.yaml: chips[0] h100-sxm › vendor: vendor must match the file name 'nvidia' (value: \"amd\")",
      "data/chips/nvidia.yaml: chips[0] h100-sxm › dense.fp8: dense fp8 (500) is below bf16 (989.4): is one of them sparse? (value: 500)",
      "data/chips/nvidia.yaml: chips[0] h100-sxm › tdpW: TDP must be within 10–3000 W (a whole system's power belongs in the note) (value: 23000)",
    ]);
  });

  it("rejects an estimate without its working, an unknown field and a bad enum", () => {
    const chip = h100({
      tdpW: { value: 700, source: "nvidia-h100-datasheet", confidence: "estimate" },
      tdpw: 1,
      status: "sold",
    });
    const found = messages(files([chip]));
    expect(found).toContain(
      'data/chips/nvidia.yaml: chips[0] h100-sxm › status: Invalid option: expected one of "shipping"|"announced"|"roadmap"|"cancelled"|"reported" (value: "sold")',
    );
    expect(found).toContain(
      "data/chips/nvidia.yaml: chips[0] h100-sxm › tdpW.note: an estimate needs a note with its working",
    );
    expect(found.some((m) => m.includes('Unrecognized key: "tdpw"'))).toBe(true);
  });

  it("rejects a published parameter count more than 2% from the computed one", () => {
    const wrong = {
      ...llama,
      params: { totalB: { value: 7.5, source: "llama-card", confidence: "vendor" } },
    };
    expect(messages(files([h100()], [wrong]))).toEqual([
      "data/models/llama.yaml: models[0] llama-3.1-8b › params.totalB: computed 8.03B differs from the published 7.5B by 7.1% (> 2.0%) (value: 7.5)",
    ]);
  });

  it("keeps only valid records, sorted by id, and names a bad record by its own index", () => {
    const { catalog, issues } = buildCatalog(
      files([h100({ id: "zz-chip" }), h100({ id: "aa-chip", tdpW: 1 }), h100({ id: "mm-chip" })]),
    );
    expect(catalog.chips.map((c) => c.id)).toEqual(["mm-chip", "zz-chip"]);
    expect(issues.map((i) => i.path)).toEqual(["chips[1] aa-chip › tdpW"]);
  });

  it("still resolves the source ids of a record that failed its schema", () => {
    const bad = h100({ tdpW: 700, source: "nowhere" });
    expect(messages(files([bad]))).toEqual([
      "data/chips/nvidia.yaml: chips[0] h100-sxm › tdpW: the number 700 has no source: write { value: 700, source: <source id>, confidence: vendor|reported|estimate|low } (value: 700)",
      "data/chips/nvidia.yaml: chips[0] h100-sxm › source: source id 'nowhere' does not resolve in data/sources.yaml (value: \"nowhere\")",
    ]);
  });
});
