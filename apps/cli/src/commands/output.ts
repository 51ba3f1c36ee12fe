import { z } from "zod";
import { CliError, type Io } from "../io.js";
import { type Column, renderCsv, renderTable } from "../render/table.js";

export type Format = "table" | "json" | "csv";

/** Picks the output format from `--json` / `--csv`; both at once is an error. */
export function formatOf(options: { json?: boolean; csv?: boolean }): Format {
  if (options.json === true && options.csv === true) throw new CliError("choose one of --json and --csv");
  return options.json === true ? "json" : options.csv === true ? "csv" : "table";
}

/** Prints one JSON document (pretty, newline-terminated). */
export function printJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows in the chosen format: JSON prints the full records, table and CSV the columns. */
export function printRows<T>(
  io: Io,
  format: Format,
  rows: readonly T[],
  columns: readonly Column<T>[],
): void {
  if (format === "json") printJson(io, rows);
  else if (format === "csv") io.out(renderCsv(rows, columns));
  else io.out(renderTable(rows, columns));
}

/**
 * Validates an option against the values that exist, so a typo gets a message naming the field and the
 * allowed values rather than an empty answer.
 */
export function oneOf(
  flag: string,
  value: string | undefined,
  allowed: readonly string[],
): string | undefined {
  if (value === undefined) return undefined;
  const result = z.enum(allowed as [string, ...string[]]).safeParse(value);
  if (!result.success) throw new CliError(`${flag}: '${value}' is not one of: ${allowed.join(", ")}`);
  return result.data;
}
