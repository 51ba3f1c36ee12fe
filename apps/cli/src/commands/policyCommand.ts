import type { Command } from "@commander-js/extra-typings";
import {
  allowedChips,
  allowedRow,
  CHINA_STANCES,
  CHINA_STATUSES,
  type Chip,
  END_USES,
  isoDateSchema,
  REVIEWS,
  ruleStanding,
  thresholdsAt,
} from "@dualtrack/core";
import { z } from "zod";
import { requireCatalog } from "../context.js";
import { CliError, type Io } from "../io.js";
import { countrySchema, requirePolicies } from "./classifyCommand.js";
import { printJson } from "./output.js";

const flagsSchema = z.strictObject({
  date: isoDateSchema.optional(),
  jurisdiction: z.enum(["US", "CN"]).optional(),
  thresholds: z.boolean().optional(),
  json: z.boolean().optional(),
});

function parseFlags(options: unknown): z.output<typeof flagsSchema> {
  const upper = { ...(options as Record<string, unknown>) };
  if (typeof upper.jurisdiction === "string") upper.jurisdiction = upper.jurisdiction.toUpperCase();
  const result = flagsSchema.safeParse(upper);
  if (result.success) return result.data;
  throw new CliError(result.error.issues.map((i) => `--${String(i.path[0] ?? "")}: ${i.message}`).join("\n"));
}

const allowedFlagsSchema = z.strictObject({
  date: isoDateSchema.optional(),
  to: countrySchema.default("CN"),
  buyerHq: countrySchema.optional(),
  endUse: z.enum(END_USES).optional(),
  china: z.enum(CHINA_STANCES).default("strict"),
  maxReview: z.enum(REVIEWS).default("notification"),
  maxChina: z.enum(CHINA_STATUSES).default("conditional"),
  unlaunched: z.boolean().optional(),
  json: z.boolean().optional(),
});

function parseAllowedFlags(options: unknown): z.output<typeof allowedFlagsSchema> {
  const result = allowedFlagsSchema.safeParse(options);
  if (result.success) return result.data;
  const flag = (key: PropertyKey | undefined) =>
    `--${String(key ?? "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new CliError(result.error.issues.map((i) => `${flag(i.path[0])}: ${i.message}`).join("\n"));
}

/**
 * Whether a chip was on the market by `date`: its (partial) launch date compared with the date cut to
 * the same precision, so a chip launched "2024" counts from 2024-01-01.
 */
function launchedBy(chip: Chip, date: string): boolean {
  return chip.launched <= date.slice(0, chip.launched.length);
}

/**
 * Registers `allowed`: the chips that may reach `--to` on `--date` — US review at most `--max-review`
 * (default notification: no licence) and, for China, import status at most `--max-china` (default
 * conditional) — each with its ECCN, review, China status, conditions and the rule ids behind them.
 */
function registerAllowedCommand(program: Command, io: Io, dataDir: () => string | undefined): void {
  program
    .command("allowed")
    .description("list the chips that may reach a destination on a date, with the terms and rules")
    .option("--date <YYYY-MM-DD>", "date of the export (default: today)")
    .option("--to <code>", "destination country, ISO code", "CN")
    .option("--buyer-hq <code>", "where the buyer or its ultimate parent is headquartered (default: --to)")
    .option("--end-use <use>", `end use (${END_USES.join(", ")})`)
    .option(
      "--china <stance>",
      `reading of China's reported import gates (${CHINA_STANCES.join(", ")})`,
      "strict",
    )
    .option(
      "--max-review <review>",
      `most restrictive US review accepted (${REVIEWS.join(", ")})`,
      "notification",
    )
    .option(
      "--max-china <status>",
      `most restrictive China status accepted (${CHINA_STATUSES.join(", ")})`,
      "conditional",
    )
    .option("--unlaunched", "include chips launched after --date")
    .option("--json", "print JSON")
    .action(async (options) => {
      const flags = parseAllowedFlags(options);
      const catalog = await requireCatalog(dataDir());
      const rules = await requirePolicies(dataDir(), new Set(catalog.sources.map((s) => s.id)));
      const date = flags.date ?? new Date().toISOString().slice(0, 10);
      const buyerHq = flags.buyerHq ?? flags.to;
      const chips = catalog.chips.filter((c) => flags.unlaunched === true || launchedBy(c, date));
      const allowed = allowedChips(chips, rules, {
        date,
        to: flags.to,
        buyerHq,
        chinaStance: flags.china,
        maxReview: flags.maxReview,
        maxChina: flags.maxChina,
        ...(flags.endUse === undefined ? {} : { endUse: flags.endUse }),
      });
      const byId = new Map(chips.map((c) => [c.id, c]));
      const rows = allowed.flatMap(({ chip, result }) => {
        const c = byId.get(chip);
        return c === undefined ? [] : [allowedRow(c, result)];
      });
      const doc = {
        date,
        to: flags.to,
        buyerHq,
        chinaStance: flags.china,
        maxReview: flags.maxReview,
        maxChina: flags.maxChina,
        considered: chips.length,
        chips: rows,
      };
      if (flags.json === true) {
        printJson(io, doc);
        return;
      }
      const lines = rows.map((r) => {
        const terms = r.conditions.map((c) => `${c.kind}${c.percent === undefined ? "" : ` ${c.percent}%`}`);
        const extra = terms.length === 0 ? "" : `; ${[...new Set(terms)].join(", ")}`;
        // an unknown TPP or die area: the chip passes on what is known only (JSON: unevaluated, conditional)
        const unknown =
          r.unevaluated.length === 0
            ? ""
            : `; NOT EVALUABLE (${r.unevaluated.join(", ")}): passes on what is known only, see classify ${r.chip}`;
        return `  ${r.chip.padEnd(20)} ${r.eccn.padEnd(8)} US ${r.review}${r.domesticSale ? " (domestic sale)" : ""}; China ${r.chinaStatus}${extra}${unknown}`;
      });
      io.out(
        `${rows.length} of ${chips.length} chips may reach ${flags.to} on ${date} (buyer HQ ${buyerHq}; US review ≤ ${flags.maxReview}, China ≤ ${flags.maxChina})\n${lines.join("\n")}\n`,
      );
    });
}

/**
 * Registers `policies`: the rules of data/policies with their standing on a date (in force, future,
 * ended, not enforced), or with `--thresholds` the numeric thresholds in force on that date. Also
 * registers `allowed` (which chips may reach a destination on a date), the engine's other listing.
 */
export function registerPolicyCommand(program: Command, io: Io, dataDir: () => string | undefined): void {
  registerAllowedCommand(program, io, dataDir);
  program
    .command("policies")
    .description("list the export-control and import rules and where each stands on a date")
    .option("--date <YYYY-MM-DD>", "date to evaluate standings on (default: today)")
    .option("--jurisdiction <US|CN>", "only the rules of one jurisdiction")
    .option("--thresholds", "list the numeric thresholds in force on the date instead")
    .option("--json", "print JSON")
    .action(async (options) => {
      const flags = parseFlags(options);
      const catalog = await requireCatalog(dataDir());
      const all = await requirePolicies(dataDir(), new Set(catalog.sources.map((s) => s.id)));
      const rules = all.filter(
        (r) => flags.jurisdiction === undefined || r.jurisdiction === flags.jurisdiction,
      );
      const date = flags.date ?? new Date().toISOString().slice(0, 10);
      if (flags.thresholds === true) {
        const rows = thresholdsAt(rules, date);
        if (flags.json === true) printJson(io, { date, thresholds: rows });
        else {
          const ops = { gte: "≥", gt: ">", lt: "<", lte: "≤" } as const;
          const lines = rows.map(
            (t) => `  ${t.rule.padEnd(34)} ${t.negated ? "not " : ""}${t.metric} ${ops[t.op]} ${t.value}`,
          );
          io.out(`thresholds in force on ${date}\n${lines.join("\n")}\n`);
        }
        return;
      }
      const rows = rules.map((r) => {
        const s = ruleStanding(r, date);
        return {
          id: r.id,
          jurisdiction: r.jurisdiction,
          kind: r.kind,
          title: r.title,
          effective: r.effective,
          ends: r.ends ?? null,
          status: r.status,
          standing: s.phase,
          confidence: r.confidence ?? "vendor",
          source: r.source,
        };
      });
      if (flags.json === true) printJson(io, { date, rules: rows });
      else {
        const lines = rows.map(
          (r) => `  ${r.effective}  ${r.standing.padEnd(12)} ${r.jurisdiction} ${r.id.padEnd(44)} ${r.title}`,
        );
        io.out(`${rows.length} rules, standing on ${date}\n${lines.join("\n")}\n`);
      }
    });
}
