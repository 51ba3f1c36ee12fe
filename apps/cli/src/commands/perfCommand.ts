import type { Command } from "@commander-js/extra-typings";
import {
  buildPerfData,
  type Catalog,
  estimateInference,
  formatIssue,
  type InferenceEstimate,
  type InferenceOptions,
  KV_PRECISIONS,
  PERF_PRECISIONS,
  type PerfData,
  PerfError,
  SERVING_MODES,
  STACKS,
  type Workload,
} from "@dualtrack/core";
import { readCatalogFiles } from "@dualtrack/runner";
import { z } from "zod";
import { requireCatalog } from "../context.js";
import { CliError, type Io } from "../io.js";
import { type Column, renderTable } from "../render/table.js";
import { findChip, findModel } from "./catalogCommands.js";
import { printJson } from "./output.js";
import { sweepFlag } from "./sweepFlag.js";

/**
 * Loads and validates `data/perf/*.yaml` against the catalog (source ids, chip and model ids), or fails
 * with every issue (exit 1): an estimate is never made from calibration data that did not validate.
 */
export async function requirePerfData(dataDir: string | undefined, catalog: Catalog): Promise<PerfData> {
  const { files, issues: readIssues } = await (dataDir === undefined
    ? readCatalogFiles()
    : readCatalogFiles(dataDir));
  const { data, issues } = buildPerfData(
    files.perf,
    catalog.sources.map((s) => s.id),
    catalog,
  );
  const all = [...readIssues.filter((i) => i.file.includes("perf")), ...issues];
  if (all.length > 0)
    throw new CliError(
      `the perf data in data/perf is invalid (${all.length} issues):\n${all.map(formatIssue).join("\n")}`,
      1,
    );
  if (files.perf.length === 0) throw new CliError("no perf data found in data/perf", 1);
  return data;
}

/**
 * "expected a number" for text that is not one; other issues (a bound exceeded) keep zod's message with
 * the bound ("Too big: expected number to be <=8") — a schema-wide message would hide it.
 */
const notANumber = (issue: { readonly code: string }): string | undefined =>
  issue.code === "invalid_type" ? "expected a number" : undefined;

/** A positive whole-number flag given as text. */
export const positiveIntFlag = z.coerce
  .number({ error: notANumber })
  .int("expected a whole number")
  .positive("expected a positive number");

/** A positive number flag given as text. */
export const positiveFlag = z.coerce.number({ error: notANumber }).positive("expected a positive number");

/** Runs an estimate; one the model cannot make from these flags (a `PerfError`) is a usage error (exit 2). */
export function estimated<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof PerfError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * Prints the estimates of a `--sweep`: the rows as a JSON array with `--json`, else a heading line
 * (`title` of the first row) and a table of `columns`.
 */
export function printSweep<T>(
  io: Io,
  rows: readonly T[],
  json: boolean | undefined,
  title: (first: T) => string,
  columns: readonly Column<T>[],
): void {
  if (json === true) {
    printJson(io, rows);
    return;
  }
  const first = rows[0];
  if (first !== undefined) io.out(`${title(first)}\n`);
  io.out(renderTable(rows, columns));
}

/**
 * The model and chip of `perf` and `train`, given as positionals (`<model> <chip>`) or as `--model` /
 * `--chip`; the same id both ways is fine, two different ids are a usage error rather than a silent pick.
 */
export function modelAndChip(
  modelArg: string | undefined,
  chipArg: string | undefined,
  options: { readonly model?: string | undefined; readonly chip?: string | undefined },
): { model: string | undefined; chip: string | undefined } {
  const one = (what: "model" | "chip", positional: string | undefined, flag: string | undefined) => {
    if (positional !== undefined && flag !== undefined && positional !== flag)
      throw new CliError(`--${what}: ${flag} conflicts with the <${what}> argument ${positional}: give one`);
    return flag ?? positional;
  };
  return { model: one("model", modelArg, options.model), chip: one("chip", chipArg, options.chip) };
}

/** A `--sweep` over a key that is also given as its own flag is a usage error: which value would win? */
export function checkSweepAlone(
  sweepKey: string | undefined,
  options: Readonly<Record<string, unknown>>,
): void {
  if (sweepKey !== undefined && options[sweepKey] !== undefined)
    throw new CliError(`--sweep ${sweepKey}=… and --${sweepKey} ${String(options[sweepKey])}: give one`);
}

/** Turns zod issues into one message per flag, named as typed (`--kv-precision`). */
export function flagError(issues: readonly z.core.$ZodIssue[]): CliError {
  const flag = (key: PropertyKey | undefined) =>
    `--${String(key ?? "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return new CliError(issues.map((i) => `${flag(i.path[0])}: ${i.message}`).join("\n"));
}

const SWEEP_KEYS = ["batch", "isl", "osl", "tp"] as const;
type SweepKey = (typeof SWEEP_KEYS)[number];

/** `--sweep batch=1,8,64`: one key and its positive integer values. */
const sweepSchema = sweepFlag(SWEEP_KEYS, "batch=1,8,64");

const flagsSchema = z
  .strictObject({
    model: z.string().min(1, "give a model id").optional(),
    chip: z.string().min(1, "give a chip id").optional(),
    precision: z.enum(PERF_PRECISIONS).default("bf16"),
    kvPrecision: z.enum(KV_PRECISIONS).optional(),
    stack: z.enum(STACKS).optional(),
    batch: positiveIntFlag.default(1),
    isl: positiveIntFlag.max(10_000_000).default(1024),
    osl: positiveIntFlag.max(10_000_000).default(1024),
    tp: positiveIntFlag.max(1024).default(1),
    pp: positiveIntFlag.max(1024).default(1),
    ep: positiveIntFlag.max(1024).default(1),
    attentionDp: positiveIntFlag.max(1024).default(1),
    replicas: positiveIntFlag.max(10_000_000).default(1),
    mode: z.enum(SERVING_MODES).default("aggregated"),
    prefillTp: positiveIntFlag.max(1024).optional(),
    prefillPp: positiveIntFlag.max(1024).optional(),
    prefillEp: positiveIntFlag.max(1024).optional(),
    prefillAttentionDp: positiveIntFlag.max(1024).optional(),
    draftTokens: positiveIntFlag.max(8).optional(),
    acceptedTokens: z.coerce.number({ error: notANumber }).min(1, "at least 1").max(9).optional(),
    overlap: z.boolean().optional(),
    powerCap: positiveFlag.max(10_000).optional(),
    electricity: positiveFlag.max(10).optional(),
    pue: z.coerce.number({ error: notANumber }).min(1, "PUE is at least 1").max(5).optional(),
    utilisation: z.coerce
      .number({ error: notANumber })
      .gt(0, "must be above 0")
      .lte(1, "at most 1")
      .optional(),
    years: positiveFlag.max(30).optional(),
    sweep: sweepSchema.optional(),
    json: z.boolean().optional(),
  })
  .refine((f) => (f.draftTokens === undefined) === (f.acceptedTokens === undefined), {
    path: ["acceptedTokens"],
    message: "give --draft-tokens and --accepted-tokens together",
  })
  .refine(
    (f) =>
      f.draftTokens === undefined || f.acceptedTokens === undefined || f.acceptedTokens <= 1 + f.draftTokens,
    {
      path: ["acceptedTokens"],
      message: "at most 1 + --draft-tokens (the regular token and every draft kept)",
    },
  )
  .refine(
    (f) =>
      f.mode === "disaggregated" ||
      [f.prefillTp, f.prefillPp, f.prefillEp, f.prefillAttentionDp].every((x) => x === undefined),
    { path: ["mode"], message: "the --prefill-* layout needs --mode disaggregated" },
  );
type Flags = z.output<typeof flagsSchema>;

/** Options of `estimateInference` from validated flags. */
function optionsOf(flags: Flags, tp: number): InferenceOptions {
  const economics = {
    ...(flags.electricity === undefined ? {} : { electricityUsdPerKwh: flags.electricity }),
    ...(flags.pue === undefined ? {} : { pue: flags.pue }),
    ...(flags.utilisation === undefined ? {} : { utilisation: flags.utilisation }),
    ...(flags.years === undefined ? {} : { amortisationYears: flags.years }),
  };
  return {
    precision: flags.precision,
    tp,
    pp: flags.pp,
    ep: flags.ep,
    attentionDp: flags.attentionDp,
    replicas: flags.replicas,
    economics,
    ...(flags.kvPrecision === undefined ? {} : { kvPrecision: flags.kvPrecision }),
    ...(flags.stack === undefined ? {} : { stack: flags.stack }),
    ...(flags.powerCap === undefined ? {} : { powerCapW: flags.powerCap }),
    ...(flags.draftTokens === undefined || flags.acceptedTokens === undefined
      ? {}
      : { speculative: { draftTokens: flags.draftTokens, acceptedTokens: flags.acceptedTokens } }),
    ...(flags.overlap === true ? { overlap: true } : {}),
  };
}

const num = (x: number | null, digits = 1) =>
  x === null
    ? "n/a"
    : x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The readable estimate: serving numbers with their band, memory, bounds, energy, cost and provenance. */
function renderEstimate(e: InferenceEstimate): string {
  const m = e.memory;
  const par = e.parallel;
  const lines = [
    `${e.model} on ${e.chip} · ${e.stack} · ${e.precision.requested} weights (GEMMs ${e.precision.compute}, KV ${e.precision.kvCache})`,
    `  layout      tp ${par.tp} · pp ${par.pp} · ep ${par.ep} · attention-dp ${par.attentionDp} · replicas ${par.replicas} = ${par.chips} chips`,
    `  workload    ${e.disaggregated === null ? "concurrency" : "decoding sequences"} ${e.workload.batch} per rank, ${e.workload.isl} in / ${e.workload.osl} out tokens, ${e.workload.mode} serving${e.workload.speculative === null ? "" : `, speculative ${e.workload.speculative.draftTokens} draft / ${e.workload.speculative.acceptedTokens} kept per step`}`,
    ...(e.disaggregated === null ? [] : disaggregatedLines(e.disaggregated)),
    `  TTFT        ${num(e.ttftMs)} ms   (band ${num(e.band.ttftMs.low)}–${num(e.band.ttftMs.high)})`,
    `  TPOT        ${num(e.tpotMs, 2)} ms   (band ${num(e.band.tpotMs.low, 2)}–${num(e.band.tpotMs.high, 2)})`,
    `  output      ${num(e.outputTokensPerSec, 0)} tok/s, ${num(e.outputTokensPerSecPerChip, 0)} per chip   (band ${num(e.band.low, 0)}–${num(e.band.high, 0)})`,
    `  memory      ${num(m.totalGB)} of ${num(m.capacityGB)} GB per chip: weights ${num(m.weightsGB)}, KV ${num(m.kvCacheGB)}, activations ${num(m.activationsGB, 2)}, reserve ${num(m.reserveGB)} → ${m.fits ? "fits" : "DOES NOT FIT"} (max concurrency ${m.maxBatch})`,
    `  bound       prefill ${e.bound.prefill}, decode ${e.bound.decode}`,
    `  energy      ${num(e.energy.joulesPerToken, 3)} J/token at the chip (${num(e.energy.wattsPerChip, 0)} W, utilisation ${num(e.energy.utilisation, 2)}); ${num(e.energy.facilityJoulesPerToken, 3)} at the meter`,
    `  cost        $${num(e.costUsdPerMTokens, 3)} per M output tokens (capex $${num(e.cost.capexUsdPerMTokens, 3)} + energy $${num(e.cost.energyUsdPerMTokens, 3)}; ${e.cost.amortisationYears} y, ${e.cost.utilisation} utilised, $${e.cost.electricityUsdPerKwh}/kWh, PUE ${e.cost.pue})`,
    `  calibration ${e.calibrated ? "calibrated" : "NOT calibrated (wide band)"}, ${e.calibration.scope} ${e.calibration.kind} (${e.calibration.entry}): ${e.calibration.note}`,
    ...e.warnings.map((w) => `  warning     ${w}`),
  ];
  return `${lines.join("\n")}\n`;
}

function disaggregatedLines(d: NonNullable<InferenceEstimate["disaggregated"]>): string[] {
  const p = d.prefillParallel;
  return [
    `  prefill     tp ${p.tp} · pp ${p.pp} · ep ${p.ep} · attention-dp ${p.attentionDp} = ${p.chipsPerInstance} chips an instance${d.prefillFits ? "" : " (DOES NOT FIT)"}: ${num(d.prefillInputTokensPerSecPerChip, 0)} prompt tok/s per chip; KV hand-over ${num(d.kvTransferMs, 2)} ms`,
    `  pools       ${num(d.prefillChipsPerDecodeChip, 3)} prefill chips per decode chip; decode pool ${num(d.decodeOutputTokensPerSecPerChip, 0)} tok/s per chip; both pools: see output per chip`,
  ];
}

/** A sweep cell's value, or empty when the layout cannot hold one sequence (maxBatch 0). */
const servable = (e: InferenceEstimate, value: number): number | null =>
  e.memory.maxBatch < 1 ? null : value;

const SWEEP_COLUMNS = (key: SweepKey): readonly Column<InferenceEstimate>[] => [
  {
    header: key,
    cell: (e) => (key === "tp" ? e.parallel.tp : e.workload[key]),
    numeric: true,
  },
  { header: "ttftMs", cell: (e) => servable(e, Number(e.ttftMs.toFixed(1))), numeric: true },
  { header: "tpotMs", cell: (e) => servable(e, Number(e.tpotMs.toFixed(2))), numeric: true },
  // a layout that cannot hold one sequence has no speed to compare: its cells stay empty (the JSON keeps
  // the as-if-unlimited figures, with fits false and a warning)
  { header: "tok/s", cell: (e) => servable(e, Math.round(e.outputTokensPerSec)), numeric: true },
  {
    header: "tok/s/chip",
    cell: (e) => servable(e, Math.round(e.outputTokensPerSecPerChip)),
    numeric: true,
  },
  { header: "memGB", cell: (e) => Number(e.memory.totalGB.toFixed(1)), numeric: true },
  { header: "fits", cell: (e) => (e.memory.fits ? "yes" : e.memory.maxBatch < 1 ? "none" : "no") },
  { header: "decode", cell: (e) => e.bound.decode },
  {
    header: "J/tok",
    cell: (e) =>
      e.energy.joulesPerToken === null ? null : servable(e, Number(e.energy.joulesPerToken.toFixed(3))),
    numeric: true,
  },
  {
    header: "$/Mtok",
    cell: (e) => (e.costUsdPerMTokens === null ? null : servable(e, Number(e.costUsdPerMTokens.toFixed(3)))),
    numeric: true,
  },
];

/** Registers `perf`: inference estimate of a model on a chip (DESIGN.md CLI contract). */
export function registerPerfCommand(program: Command, io: Io, dataDir: () => string | undefined): void {
  program
    .command("perf")
    .description(
      "estimate serving a model on a chip: TTFT, TPOT, tokens/s, memory, energy and cost, with a band",
    )
    .argument("[model]", "model id (or --model)")
    .argument("[chip]", "chip id (or --chip)")
    .option("--model <id>", "model id, e.g. llama-3.1-70b")
    .option("--chip <id>", "chip id, e.g. h100-sxm")
    .option("--precision <p>", `weight precision (${PERF_PRECISIONS.join(", ")})`)
    .option("--kv-precision <p>", `KV-cache precision (${KV_PRECISIONS.join(", ")}; default: the stack's)`)
    .option("--stack <s>", `serving stack (${STACKS.join(", ")}; default trtllm on NVIDIA, else vllm)`)
    .option("--batch <n>", "concurrent requests per attention rank (default 1)")
    .option("--isl <n>", "input (prompt) tokens per request (default 1024)")
    .option("--osl <n>", "output tokens per request (default 1024)")
    .option("--tp <n>", "tensor-parallel ranks (default 1)")
    .option("--pp <n>", "pipeline stages (default 1)")
    .option("--ep <n>", "expert-parallel ranks for MoE models (default 1)")
    .option("--attention-dp <n>", "attention data-parallel ranks sharing the experts (default 1)")
    .option("--replicas <n>", "independent copies of the instance (default 1)")
    .option(
      "--mode <m>",
      "aggregated (prefill and decode on the same chips, default) or disaggregated (separate pools; --batch = decoding sequences per rank)",
    )
    .option("--prefill-tp <n>", "disaggregated: prefill instance tensor-parallel ranks (default: --tp)")
    .option("--prefill-pp <n>", "disaggregated: prefill instance pipeline stages (default: --pp)")
    .option("--prefill-ep <n>", "disaggregated: prefill instance expert-parallel ranks (default: --ep)")
    .option(
      "--prefill-attention-dp <n>",
      "disaggregated: prefill instance attention data-parallel ranks (default: --attention-dp)",
    )
    .option("--draft-tokens <n>", "speculative decoding (MTP): draft tokens per step, 1–8")
    .option("--accepted-tokens <x>", "speculative decoding: tokens kept per step on average, 1 to 1 + draft")
    .option("--overlap", "overlap collectives with compute (two interleaved micro-batches)")
    .option("--power-cap <watts>", "power cap per chip, W")
    .option("--electricity <usdPerKwh>", "electricity price, USD per kWh (default data/perf/economics.yaml)")
    .option("--pue <x>", "power usage effectiveness of the facility")
    .option("--utilisation <u>", "share of the hours the fleet serves at this point, 0–1")
    .option("--years <n>", "amortisation period of the chip price, years")
    .option("--sweep <key=values>", `table over one of ${SWEEP_KEYS.join(", ")}, e.g. batch=1,8,64,256`)
    .option("--json", "print JSON")
    .action(async (modelArg, chipArg, options) => {
      const parsed = flagsSchema.safeParse({ ...options, ...modelAndChip(modelArg, chipArg, options) });
      if (!parsed.success) throw flagError(parsed.error.issues);
      const flags = parsed.data;
      checkSweepAlone(flags.sweep?.key, options);
      if (flags.model === undefined) throw new CliError("--model: give a model id (see `dualtrack models`)");
      if (flags.chip === undefined) throw new CliError("--chip: give a chip id (see `dualtrack chips`)");
      const catalog = await requireCatalog(dataDir());
      const model = findModel(catalog.models, flags.model);
      const chip = findChip(catalog.chips, flags.chip);
      const perf = await requirePerfData(dataDir(), catalog);
      const one = (over: Partial<Record<SweepKey, number>>): InferenceEstimate => {
        const workload: Workload = {
          batch: over.batch ?? flags.batch,
          isl: over.isl ?? flags.isl,
          osl: over.osl ?? flags.osl,
          mode: flags.mode,
          ...(flags.mode === "disaggregated"
            ? {
                prefill: {
                  tp: flags.prefillTp,
                  pp: flags.prefillPp,
                  ep: flags.prefillEp,
                  attentionDp: flags.prefillAttentionDp,
                },
              }
            : {}),
        };
        return estimated(() =>
          estimateInference(model, chip, perf, optionsOf(flags, over.tp ?? flags.tp), workload),
        );
      };
      if (flags.sweep !== undefined) {
        const { key, values } = flags.sweep;
        printSweep(
          io,
          values.map((v) => one({ [key]: v })),
          flags.json,
          (first) =>
            `${first.model} on ${first.chip} · ${first.stack} · ${first.precision.requested}, sweep over ${key}`,
          SWEEP_COLUMNS(key),
        );
        return;
      }
      const estimate = one({});
      if (flags.json === true) printJson(io, estimate);
      else io.out(renderEstimate(estimate));
    });
}
