import { type Kysely, type MigrationResultSet, Migrator } from "kysely";
import { Documents } from "./documents.js";
import { migrations } from "./migrations.js";
import { Notes } from "./notes.js";
import { Runs } from "./runs.js";
import type { Database } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

/** The persistent state of dualtrack: versioned scenarios and plans, runs and results, notes. */
export interface Store {
  readonly dialect: Dialect;
  /** The query builder, for what the repositories below do not cover. */
  readonly db: Kysely<Database>;
  readonly scenarios: Documents;
  readonly plans: Documents;
  readonly runs: Runs;
  readonly notes: Notes;
  /** Applies the pending migrations; throws with the failing migration's name. */
  migrate(): Promise<void>;
  /** Marks the runs a previous process left queued or running as failed; returns their ids. */
  markInterruptedRuns(): Promise<string[]>;
  close(): Promise<void>;
}

export interface StoreOptions {
  readonly dialect: Dialect;
  /** The clock (tests pin it). */
  readonly now?: () => Date;
}

/** Applies the pending migrations to a database. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });
  const outcome = await migrator.migrateToLatest();
  if (outcome.error !== undefined) {
    const failed = outcome.results?.find((r) => r.status === "Error")?.migrationName ?? "(unknown)";
    const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    throw new Error(`migration ${failed} failed: ${reason}`);
  }
  return outcome;
}

/** Wraps a Kysely instance (of either dialect) as a {@link Store}. */
export function createStore(db: Kysely<Database>, options: StoreOptions): Store {
  const now = options.now ?? (() => new Date());
  const runs = new Runs(db, now);
  return {
    dialect: options.dialect,
    db,
    scenarios: new Documents(db, "scenario", now),
    plans: new Documents(db, "plan", now),
    runs,
    notes: new Notes(db, now),
    migrate: async () => {
      await migrateToLatest(db);
    },
    markInterruptedRuns: () => runs.markInterrupted(),
    close: () => db.destroy(),
  };
}
