import type { Command } from "@commander-js/extra-typings";
import { buildLedger, type ClaimResult, formatIssue, SUBJECT_KINDS, VERDICTS } from "@dualtrack/core";
import { readCatalogFiles } from "@dualtrack/runner";
import { z } from "zod";
import { CliError, type Io } from "../io.js";
import { printJson } from "./output.js";

const articleSchema = z
  .string()
  .regex(/^\d{1,3}$/, "expected a seed article number such as 000 or 3")
  .transform((a) => a.padStart(3, "0"));

/** The flags of `claims`, validated: an unknown verdict, subject or article is a usage error (exit 2). */
const flagsSchema = z.strictObject({
  verdict: z.enum(VERDICTS).optional(),
  subject: z.enum(SUBJECT_KINDS).optional(),
  article: articleSchema.optional(),
  id: z.string().min(1).optional(),
  json: z.boolean().optional(),
});
export type ClaimsFlags = z.output<typeof flagsSchema>;

/** Parses the `claims` flags; each problem names the flag and, for enums, the allowed values. */
export function parseClaimsFlags(options: unknown): ClaimsFlags {
  const result = flagsSchema.safeParse(options);
  if (result.success) return result.data;
  throw new CliError(
    result.error.issues
      .map((i) => {
        const flag = `--${String(i.path[0] ?? "")}`;
        const allowed = "values" in i && Array.isArray(i.values) ? ` (allowed: ${i.values.join(", ")})` : "";
        return `${flag}: ${i.message}${allowed}`;
      })
      .join("\n"),
  );
}

/** Keeps the rows that match every given filter. */
export function filterClaims(rows: readonly ClaimResult[], flags: ClaimsFlags): ClaimResult[] {
  return rows.filter(
    (r) =>
      (flags.verdict === undefined || r.verdict === flags.verdict) &&
      (flags.subject === undefined || r.subject.kind === flags.subject) &&
      (flags.article === undefined || r.where.article === flags.article) &&
      (flags.id === undefined || r.id === flags.id),
  );
}

/** The `--json` row: the DESIGN.md fields first, then provenance and the pinned verdict. */
function jsonRow(r: ClaimResult): Record<string, unknown> {
  return {
    id: r.id,
    claim: r.claim,
    where: r.where,
    subject: r.subject,
    verdict: r.verdict,
    reasons: r.reasons,
    source: r.source,
    quantity: r.quantity,
    refersTo: r.refersTo,
    expected: r.expected,
    note: r.note,
  };
}

function textRow(r: ClaimResult): string {
  const drift = r.verdict === r.expected ? "" : ` (recorded: ${r.expected})`;
  const reasons = [...r.reasons, ...(r.note === null ? [] : [`note: ${r.note}`])]
    .map((line) => `    ${line}`)
    .join("\n");
  return `${r.verdict.toUpperCase()}${drift}  ${r.id}  [${r.where.article} ¶${r.where.paragraph}]\n  ${r.claim}\n${reasons}\n`;
}

/** Registers `claims`: the evidence ledger of the seed articles, each claim checked and given a verdict. */
export function registerClaimsCommand(program: Command, io: Io, dataDir: () => string | undefined): void {
  program
    .command("claims")
    .description("the evidence ledger: claims of the seed articles with their verdicts and reasons")
    .option("--verdict <verdict>", `only this verdict (${VERDICTS.join(", ")})`)
    .option("--subject <kind>", `only this subject kind (${SUBJECT_KINDS.join(", ")})`)
    .option("--article <n>", "only claims of this seed article (000-003)")
    .option("--id <id>", "only the claim with this id")
    .option("--json", "print JSON")
    .action(async (options) => {
      const flags = parseClaimsFlags(options);
      const dir = dataDir();
      const read = await (dir === undefined ? readCatalogFiles() : readCatalogFiles(dir));
      const ledger = buildLedger(read.files);
      const issues = [...read.issues, ...ledger.issues];
      if (issues.length > 0) {
        const shown = issues.slice(0, 50).map(formatIssue).join("\n");
        throw new CliError(`data/ is invalid (${issues.length} issues):\n${shown}`, 1);
      }
      const rows = filterClaims(ledger.results, flags);
      if (flags.id !== undefined && rows.length === 0)
        throw new CliError(`--id: no claim '${flags.id}' (see \`dualtrack claims\`)`);
      // an article with no claims at all is a typo, not an empty answer
      const articles = [...new Set(ledger.results.map((r) => r.where.article))].sort();
      if (flags.article !== undefined && !articles.includes(flags.article))
        throw new CliError(
          `--article: no claims from article '${flags.article}' (articles: ${articles.join(", ")})`,
        );
      if (flags.json === true) {
        printJson(io, rows.map(jsonRow));
        return;
      }
      const counts = VERDICTS.map((v) => `${rows.filter((r) => r.verdict === v).length} ${v}`).join(", ");
      io.out(`${rows.map(textRow).join("\n")}\n${rows.length} claims: ${counts}\n`);
    });
}
