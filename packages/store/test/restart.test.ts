import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, test } from "vitest";
import { INTERRUPTED, openSqlite, openStore } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "dualtrack-restart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A process that holds the run's completion transaction open — results inserted, run marked succeeded —
 * and is killed (SIGKILL) before it commits: the crash that must not leave half-written results.
 */
const CRASH_MID_COMMIT = `
import Database from "better-sqlite3";
const db = new Database(process.env.DB_FILE);
db.pragma("journal_mode = WAL");
db.exec("BEGIN");
const insert = db.prepare("INSERT INTO run_results VALUES (?, ?, '2026Q1', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0)");
for (let i = 0; i < 500; i++) insert.run(process.env.RUN_ID, "o" + i);
db.prepare("UPDATE runs SET status = 'succeeded' WHERE id = ?").run(process.env.RUN_ID);
process.kill(process.pid, "SIGKILL");
`;

describe("restart after a crash", () => {
  test("a run whose process was killed mid-commit comes back failed, with no results and an intact file", async () => {
    const file = join(dir, "crash.db");
    const before = openSqlite(file);
    await before.migrate();
    await before.scenarios.create({ id: "s", name: "S", body: { demand: 1 } });
    const run = await before.runs.create({
      kind: "simulate",
      documentId: "s",
      documentVersion: 1,
      seed: 3,
      runs: 9,
    });
    await before.runs.start(run.id);
    await before.runs.progress(run.id, 4);
    await before.close();

    const child = spawnSync(process.execPath, ["--input-type=module", "-e", CRASH_MID_COMMIT], {
      cwd: process.cwd(),
      env: { ...process.env, DB_FILE: file, RUN_ID: run.id },
      encoding: "utf8",
    });
    expect(child.signal).toBe("SIGKILL");

    const after = await openStore({ db: file });
    try {
      expect(await after.markInterruptedRuns()).toEqual([run.id]);
      expect(await after.runs.get(run.id)).toMatchObject({
        status: "failed",
        error: INTERRUPTED,
        completed: 4,
      });
      expect(await after.runs.results(run.id)).toEqual([]);
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(after.db);
      expect(check.rows).toEqual([{ integrity_check: "ok" }]);
      expect((await after.scenarios.get("s"))?.body).toEqual({ demand: 1 });
    } finally {
      await after.close();
    }
  });

  test("openStore() creates the folder, migrates once, and keeps data across reopenings", async () => {
    const file = join(dir, "a", "b", "dualtrack.db");
    const first = await openStore({ db: file });
    await first.notes.create({ kind: "note", subject: "chip:x", body: "kept" });
    await first.close();
    const second = await openStore({ db: file });
    try {
      expect((await second.notes.list()).map((n) => n.body)).toEqual(["kept"]);
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(second.db);
      expect(mode.rows[0]?.journal_mode).toBe("wal");
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(second.db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
    } finally {
      await second.close();
    }
  });
});

describe("resolveDb", () => {
  test("resolveDb() prefers the option, then DUALTRACK_DB, then ./.dualtrack/dualtrack.db", async () => {
    const { resolveDb, isPostgresUrl, DEFAULT_DB } = await import("../src/index.js");
    const saved = process.env.DUALTRACK_DB;
    try {
      delete process.env.DUALTRACK_DB;
      expect(resolveDb()).toBe(DEFAULT_DB);
      expect(DEFAULT_DB).toBe("./.dualtrack/dualtrack.db");
      process.env.DUALTRACK_DB = "postgres://u@h/db";
      expect(resolveDb()).toBe("postgres://u@h/db");
      expect(resolveDb("x.db")).toBe("x.db");
    } finally {
      if (saved === undefined) delete process.env.DUALTRACK_DB;
      else process.env.DUALTRACK_DB = saved;
    }
    expect(isPostgresUrl("postgresql://h/db")).toBe(true);
    expect(isPostgresUrl("POSTGRES://h/db")).toBe(true);
    expect(isPostgresUrl("./postgres.db")).toBe(false);
  });
});
