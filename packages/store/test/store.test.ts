import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { afterAll } from "vitest";
import { createStore, type Database, openSqlite } from "../src/index.js";
import { PgliteDialect } from "./pgliteDialect.js";
import { describeStore, tickingClock } from "./storeSuite.js";

const dir = mkdtempSync(join(tmpdir(), "dualtrack-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStore("SQLite (in memory)", async () => {
  const store = openSqlite(":memory:", tickingClock());
  await store.migrate();
  return store;
});

describeStore("SQLite (file, WAL)", async () => {
  const store = openSqlite(join(dir, "nested", "dualtrack.db"), tickingClock());
  await store.migrate();
  return store;
});

describeStore("PostgreSQL (pglite)", async () => {
  const db = new Kysely<Database>({ dialect: new PgliteDialect(await PGlite.create()) });
  const store = createStore(db, { dialect: "postgres", now: tickingClock() });
  await store.migrate();
  return store;
});
