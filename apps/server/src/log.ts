/** One structured log record: a JSON object per line. */
export interface LogRecord {
  readonly level: "info" | "warn" | "error";
  readonly msg: string;
  readonly [key: string]: unknown;
}

export type Logger = (record: LogRecord) => void;

/** Writes each record as one JSON line with a timestamp (to stderr by default). */
export function jsonLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  return (record) => write(`${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`);
}

/** Drops every record (tests). */
export const silentLogger: Logger = () => {};
