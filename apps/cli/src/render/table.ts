/** A column of a text table or CSV: its header and how to read a row's cell. */
export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => string | number | boolean | null | undefined;
  /** Right-align (numbers). */
  readonly numeric?: boolean;
}

function text(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number")
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return String(value);
}

/** Renders rows as an aligned plain-text table; empty cells stay blank (unknown, never zero). */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => text(c.cell(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (columns[i]?.numeric === true ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const header = line(columns.map((c) => c.header));
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return `${[header, rule, ...cells.map(line)].join("\n")}\n`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Renders rows as RFC 4180 CSV with a header line. */
export function renderCsv<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const lines = [
    columns.map((c) => csvField(c.header)),
    ...rows.map((row) => columns.map((c) => csvField(text(c.cell(row))))),
  ];
  return `${lines.map((l) => l.join(",")).join("\r\n")}\r\n`;
}
