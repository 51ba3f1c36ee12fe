import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";
import { createStore, type Store } from "./store.js";

/** Where the embedded database lives unless told otherwise. */
export const DEFAULT_DB = "./.dualtrack/dualtrack.db";

export interface OpenStoreOptions {
  /**
   * A SQLite file path, `:memory:`, or a `postgres://` / `postgresql://` URL. Default: `DUALTRACK_DB`,
   * else {@link DEFAULT_DB}.
   */
  readonly db?: string | undefined;
  /** Apply pending migrations (default true). */
  readonly migrate?: boolean | undefined;
  readonly now?: () => Date;
}

/** Whether a `--db` value names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** The database a process should use: the option, else `DUALTRACK_DB`, else {@link DEFAULT_DB}. */
export function resolveDb(db?: string): string {
  if (db !== undefined && db !== "") return db;
  const fromEnv = process.env.DUALTRACK_DB;
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : DEFAULT_DB;
}

/**
 * A SQLite store through better-sqlite3: WAL journal, foreign keys on, a busy timeout for a second
 * process; creates the file's folder.
 */
export function openSqlite(file: string, now?: () => Date): Store {
  if (file !== ":memory:") mkdirSync(dirname(resolve(file)), { recursive: true });
  const database = new SqliteDatabase(file);
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  database.pragma("synchronous = NORMAL");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return createStore(db, now === undefined ? { dialect: "sqlite" } : { dialect: "sqlite", now });
}

/** A PostgreSQL store through a `pg` pool. */
export function openPostgres(url: string, now?: () => Date): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return createStore(db, now === undefined ? { dialect: "postgres" } : { dialect: "postgres", now });
}

/** Opens (and by default migrates) the store a `--db` value names. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const db = resolveDb(options.db);
  const store = isPostgresUrl(db) ? openPostgres(db, options.now) : openSqlite(db, options.now);
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}
