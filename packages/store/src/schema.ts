import type { ColumnType, Insertable, Selectable } from "kysely";

/**
 * The tables of the store, one definition for SQLite and PostgreSQL. Portable column types only: text
 * (ids, ISO timestamps, JSON documents), integer, bigint and double precision; no JSON operators, no
 * booleans, no database-generated values.
 */
export interface Database {
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  runs: RunsTable;
  run_results: RunResultsTable;
  notes: NotesTable;
}

/** The kinds of versioned document: simulation scenarios and procurement plans. */
export const DOCUMENT_KINDS = ["scenario", "plan"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A scenario or plan: its name and latest version; the content lives in `document_versions`. */
export interface DocumentsTable {
  id: string;
  kind: DocumentKind;
  name: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** One immutable version of a document; an edit adds a row, and runs point at the row they used. */
export interface DocumentVersionsTable {
  document_id: string;
  version: number;
  name: string;
  /** The document as JSON text. */
  body: string;
  note: string | null;
  created_at: string;
}

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_KINDS = ["simulate", "plan", "backtest"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export interface RunsTable {
  id: string;
  kind: RunKind;
  document_id: string;
  document_version: number;
  status: RunStatus;
  /** `bigint` so any uint32 seed fits; PostgreSQL hands it back as a string. */
  seed: ColumnType<number | string | bigint, number, number>;
  /** Replications asked for. */
  runs: number;
  /** Replications done so far. */
  completed: number;
  /** Run options (workers, outputs…) as JSON text. */
  options: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  elapsed_ms: number | null;
  error: string | null;
  /** The full summary of a succeeded run (per-quarter quantiles, binding links…) as JSON text. */
  summary: string | null;
}

/** Aggregated quantiles of one output in one quarter of a run. */
export interface RunResultsTable {
  run_id: string;
  output: string;
  period: string;
  /** Replications with a finite value. */
  n: number;
  /** Null when no replication gave a finite value (or the aggregate does not keep it: mean, sd). */
  mean: number | null;
  sd: number | null;
  min: number | null;
  p05: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  p95: number | null;
  max: number | null;
}

export const NOTE_KINDS = ["note", "claim"] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

/** A user's note or claim about a subject (`chip:h100-sxm`, `run:<id>`, `scenario:<id>`…). */
export interface NotesTable {
  id: string;
  kind: NoteKind;
  subject: string;
  body: string;
  source: string | null;
  verdict: string | null;
  created_at: string;
  updated_at: string;
}

export type DocumentRow = Selectable<DocumentsTable>;
export type DocumentVersionRow = Selectable<DocumentVersionsTable>;
export type RunRow = Selectable<RunsTable>;
export type NewRunRow = Insertable<RunsTable>;
export type RunResultRow = Selectable<RunResultsTable>;
export type NoteRow = Selectable<NotesTable>;
