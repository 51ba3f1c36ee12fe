import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { StoreError } from "./errors.js";
import type { Database, NewRunRow, RunKind, RunResultRow, RunRow, RunStatus } from "./schema.js";

/** A run of a scenario or plan version, as the API shows it. */
export interface Run {
  readonly id: string;
  readonly kind: RunKind;
  readonly documentId: string;
  readonly documentVersion: number;
  readonly status: RunStatus;
  readonly seed: number;
  readonly runs: number;
  readonly completed: number;
  readonly options: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly elapsedMs: number | null;
  readonly error: string | null;
}

/** Aggregated quantiles of one output in one quarter (`2026Q1`). */
export interface RunResult {
  readonly output: string;
  readonly period: string;
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly min: number | null;
  readonly p05: number | null;
  readonly p25: number | null;
  readonly p50: number | null;
  readonly p75: number | null;
  readonly p95: number | null;
  readonly max: number | null;
}

export interface CreateRun {
  readonly kind: RunKind;
  readonly documentId: string;
  readonly documentVersion: number;
  readonly seed: number;
  readonly runs: number;
  readonly options?: Readonly<Record<string, unknown>> | undefined;
}

export interface RunFilter {
  readonly status?: RunStatus | undefined;
  readonly documentId?: string | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

/** The message a run gets when the process that ran it went away. */
export const INTERRUPTED = "interrupted: the server stopped before the run finished";

const run = (row: RunRow): Run => ({
  id: row.id,
  kind: row.kind,
  documentId: row.document_id,
  documentVersion: row.document_version,
  status: row.status,
  seed: Number(row.seed),
  runs: row.runs,
  completed: row.completed,
  options: JSON.parse(row.options),
  createdAt: row.created_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  elapsedMs: row.elapsed_ms,
  error: row.error,
});

const result = (row: RunResultRow): RunResult => {
  const { run_id: _runId, ...rest } = row;
  return rest;
};

const STAT_KEYS = ["mean", "sd", "min", "p05", "p25", "p50", "p75", "p95", "max"] as const;

/**
 * Runs and their results. A run moves queued → running → succeeded | failed | cancelled; each move is a
 * conditional update, so a finished run never changes again. Results are written in the same transaction
 * that marks the run succeeded: a run killed mid-way has no results at all, never some of them.
 */
export class Runs {
  readonly #db: Kysely<Database>;
  readonly #now: () => Date;

  constructor(db: Kysely<Database>, now: () => Date) {
    this.#db = db;
    this.#now = now;
  }

  /** Records a queued run of a stored document version; `not_found` when that version does not exist. */
  async create(input: CreateRun): Promise<Run> {
    if (!Number.isSafeInteger(input.seed) || input.seed < 0) {
      throw new StoreError("invalid", "seed must be a non-negative safe integer");
    }
    const found = await this.#db
      .selectFrom("document_versions")
      .select("version")
      .where("document_id", "=", input.documentId)
      .where("version", "=", input.documentVersion)
      .executeTakeFirst();
    if (found === undefined) {
      throw new StoreError("not_found", `unknown version ${input.documentVersion} of '${input.documentId}'`);
    }
    const row: NewRunRow & RunRow = {
      id: randomUUID(),
      kind: input.kind,
      document_id: input.documentId,
      document_version: input.documentVersion,
      status: "queued",
      seed: input.seed,
      runs: input.runs,
      completed: 0,
      options: JSON.stringify(input.options ?? {}),
      created_at: this.#now().toISOString(),
      started_at: null,
      finished_at: null,
      elapsed_ms: null,
      error: null,
      summary: null,
    };
    await this.#db.insertInto("runs").values(row).execute();
    return run(row);
  }

  async get(id: string): Promise<Run | undefined> {
    const row = await this.#db.selectFrom("runs").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? undefined : run(row);
  }

  /** Runs, newest first. */
  async list(filter: RunFilter = {}): Promise<Run[]> {
    let query = this.#db.selectFrom("runs").selectAll();
    if (filter.status !== undefined) query = query.where("status", "=", filter.status);
    if (filter.documentId !== undefined) query = query.where("document_id", "=", filter.documentId);
    const rows = await query
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(filter.limit ?? 100)
      .offset(filter.offset ?? 0)
      .execute();
    return rows.map(run);
  }

  /** queued → running. */
  async start(id: string): Promise<Run> {
    return this.#move(id, ["queued"], { status: "running", started_at: this.#now().toISOString() });
  }

  /** Records progress of a running run (never backwards). */
  async progress(id: string, completed: number): Promise<Run> {
    const current = await this.#require(id);
    if (current.status !== "running") {
      throw new StoreError("conflict", `run '${id}' is ${current.status}, not running`);
    }
    return this.#move(id, ["running"], { completed: Math.max(current.completed, completed) });
  }

  /**
   * running → succeeded, with the results, in one transaction: either the run is succeeded with all its
   * results, or nothing changed.
   */
  async complete(id: string, results: readonly RunResult[], summary?: unknown): Promise<Run> {
    for (const r of results) {
      for (const key of STAT_KEYS) {
        const value = r[key];
        if (value !== null && !Number.isFinite(value)) {
          throw new StoreError(
            "invalid",
            `result ${r.output} ${r.period}: ${key} is not a finite number or null`,
          );
        }
      }
    }
    return this.#db.transaction().execute(async (tx) => {
      const finished = this.#now();
      const current = await tx.selectFrom("runs").selectAll().where("id", "=", id).executeTakeFirst();
      if (current === undefined) throw new StoreError("not_found", `unknown run '${id}'`);
      if (current.status !== "running") {
        throw new StoreError("conflict", `run '${id}' is ${current.status}, not running`);
      }
      const started = current.started_at === null ? finished : new Date(current.started_at);
      const set = {
        status: "succeeded" as const,
        completed: current.runs,
        finished_at: finished.toISOString(),
        elapsed_ms: finished.getTime() - started.getTime(),
        summary: summary === undefined ? null : JSON.stringify(summary),
      };
      const moved = await tx
        .updateTable("runs")
        .set(set)
        .where("id", "=", id)
        .where("status", "=", "running")
        .executeTakeFirst();
      if (moved.numUpdatedRows !== 1n) throw new StoreError("conflict", `run '${id}' changed concurrently`);
      // Chunks keep each statement under SQLite's bound-parameter limit.
      for (let i = 0; i < results.length; i += 50) {
        const chunk = results.slice(i, i + 50).map((r) => ({ ...r, run_id: id }));
        await tx.insertInto("run_results").values(chunk).execute();
      }
      return run({ ...current, ...set });
    });
  }

  /** queued | running → failed, with the reason. */
  async fail(id: string, error: string): Promise<Run> {
    return this.#finish(id, "failed", error);
  }

  /** queued | running → cancelled. */
  async cancel(id: string): Promise<Run> {
    return this.#finish(id, "cancelled", null);
  }

  /** The stored summary of a succeeded run; undefined when there is none. */
  async summary(id: string): Promise<unknown> {
    const row = await this.#db.selectFrom("runs").select("summary").where("id", "=", id).executeTakeFirst();
    return row?.summary === null || row?.summary === undefined ? undefined : JSON.parse(row.summary);
  }

  /** The results of a run, by output then period; empty unless it succeeded. */
  async results(id: string): Promise<RunResult[]> {
    const rows = await this.#db
      .selectFrom("run_results")
      .selectAll()
      .where("run_id", "=", id)
      .orderBy("output")
      .orderBy("period")
      .execute();
    return rows.map(result);
  }

  /**
   * At start-up: every run left queued or running by a process that went away is marked failed
   * ({@link INTERRUPTED}), and any results written for it are removed, in one transaction. Returns the
   * ids it marked.
   */
  async markInterrupted(): Promise<string[]> {
    return this.#db.transaction().execute(async (tx) => {
      const stale = await tx
        .selectFrom("runs")
        .select(["id", "started_at"])
        .where("status", "in", ["queued", "running"])
        .execute();
      if (stale.length === 0) return [];
      const ids = stale.map((r) => r.id);
      await tx.deleteFrom("run_results").where("run_id", "in", ids).execute();
      await tx
        .updateTable("runs")
        .set({ status: "failed", error: INTERRUPTED, finished_at: this.#now().toISOString() })
        .where("id", "in", ids)
        .execute();
      return ids;
    });
  }

  async #require(id: string): Promise<Run> {
    const current = await this.get(id);
    if (current === undefined) throw new StoreError("not_found", `unknown run '${id}'`);
    return current;
  }

  async #finish(id: string, status: "failed" | "cancelled", error: string | null): Promise<Run> {
    const finished = this.#now();
    const current = await this.#require(id);
    const elapsed = current.startedAt === null ? null : finished.getTime() - Date.parse(current.startedAt);
    return this.#move(id, ["queued", "running"], {
      status,
      error,
      finished_at: finished.toISOString(),
      elapsed_ms: elapsed,
    });
  }

  async #move(
    id: string,
    from: readonly RunStatus[],
    set: Partial<
      Pick<RunRow, "status" | "started_at" | "finished_at" | "elapsed_ms" | "error" | "completed">
    >,
  ): Promise<Run> {
    const moved = await this.#db
      .updateTable("runs")
      .set(set)
      .where("id", "=", id)
      .where("status", "in", [...from])
      .executeTakeFirst();
    const current = await this.#require(id);
    if (moved.numUpdatedRows !== 1n) {
      throw new StoreError("conflict", `run '${id}' is ${current.status}, not ${from.join(" or ")}`);
    }
    return current;
  }
}
