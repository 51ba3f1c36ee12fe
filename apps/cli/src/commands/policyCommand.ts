import type { Command } from "@commander-js/extra-typings";
import { isoDateSchema, ruleStanding, thresholdsAt } from "@dualtrack/core";
import { z } from "zod";
import { requireCatalog } from "../context.js";
import { CliError, type Io } from "../io.js";
import { requirePolicies } from "./classifyCommand.js";
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

/**
 * Registers `policies`: the rules of data/policies with their standing on a date (in force, future,
 * ended, not enforced), or with `--thresholds` the numeric thresholds in force on that date.
 */
export function registerPolicyCommand(program: Command, io: Io, dataDir: () => string | undefined): void {
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
