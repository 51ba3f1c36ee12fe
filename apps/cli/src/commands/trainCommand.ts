import type { Command } from "@commander-js/extra-typings";
import { estimateTraining, STACKS, TRAINING_PRECISIONS, type TrainingEstimate } from "@dualtrack/core";
import { z } from "zod";
import { requireCatalog } from "../context.js";
import { CliError, type Io } from "../io.js";
import type { Column } from "../render/table.js";
import { findChip, findModel } from "./catalogCommands.js";
import { printJson } from "./output.js";
import {
  checkSweepAlone,
  estimated,
  flagError,
  modelAndChip,
  positiveIntFlag,
  printSweep,
  requirePerfData,
} from "./perfCommand.js";
import { sweepFlag } from "./sweepFlag.js";

const SCALE: Readonly<Record<string, number>> = { "": 1, k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };

/** A token count: a number with an optional k/M/B/T suffix or exponent (15T, 1.5e13, 300B). */
const tokensSchema = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?(e\d+)?[kmbgt]?$/i, "expected a token count such as 15T, 300B or 1.5e13")
  .transform((s) => {
    const suffix = /[kmbgt]$/i.test(s) ? (s.at(-1) ?? "").toLowerCase() : "";
    return Number(suffix === "" ? s : s.slice(0, -1)) * (SCALE[suffix] ?? 1);
  })
  .pipe(z.number().positive("expected a positive token count").max(1e18, "at most 1e18 tokens"));

const flagsSchema = z.strictObject({
  model: z.string().min(1, "give a model id").optional(),
  chip: z.string().min(1, "give a chip id").optional(),
  chips: positiveIntFlag.max(10_000_000).optional(),
  tokens: tokensSchema.optional(),
  precision: z.enum(TRAINING_PRECISIONS).default("bf16"),
  stack: z.enum(STACKS).default("pytorch"),
  seqLen: positiveIntFlag.max(10_000_000).optional(),
  tp: positiveIntFlag.max(1024).optional(),
  pp: positiveIntFlag.max(1024).optional(),
  cp: positiveIntFlag.max(1024).optional(),
  vp: positiveIntFlag.max(1024).optional(),
  zero: z.coerce
    .number({ error: "expected 0, 1, 2 or 3" })
    .pipe(
      z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { error: "expected 0, 1, 2 or 3" }),
    )
    .optional(),
  recompute: z.enum(["none", "selective", "full"]).optional(),
  microBatch: positiveIntFlag.max(4096).optional(),
  globalBatchTokens: positiveIntFlag.optional(),
  sweep: sweepFlag(["chips"] as const, "chips=1024,4096,16384").optional(),
  json: z.boolean().optional(),
});

const num = (x: number, digits = 1) =>
  x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function duration(seconds: number): string {
  if (seconds < 3600) return `${num(seconds / 60)} min`;
  if (seconds < 3 * 86_400) return `${num(seconds / 3600)} h`;
  return `${num(seconds / 86_400)} days`;
}

function renderTraining(e: TrainingEstimate): string {
  const m = e.memory;
  const p = e.parallel;
  const lines = [
    `${e.model} on ${e.chips.toLocaleString("en-US")} × ${e.chip} · ${e.stack} · ${e.precision}, ${e.tokens.toExponential(3)} tokens`,
    `  time        ${duration(e.seconds)} (band ${duration(e.band.low)}–${duration(e.band.high)})`,
    `  throughput  ${num(e.tokensPerSec, 0)} tok/s, ${num(e.tokensPerSecPerChip, 0)} per chip; MFU ${num(e.mfu * 100)}%`,
    `  compute     ${e.flopsPerToken.toExponential(3)} FLOPs/token (6·N + attention), ${e.totalFlops.toExponential(3)} in all`,
    `  layout      tp ${p.tp} · pp ${p.pp}${p.pp > 1 ? (p.vp > 1 ? ` (${p.vp} virtual stages each)` : " (not interleaved)") : ""} · cp ${p.cp} · dp ${p.dp} · ep ${p.ep} · ZeRO-${p.zero} · recompute ${p.recompute} · micro-batch ${p.microBatch} × ${p.seqLen} tokens`,
    `  batch       ${p.globalBatchTokens.toLocaleString("en-US")} tokens a step = ${num(p.microBatches)} micro-batches per data-parallel rank`,
    `  memory      ${num(m.totalGB)} of ${num(m.capacityGB)} GB per chip: weights ${num(m.weightsGB)}, gradients ${num(m.gradientsGB)}, optimizer ${num(m.optimizerGB)}, activations ${num(m.activationsGB)} → ${m.fits ? "fits" : "DOES NOT FIT"}`,
    `  comm        data-parallel ${num(e.comm.dataParallelGBPerStep)} GB/step/chip in ${num(e.comm.dataParallelSecPerStep, 2)} s vs ${num(e.comm.computeSecPerStep, 2)} s compute (exposed ${num(e.comm.exposedSecPerStep, 2)} s); pipeline bubble ${num(e.comm.pipelineBubble * 100)}%`,
    `  calibration ${e.calibrated ? "calibrated" : "NOT calibrated (wide band)"}, ${e.calibration.scope} ${e.calibration.kind}: ${e.calibration.note}`,
    ...e.warnings.map((w) => `  warning     ${w}`),
  ];
  return `${lines.join("\n")}\n`;
}

/** The table of `train --sweep chips=…`: one row per chip count. */
const SWEEP_COLUMNS: readonly Column<TrainingEstimate>[] = [
  { header: "chips", cell: (e) => e.chips, numeric: true },
  { header: "days", cell: (e) => Number(e.days.toFixed(1)), numeric: true },
  { header: "tok/s/chip", cell: (e) => Math.round(e.tokensPerSecPerChip), numeric: true },
  { header: "MFU%", cell: (e) => Number((e.mfu * 100).toFixed(1)), numeric: true },
  {
    header: "layout",
    cell: (e) => `tp${e.parallel.tp} pp${e.parallel.pp} cp${e.parallel.cp} dp${e.parallel.dp}`,
  },
  { header: "microBatches", cell: (e) => Number(e.parallel.microBatches.toFixed(1)), numeric: true },
  { header: "bubble%", cell: (e) => Number((e.comm.pipelineBubble * 100).toFixed(1)), numeric: true },
  { header: "memGB", cell: (e) => Number(e.memory.totalGB.toFixed(1)), numeric: true },
  { header: "fits", cell: (e) => (e.memory.fits ? "yes" : "no") },
];

/** Registers `train`: time and memory to train a model on N chips for T tokens (DESIGN.md contract). */
export function registerTrainCommand(program: Command, io: Io, dataDir: () => string | undefined): void {
  program
    .command("train")
    .description("estimate training a model on N chips for T tokens: time, MFU, memory per chip, layout")
    .argument("[model]", "model id (or --model)")
    .argument("[chip]", "chip id (or --chip)")
    .option("--model <id>", "model id, e.g. llama-3.1-405b")
    .option("--chip <id>", "chip id, e.g. h100-sxm")
    .option("--chips <n>", "number of chips")
    .option("--tokens <t>", "training tokens, e.g. 15T or 1.5e13")
    .option("--precision <p>", `${TRAINING_PRECISIONS.join(", ")} (default bf16)`)
    .option("--stack <s>", `software stack (${STACKS.join(", ")}; default pytorch)`)
    .option("--seq-len <n>", "sequence length (default 8192)")
    .option("--tp <n>", "tensor-parallel ranks (default: smallest layout that fits)")
    .option("--pp <n>", "pipeline stages")
    .option("--cp <n>", "context-parallel ranks splitting each sequence")
    .option(
      "--vp <n>",
      "virtual pipeline stages per pipeline rank (interleaved; default about 2 layers each)",
    )
    .option("--zero <stage>", "ZeRO stage 0-3 over data parallelism (default 1)")
    .option("--recompute <r>", "activation recomputation: none, selective, full (default selective)")
    .option("--micro-batch <n>", "sequences per micro-batch (default 1)")
    .option("--global-batch-tokens <n>", "tokens per optimizer step (default 16,777,216)")
    .option("--sweep <chips=values>", "table over chip counts, e.g. chips=1024,4096,16384")
    .option("--json", "print JSON")
    .action(async (modelArg, chipArg, options) => {
      // positional <model> <chip> as in `dualtrack perf`
      const parsed = flagsSchema.safeParse({ ...options, ...modelAndChip(modelArg, chipArg, options) });
      if (!parsed.success) throw flagError(parsed.error.issues);
      const f = parsed.data;
      checkSweepAlone(f.sweep === undefined ? undefined : "chips", options);
      if (f.model === undefined) throw new CliError("--model: give a model id (see `dualtrack models`)");
      if (f.chip === undefined) throw new CliError("--chip: give a chip id (see `dualtrack chips`)");
      const { chips, tokens } = f;
      if (chips === undefined && f.sweep === undefined)
        throw new CliError("--chips: give the number of chips (or --sweep chips=…)");
      if (tokens === undefined) throw new CliError("--tokens: give the training tokens, e.g. 15T");
      const catalog = await requireCatalog(dataDir());
      const model = findModel(catalog.models, f.model);
      const chip = findChip(catalog.chips, f.chip);
      const perf = await requirePerfData(dataDir(), catalog);
      const one = (n: number): TrainingEstimate =>
        estimated(() =>
          estimateTraining(model, chip, perf, n, tokens, {
            precision: f.precision,
            stack: f.stack,
            ...(f.seqLen === undefined ? {} : { seqLen: f.seqLen }),
            ...(f.tp === undefined ? {} : { tp: f.tp }),
            ...(f.pp === undefined ? {} : { pp: f.pp }),
            ...(f.cp === undefined ? {} : { cp: f.cp }),
            ...(f.vp === undefined ? {} : { vp: f.vp }),
            ...(f.zero === undefined ? {} : { zero: f.zero }),
            ...(f.recompute === undefined ? {} : { recompute: f.recompute }),
            ...(f.microBatch === undefined ? {} : { microBatch: f.microBatch }),
            ...(f.globalBatchTokens === undefined ? {} : { globalBatchTokens: f.globalBatchTokens }),
          }),
        );
      if (f.sweep !== undefined) {
        printSweep(
          io,
          f.sweep.values.map(one),
          f.json,
          (first) =>
            `${first.model} on ${first.chip} · ${first.stack} · ${first.precision}, ${first.tokens.toExponential(3)} tokens, sweep over chips`,
          SWEEP_COLUMNS,
        );
        return;
      }
      if (chips === undefined) throw new CliError("--chips: give the number of chips");
      const estimate = one(chips);
      if (f.json === true) printJson(io, estimate);
      else io.out(renderTraining(estimate));
    });
}
