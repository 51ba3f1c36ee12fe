import type { Run, RunResult, Store } from "@dualtrack/store";
import type { Logger } from "./log.js";

/** What an executor gets: the stored run, the document version it runs, and a way to stop and report. */
export interface RunJob {
  readonly run: Run;
  /** The content of the scenario (or plan) version the run points at. */
  readonly document: unknown;
  /** Aborted when the run is cancelled or the server stops; the executor should stop soon after. */
  readonly signal: AbortSignal;
  /** Replications completed so far (monotone). */
  readonly onProgress: (completed: number) => void;
}

/** A finished run: the per-output, per-quarter quantiles and the full summary to keep. */
export interface RunOutcome {
  readonly results: readonly RunResult[];
  readonly summary: unknown;
}

/** Runs one job to completion (in the worker pool, or in process). Rejects on failure or abort. */
export type RunExecutor = (job: RunJob) => Promise<RunOutcome>;

/** A change to a run, as `GET /api/runs/{id}/events` streams it. */
export interface RunEvent {
  readonly type: "progress" | "status";
  readonly run: Run;
}

export interface RunQueueOptions {
  /** Runs allowed to wait (not counting the ones executing); one more is refused (HTTP 429). */
  readonly maxQueued: number;
  /** Runs executing at once; each may use the whole worker pool, so 1 by default. */
  readonly concurrency?: number;
  /** Minimum time between two progress writes to the store (events go out at every report). */
  readonly progressWriteMs?: number;
  readonly logger: Logger;
}

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

/** Whether a run has reached a status it never leaves. */
export const isFinished = (run: Run): boolean => TERMINAL.has(run.status);

interface Waiting {
  readonly run: Run;
  readonly document: unknown;
}

/**
 * The background jobs of the server: a FIFO of queued runs executed `concurrency` at a time. The store is
 * the record (every status change is written before it is announced); the queue only holds what this
 * process is doing, so a restart finds the runs it left behind queued or running and marks them failed.
 */
export class RunQueue {
  readonly #store: Store;
  readonly #executor: RunExecutor;
  readonly #options: Required<RunQueueOptions>;
  readonly #waiting: Waiting[] = [];
  readonly #active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  readonly #listeners = new Map<string, Set<(event: RunEvent) => void>>();
  #closed = false;
  #idle: (() => void)[] = [];

  constructor(store: Store, executor: RunExecutor, options: RunQueueOptions) {
    this.#store = store;
    this.#executor = executor;
    this.#options = { concurrency: 1, progressWriteMs: 250, ...options };
  }

  /** Whether one more run would exceed the queue's limit. */
  get full(): boolean {
    return this.#closed || this.#waiting.length >= this.#options.maxQueued;
  }

  /** Runs waiting and executing. */
  get size(): { waiting: number; active: number } {
    return { waiting: this.#waiting.length, active: this.#active.size };
  }

  /** Queues a stored (queued) run; the caller checked {@link full}. */
  enqueue(run: Run, document: unknown): void {
    this.#waiting.push({ run, document });
    this.#pump();
  }

  /** Listens to one run's changes until it finishes; returns the function that stops listening. */
  subscribe(id: string, listener: (event: RunEvent) => void): () => void {
    let set = this.#listeners.get(id);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(id, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(id);
    };
  }

  /**
   * Cancels a queued or executing run and returns it as stored afterwards. An executing run is aborted and
   * recorded cancelled once its executor has stopped, so no results are written after a cancel.
   */
  async cancel(id: string): Promise<Run> {
    const index = this.#waiting.findIndex((w) => w.run.id === id);
    if (index >= 0) {
      this.#waiting.splice(index, 1);
      const run = await this.#store.runs.cancel(id);
      this.#emit({ type: "status", run });
      this.#settle();
      return run;
    }
    const active = this.#active.get(id);
    if (active !== undefined) {
      active.controller.abort(new Error("cancelled"));
      await active.done;
      const run = await this.#store.runs.get(id);
      if (run !== undefined) return run;
    }
    // Not ours (another process, or already finished): the store decides (conflict when finished).
    const run = await this.#store.runs.cancel(id);
    this.#emit({ type: "status", run });
    return run;
  }

  /** Resolves when nothing is waiting or executing. */
  idle(): Promise<void> {
    if (this.#waiting.length === 0 && this.#active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /**
   * Stops: refuses new runs, aborts the executing ones and records them and the waiting ones failed as
   * interrupted (what a restart would do), then waits for the executors to return.
   */
  async close(reason = "interrupted: the server stopped before the run finished"): Promise<void> {
    this.#closed = true;
    const waiting = this.#waiting.splice(0);
    for (const w of waiting) {
      const run = await this.#store.runs.fail(w.run.id, reason).catch(() => undefined);
      if (run !== undefined) this.#emit({ type: "status", run });
    }
    const active = [...this.#active.entries()];
    for (const [, job] of active) job.controller.abort(new Error(reason));
    await Promise.all(active.map(([, job]) => job.done));
    this.#settle();
  }

  #emit(event: RunEvent): void {
    const set = this.#listeners.get(event.run.id);
    if (set === undefined) return;
    for (const listener of [...set]) listener(event);
  }

  #settle(): void {
    if (this.#waiting.length > 0 || this.#active.size > 0) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  #pump(): void {
    while (!this.#closed && this.#active.size < this.#options.concurrency) {
      const next = this.#waiting.shift();
      if (next === undefined) break;
      const controller = new AbortController();
      const entry = { controller, done: Promise.resolve() };
      this.#active.set(next.run.id, entry);
      entry.done = this.#execute(next, controller).finally(() => {
        this.#active.delete(next.run.id);
        this.#pump();
        this.#settle();
      });
    }
  }

  async #execute(item: Waiting, controller: AbortController): Promise<void> {
    const { id } = item.run;
    const log = this.#options.logger;
    let started: Run;
    try {
      started = await this.#store.runs.start(id);
    } catch (error) {
      log({ level: "warn", msg: "run could not start", run: id, error: String(error) });
      return;
    }
    this.#emit({ type: "status", run: started });
    let completed = 0;
    let lastWrite = 0;
    let writing: Promise<unknown> = Promise.resolve();
    const onProgress = (n: number) => {
      if (!(n > completed) || controller.signal.aborted) return;
      completed = Math.min(n, started.runs);
      this.#emit({ type: "progress", run: { ...started, completed } });
      const now = Date.now();
      if (now - lastWrite >= this.#options.progressWriteMs) {
        lastWrite = now;
        const value = completed;
        // Writes are chained so they reach the store in order; a refused one (run finished) is harmless.
        writing = writing.then(() => this.#store.runs.progress(id, value)).catch(() => undefined);
      }
    };
    const t0 = performance.now();
    try {
      const outcome = await this.#executor({
        run: started,
        document: item.document,
        signal: controller.signal,
        onProgress,
      });
      await writing;
      controller.signal.throwIfAborted();
      const run = await this.#store.runs.complete(id, outcome.results, outcome.summary);
      log({
        level: "info",
        msg: "run succeeded",
        run: id,
        runs: run.runs,
        ms: Math.round(performance.now() - t0),
      });
      this.#emit({ type: "status", run });
    } catch (error) {
      await writing;
      const aborted = controller.signal.aborted;
      const reason = controller.signal.reason;
      const message = aborted
        ? reason instanceof Error
          ? reason.message
          : "cancelled"
        : error instanceof Error
          ? error.message
          : String(error);
      const run =
        aborted && message === "cancelled"
          ? await this.#store.runs.cancel(id).catch(() => undefined)
          : await this.#store.runs.fail(id, message).catch(() => undefined);
      log({
        level: aborted ? "info" : "error",
        msg: aborted ? `run ${message}` : "run failed",
        run: id,
        ...(aborted
          ? {}
          : { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      });
      if (run !== undefined) this.#emit({ type: "status", run });
    }
  }
}
