import type { Command } from "@commander-js/extra-typings";
import {
  CHIP_SORT_ALIASES,
  CHIP_SORT_FIELDS,
  type Chip,
  chipStatusSchema,
  closestIds,
  MODEL_SORT_ALIASES,
  MODEL_SORT_FIELDS,
  type Model,
  PRECISIONS,
  parseSortSpec,
  type SortKey,
  SortSpecError,
  sortRows,
} from "@dualtrack/core";
import { requireCatalog } from "../context.js";
import { CliError, type Io } from "../io.js";
import type { Column } from "../render/table.js";
import { formatOf, oneOf, printJson, printRows } from "./output.js";

/** `parseSortSpec` for the `--sort` flag: an unknown field is a bad flag (exit 2) listing the allowed ones. */
function sortFlag(
  spec: string,
  fields: readonly string[],
  aliases: Readonly<Record<string, string>>,
): SortKey[] {
  try {
    return parseSortSpec(spec, fields, aliases);
  } catch (error) {
    if (error instanceof SortSpecError) throw new CliError(`--sort: ${error.message}`);
    throw error;
  }
}

const CHIP_COLUMNS: readonly Column<Chip>[] = [
  { header: "id", cell: (c) => c.id },
  { header: "vendor", cell: (c) => c.vendor },
  { header: "country", cell: (c) => c.country },
  { header: "status", cell: (c) => c.status },
  { header: "launched", cell: (c) => c.launched },
  { header: "bf16", cell: (c) => c.dense.bf16, numeric: true },
  { header: "fp8", cell: (c) => c.dense.fp8, numeric: true },
  { header: "int8", cell: (c) => c.dense.int8, numeric: true },
  { header: "fp4", cell: (c) => c.dense.fp4, numeric: true },
  { header: "memGB", cell: (c) => c.memory.gb, numeric: true },
  { header: "memTBps", cell: (c) => c.memory.tbps, numeric: true },
  { header: "scaleUpGBps", cell: (c) => c.interconnect.scaleUpGBps, numeric: true },
  { header: "tdpW", cell: (c) => c.tdpW, numeric: true },
];

const MODEL_COLUMNS: readonly Column<Model>[] = [
  { header: "id", cell: (m) => m.id },
  { header: "developer", cell: (m) => m.developer },
  { header: "released", cell: (m) => m.released },
  { header: "layers", cell: (m) => m.arch.layers, numeric: true },
  { header: "hidden", cell: (m) => m.arch.hidden, numeric: true },
  { header: "attention", cell: (m) => m.arch.attention.kind },
  {
    header: "experts",
    cell: (m) => (m.arch.moe === undefined ? "" : `${m.arch.moe.active}/${m.arch.moe.experts}`),
  },
  { header: "totalB", cell: (m) => m.params.totalB, numeric: true },
  { header: "activeB", cell: (m) => m.params.activeB, numeric: true },
  { header: "context", cell: (m) => m.arch.maxContext, numeric: true },
];

const distinct = (values: readonly string[]) => [...new Set(values)].sort();

function notFound(kind: string, id: string, ids: readonly string[], listCommand: string): CliError {
  const near = closestIds(id, ids);
  const hint =
    near.length > 0 ? ` did you mean ${near.join(", ")}?` : ` run \`dualtrack ${listCommand}\` for the list.`;
  return new CliError(`unknown ${kind} '${id}':${hint}`);
}

/** Finds a chip by id, or fails (exit 2) naming the closest ids. */
export function findChip(chips: readonly Chip[], id: string): Chip {
  const chip = chips.find((c) => c.id === id);
  if (chip === undefined)
    throw notFound(
      "chip",
      id,
      chips.map((c) => c.id),
      "chips",
    );
  return chip;
}

/** Finds a model by id, or fails (exit 2) naming the closest ids. */
export function findModel(models: readonly Model[], id: string): Model {
  const model = models.find((m) => m.id === id);
  if (model === undefined)
    throw notFound(
      "model",
      id,
      models.map((m) => m.id),
      "models",
    );
  return model;
}

function describeChip(chip: Chip): string {
  const lines: string[] = [
    `${chip.name} (${chip.id})`,
    `  vendor ${chip.vendor}, ${chip.country}; ${chip.status}, launched ${chip.launched}; ${chip.datacenter ? "datacenter" : "not a datacenter part"}${chip.chinaSpecific ? "; China-specific SKU" : ""}`,
  ];
  const fact = (label: string, path: string, value: number | string | null, unit: string) => {
    if (value === null) return;
    const src = chip.sources[path]?.join(", ") ?? "";
    const conf = chip.confidence[path] ?? "";
    const note = chip.notes[path] === undefined ? "" : ` — ${chip.notes[path]}`;
    lines.push(
      `  ${label.padEnd(22)} ${String(value).padStart(9)} ${unit.padEnd(7)} [${conf}: ${src}]${note}`,
    );
  };
  for (const p of PRECISIONS)
    fact(`dense ${p}`, `dense.${p}`, chip.dense[p] ?? null, p.startsWith("int") ? "TOPS" : "TFLOPS");
  fact("memory", "memory.gb", chip.memory.gb, `GB ${chip.memory.type ?? ""}`.trim());
  fact("memory bandwidth", "memory.tbps", chip.memory.tbps, "TB/s");
  fact("scale-up link", "interconnect.scaleUpGBps", chip.interconnect.scaleUpGBps, "GB/s");
  fact("aggregate I/O", "interconnect.ioGBps", chip.interconnect.ioGBps, "GB/s");
  fact("TDP", "tdpW", chip.tdpW, "W");
  fact("logic dies", "dies", chip.dies, "");
  fact("die area", "dieMm2", chip.dieMm2, "mm²");
  fact("published TPP", "tppPublished", chip.tppPublished, "");
  fact("price", "priceUsd", chip.priceUsd, `USD${chip.priceYear === null ? "" : ` ${chip.priceYear}`}`);
  if (chip.node !== null || chip.foundry !== null)
    lines.push(`  process ${chip.node ?? "?"} at ${chip.foundry ?? "?"}`);
  for (const [path, alts] of Object.entries(chip.alternatives)) {
    for (const a of alts)
      lines.push(
        `  conflicting ${path}: ${a.value} [${a.confidence}: ${a.sources.join(", ")}]${a.note === undefined ? "" : ` — ${a.note}`}`,
      );
  }
  if (chip.note !== null) lines.push(`  note: ${chip.note}`);
  lines.push(`  sources: ${chip.sources["*"]?.join(", ") ?? ""}`);
  return `${lines.join("\n")}\n`;
}

function describeModel(m: Model): string {
  const a = m.arch;
  const lines = [
    `${m.name} (${m.id}) — ${m.developer}, ${m.country}, released ${m.released}${m.openWeights ? ", open weights" : ""}`,
    `  params: ${m.params.totalB}B total, ${m.params.activeB}B active (published); computed ${m.params.computedTotalB}B / ${m.params.computedActiveB}B [${m.sources["params.totalB"]?.join(", ") ?? ""}]`,
    `  ${a.layers} layers, hidden ${a.hidden}, vocab ${a.vocab}, context ${a.maxContext}${a.tiedEmbeddings ? ", tied embeddings" : ""}`,
    `  attention ${a.attention.kind}: ${a.attention.heads} heads, ${a.attention.kvHeads} KV heads${a.attention.headDim === undefined ? "" : `, head dim ${a.attention.headDim}`}${a.attention.mla === undefined ? "" : `, KV latent ${a.attention.mla.kvLoraRank}+${a.attention.mla.qkRopeHeadDim}`}${a.attention.slidingWindow === undefined ? "" : `, ${a.attention.slidingWindow.layers} layers windowed to ${a.attention.slidingWindow.window}`}`,
  ];
  if (a.linearAttention !== undefined)
    lines.push(`  linear attention (Gated DeltaNet) in ${a.linearAttention.layers} of ${a.layers} layers`);
  lines.push(`  FFN ${a.ffn.intermediate}${a.ffn.gated ? " (gated)" : ""}`);
  if (a.moe !== undefined)
    lines.push(
      `  MoE: ${a.moe.active} of ${a.moe.experts} experts (${a.moe.expertIntermediate} wide) + ${a.moe.shared} shared; first ${a.moe.denseLayers} layers dense`,
    );
  lines.push(`  architecture source: ${m.sources.arch?.join(", ") ?? ""}`);
  if (m.note !== null) lines.push(`  note: ${m.note}`);
  return `${lines.join("\n")}\n`;
}

/** Registers `chips`, `chip <id>`, `models` and `model <id>`. */
export function registerCatalogCommands(program: Command, io: Io, dataDir: () => string | undefined): void {
  program
    .command("chips")
    .description("list accelerators (filter, sort, table / --json / --csv)")
    .option("--vendor <id>", "only this vendor (e.g. nvidia, huawei)")
    .option("--country <code>", "only chips designed in this country (ISO code, e.g. CN)")
    .option("--status <status>", `only this status (${chipStatusSchema.options.join(", ")})`)
    .option("--sort <spec>", "sort by fields, '-' for descending, e.g. -bf16,name", "id")
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .action(async (options) => {
      const format = formatOf(options);
      const chips = (await requireCatalog(dataDir())).chips;
      const vendor = oneOf("--vendor", options.vendor, distinct(chips.map((c) => c.vendor)));
      const country = oneOf(
        "--country",
        options.country?.toUpperCase(),
        distinct(chips.map((c) => c.country)),
      );
      const status = oneOf("--status", options.status, chipStatusSchema.options);
      const keys = sortFlag(options.sort, CHIP_SORT_FIELDS, CHIP_SORT_ALIASES);
      const rows = chips.filter(
        (c) =>
          (vendor === undefined || c.vendor === vendor) &&
          (country === undefined || c.country === country) &&
          (status === undefined || c.status === status),
      );
      printRows(io, format, sortRows(rows, keys), CHIP_COLUMNS);
    });

  program
    .command("chip")
    .description("one accelerator, every figure with its source")
    .argument("<id>", "chip id, e.g. h100-sxm")
    .option("--json", "print JSON")
    .action(async (id, options) => {
      const chip = findChip((await requireCatalog(dataDir())).chips, id);
      if (options.json === true) printJson(io, chip);
      else io.out(describeChip(chip));
    });

  program
    .command("models")
    .description("list model architectures (filter, sort, table / --json / --csv)")
    .option("--family <id>", "only this family (e.g. qwen, deepseek)")
    .option("--developer <name>", "only this developer")
    .option("--country <code>", "only models from this country (ISO code)")
    .option("--sort <spec>", "sort by fields, '-' for descending, e.g. -totalB", "id")
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .action(async (options) => {
      const format = formatOf(options);
      const models = (await requireCatalog(dataDir())).models;
      const family = oneOf("--family", options.family, distinct(models.map((m) => m.family)));
      const developer = oneOf("--developer", options.developer, distinct(models.map((m) => m.developer)));
      const country = oneOf(
        "--country",
        options.country?.toUpperCase(),
        distinct(models.map((m) => m.country)),
      );
      const keys = sortFlag(options.sort, MODEL_SORT_FIELDS, MODEL_SORT_ALIASES);
      const rows = models.filter(
        (m) =>
          (family === undefined || m.family === family) &&
          (developer === undefined || m.developer === developer) &&
          (country === undefined || m.country === country),
      );
      printRows(io, format, sortRows(rows, keys), MODEL_COLUMNS);
    });

  program
    .command("model")
    .description("one model architecture with its sources")
    .argument("<id>", "model id, e.g. llama-3.1-8b")
    .option("--json", "print JSON")
    .action(async (id, options) => {
      const model = findModel((await requireCatalog(dataDir())).models, id);
      if (options.json === true) printJson(io, model);
      else io.out(describeModel(model));
    });
}
