export type {
  CreateDocument,
  DocumentSummary,
  DocumentVersion,
  Page,
  UpdateDocument,
  VersionInfo,
} from "./documents.js";
export { Documents } from "./documents.js";
export type { StoreErrorCode } from "./errors.js";
export { isUniqueViolation, StoreError } from "./errors.js";
export { migrations } from "./migrations.js";
export type { CreateNote, Note, UpdateNote } from "./notes.js";
export { Notes } from "./notes.js";
export type { OpenStoreOptions } from "./openStore.js";
export { DEFAULT_DB, isPostgresUrl, openPostgres, openSqlite, openStore, resolveDb } from "./openStore.js";
export type { CreateRun, Run, RunFilter, RunResult } from "./runs.js";
export { INTERRUPTED, Runs } from "./runs.js";
export type { Database, DocumentKind, NoteKind, RunKind, RunStatus } from "./schema.js";
export { DOCUMENT_KINDS, NOTE_KINDS, RUN_KINDS, RUN_STATUSES } from "./schema.js";
export type { Dialect, Store, StoreOptions } from "./store.js";
export { createStore, migrateToLatest } from "./store.js";
