import type { Command } from "@commander-js/extra-typings";
import {
  buildPolicies,
  CHINA_STANCES,
  type ClassifyResult,
  classify,
  END_USES,
  formatIssue,
  isoDateSchema,
  type Rule,
  type TimelineEntry,
  timeline,
  type VerdictCondition,
} from "@dualtrack/core";
import { readCatalogFiles } from "@dualtrack/runner";
import { z } from "zod";
import { requireCatalog } from "../context.js";
import { CliError, type Io } from "../io.js";
import { findChip } from "./catalogCommands.js";
import { printJson } from "./output.js";

/** An ISO 3166-1 alpha-2 country flag, upper-cased. */
export const countrySchema = z
  .string()
  .transform((c) => c.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 country code such as CN or US"));

/** The flags of `classify`, validated: a bad date or country is a usage error (exit 2). */
const flagsSchema = z.strictObject({
  date: isoDateSchema.optional(),
  to: countrySchema.default("CN"),
  buyerHq: countrySchema.optional(),
  endUse: z.enum(END_USES).optional(),
  china: z.enum(CHINA_STANCES).default("strict"),
  timeline: z.boolean().optional(),
  json: z.boolean().optional(),
});
type Flags = z.output<typeof flagsSchema>;

function parseFlags(options: unknown): Flags {
  const result = flagsSchema.safeParse(options);
  if (result.success) return result.data;
  const flag = (key: PropertyKey | undefined) =>
    `--${String(key ?? "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new CliError(result.error.issues.map((i) => `${flag(i.path[0])}: ${i.message}`).join("\n"));
}

/** Today as YYYY-MM-DD (UTC), the default `--date`. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Loads and validates `data/policies/*.yaml` against the catalog's source ids, or fails with every issue
 * (exit 1): a verdict is never given from rules that did not validate.
 */
export async function requirePolicies(
  dataDir: string | undefined,
  sourceIds: ReadonlySet<string>,
): Promise<Rule[]> {
  const { files, issues: readIssues } = await (dataDir === undefined
    ? readCatalogFiles()
    : readCatalogFiles(dataDir));
  const { rules, issues } = buildPolicies(files.policies, sourceIds);
  const all = [...readIssues.filter((i) => i.file.includes("policies")), ...issues];
  if (all.length > 0) {
    throw new CliError(
      `the policies in data/policies are invalid (${all.length} issues):\n${all.map(formatIssue).join("\n")}`,
      1,
    );
  }
  if (rules.length === 0) throw new CliError("no policy rules found in data/policies", 1);
  return rules;
}

function describeCondition(c: VerdictCondition): string {
  const when = c.when === undefined ? "" : ` [only if: ${c.when}]`;
  return `${c.kind}: ${c.text}${when} (${c.rule})`;
}

function describeUs(r: ClassifyResult): string {
  if (r.us.domesticSale)
    return `no licence required — domestic sale, not an export (by parameters: ${r.us.reviewByParameters.replaceAll("-", " ")})`;
  if (r.us.licenseRequired) return `licence required — ${r.us.review.replaceAll("-", " ")}`;
  return r.us.review === "notification"
    ? "no licence; prior notification to BIS (License Exception NAC)"
    : "no licence required";
}

/** The readable verdict: a few aligned lines, then the numbered explanation. */
function renderResult(chipName: string, r: ClassifyResult): string {
  const num = (x: number | null, digits: number) =>
    x === null ? "unknown" : x.toLocaleString("en-US", { maximumFractionDigits: digits });
  const tier = r.eccn === "none" ? "none" : `${r.eccn} (${r.paragraphs.join(", ")})`;
  const open = r.unevaluated.length === 0 ? "" : `; not evaluable: ${r.unevaluated.join(", ")}`;
  const lines = [
    `${chipName} (${r.chip}) → ${r.to} on ${r.date}, buyer HQ ${r.buyerHq}${r.endUse === null ? "" : `, end use ${r.endUse}`}`,
    `  ECCN        ${tier}   TPP ${num(r.tpp, 1)}, PD ${num(r.pd, 2)}${open}`,
    `  US          ${describeUs(r)}${r.us.rules.length === 0 ? "" : `   [${r.us.rules.join(", ")}]`}`,
    ...r.us.conditions.map((c) => `              · ${describeCondition(c)}`),
    `  China       ${r.china.status}${r.china.confidence === null ? "" : ` (${r.china.confidence})`}${r.china.rules.length === 0 ? "" : `   [${r.china.rules.join(", ")}]`}`,
    ...r.china.conditions.map((c) => `              · ${describeCondition(c)}`),
    `  EAR reach   ${r.ear.reach} (designed in ${r.ear.designedIn})${r.ear.rules.length === 0 ? "" : `   [${r.ear.rules.join(", ")}]`}`,
    "",
    "Explanation",
    ...r.explanation.map((line, i) => `${String(i + 1).padStart(3)}. ${line}`),
  ];
  // The sources of the rules the verdict rests on; every rule considered is in the --json `sources`.
  const applied = [...new Set([...r.us.rules, ...r.china.rules, ...r.ear.rules])];
  if (applied.length > 0)
    lines.push(
      "",
      "Sources (data/sources.yaml)",
      ...applied.map((id) => `  ${id}: ${(r.sources[id] ?? []).join(", ")}`),
    );
  return `${lines.join("\n")}\n`;
}

function renderTimeline(
  chipName: string,
  chipId: string,
  to: string,
  buyerHq: string,
  entries: readonly TimelineEntry[],
): string {
  const lines = [`${chipName} (${chipId}) → ${to}, buyer HQ ${buyerHq}: status changes`];
  for (const e of entries) {
    const added = e.rulesAdded.length === 0 ? "" : `   +${e.rulesAdded.join(" +")}`;
    const dropped = e.rulesDropped.length === 0 ? "" : `   −${e.rulesDropped.join(" −")}`;
    lines.push(`  ${e.date}  ${e.summary}${added}${dropped}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Registers `classify <chip>`: export-control verdict for one chip, date and destination, or its timeline. */
export function registerClassifyCommand(program: Command, io: Io, dataDir: () => string | undefined): void {
  program
    .command("classify")
    .description("export-control verdict (ECCN, US licence, China's gates) for a chip, date and destination")
    .argument("<chip>", "chip id, e.g. h20")
    .option("--date <YYYY-MM-DD>", "date of the export (default: today)")
    .option("--to <code>", "destination country, ISO code", "CN")
    .option("--buyer-hq <code>", "where the buyer or its ultimate parent is headquartered (default: --to)")
    .option("--end-use <use>", `end use (${END_USES.join(", ")})`)
    .option(
      "--china <stance>",
      `reading of China's reported import gates (${CHINA_STANCES.join(", ")})`,
      "strict",
    )
    .option("--timeline", "list the status changes over 2022–2026 instead")
    .option("--json", "print JSON")
    .action(async (chipId, options) => {
      const flags = parseFlags(options);
      const catalog = await requireCatalog(dataDir());
      const chip = findChip(catalog.chips, chipId);
      const rules = await requirePolicies(dataDir(), new Set(catalog.sources.map((s) => s.id)));
      const buyerHq = flags.buyerHq ?? flags.to;
      const extra = {
        chinaStance: flags.china,
        ...(flags.endUse === undefined ? {} : { endUse: flags.endUse }),
      };
      if (flags.timeline === true) {
        if (flags.date !== undefined)
          throw new CliError("--date: the --timeline lists every change date; give one or the other");
        const entries = timeline(chip, rules, flags.to, { buyerHq, ...extra });
        if (flags.json === true)
          printJson(io, { chip: chip.id, to: flags.to, buyerHq, chinaStance: flags.china, entries });
        else io.out(renderTimeline(chip.name, chip.id, flags.to, buyerHq, entries));
        return;
      }
      const result = classify(chip, rules, { date: flags.date ?? today(), to: flags.to, buyerHq, ...extra });
      if (flags.json === true) printJson(io, result);
      else io.out(renderResult(chip.name, result));
    });
}
