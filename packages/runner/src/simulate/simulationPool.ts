import { setMaxListeners } from "node:events";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  aggregateMerge,
  compileScenario,
  createAggregate,
  mergePackedAggregate,
  type Scenario,
  type ServingRates,
  type SimAggregate,
  type SimSummary,
  summarize,
  type TornadoOptions,
  type TornadoResult,
  tornado,
} from "@dualtrack/core";
import { Piscina } from "piscina";
import { type ChunkTask, runChunk } from "./runChunk.js";
import type { TornadoTask } from "./simulateWorker.js";

/** Options of one simulation run. */
export interface SimulateOptions {
  /** Replications (default 1000). */
  readonly runs?: number;
  /** Base seed; replication i draws from streams derived from (seed, i). Default 1. */
  readonly seed?: number;
  /** Replications per task (default: about 8 tasks per worker, between 50 and 1000). */
  readonly chunkSize?: number;
  /** Called after each finished chunk with replications done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborting rejects the run with an AbortError and cancels queued chunks. */
  readonly signal?: AbortSignal;
  /** Per-chip output tokens/s by model and product, for the scenario's `serving` outputs. */
  readonly servingRates?: ServingRates;
}

/** A pool of simulation workers that can serve many runs (a server keeps one for its lifetime). */
export interface SimulationPool {
  /** Worker threads; 0 means chunks run on the calling thread (between event-loop turns). */
  readonly workers: number;
  simulate(scenario: Scenario, options?: SimulateOptions): Promise<SimSummary>;
  /** Same as `simulate` but returns the raw mergeable aggregate (for callers that derive more). */
  aggregate(scenario: Scenario, options?: SimulateOptions): Promise<SimAggregate>;
  /**
   * Core's `tornado` on a worker thread (on the calling thread when the pool has none), so that a
   * server stays responsive while it runs; rejects with core's Error (naming the field) on bad options.
   */
  tornado(scenario: Scenario, options: TornadoOptions): Promise<TornadoResult>;
  destroy(): Promise<void>;
}

/** The worker module: `dist/simulate/simulateWorker.js` (also when this module runs from `src/`). */
function workerFile(): string {
  const here = new URL("./simulateWorker.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return fileURLToPath(here);
  return fileURLToPath(new URL("../../dist/simulate/simulateWorker.js", import.meta.url));
}

function abortError(): Error {
  const e = new Error("simulation aborted");
  e.name = "AbortError";
  return e;
}

let runCounter = 0;

/** Splits [0, runs) into chunks of `size`. */
function chunks(runs: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = 0; s < runs; s += size) out.push([s, Math.min(runs, s + size)]);
  return out;
}

/**
 * Creates a pool of `workers` piscina threads (0: no threads). Each run is split into chunks of
 * replications, each chunk is aggregated where it runs (log histograms: memory flat in the number of
 * replications), and the chunk aggregates are merged exactly, so a run's result is bit-identical for any
 * worker count and chunk size.
 */
export function createSimulationPool(workers: number): SimulationPool {
  if (!Number.isInteger(workers) || workers < 0)
    throw new RangeError(`workers must be an integer ≥ 0, got ${workers}`);
  const pool =
    workers === 0
      ? undefined
      : new Piscina({
          filename: workerFile(),
          minThreads: workers,
          maxThreads: workers,
          idleTimeout: 60_000,
        });

  async function aggregate(scenario: Scenario, options: SimulateOptions = {}): Promise<SimAggregate> {
    const runs = options.runs ?? 1000;
    const seed = options.seed ?? 1;
    if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be an integer ≥ 1, got ${runs}`);
    const rates = options.servingRates ?? {};
    const compiled = compileScenario(scenario, rates);
    const size =
      options.chunkSize ?? Math.min(1000, Math.max(50, Math.ceil(runs / (Math.max(1, workers) * 8))));
    const key = `${scenario.id}#${++runCounter}`;
    const total = createAggregate(compiled);
    let done = 0;
    const signal = options.signal;
    // A function, not a narrowed property read: the flag changes while we await.
    const aborted = () => signal?.aborted === true;
    if (aborted()) throw abortError();
    const finish = (agg: SimAggregate) => {
      aggregateMerge(total, agg);
      done += agg.runs;
      options.onProgress?.(done, runs);
    };
    const tasks = chunks(runs, size).map(
      ([start, end]): ChunkTask => ({ scenario, key, seed, start, end, servingRates: rates }),
    );
    if (pool === undefined) {
      for (const task of tasks) {
        // Yield between chunks so progress prints and an abort is seen.
        await new Promise<void>((r) => setImmediate(r));
        if (aborted()) throw abortError();
        finish(runChunk(task));
      }
      return total;
    }
    const inner = new AbortController();
    // Every queued task listens to the same signal.
    setMaxListeners(tasks.length + 10, inner.signal);
    const onAbort = () => inner.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await Promise.all(
        tasks.map(async (task) => {
          const packed = (await pool.run(task, { signal: inner.signal })) as Float64Array;
          const before = total.runs;
          mergePackedAggregate(total, packed);
          done += total.runs - before;
          options.onProgress?.(done, runs);
        }),
      );
    } catch (error) {
      inner.abort();
      if (aborted()) throw abortError();
      throw error;
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
    return total;
  }

  return {
    workers,
    aggregate,
    async simulate(scenario, options = {}) {
      const agg = await aggregate(scenario, options);
      return summarize(compileScenario(scenario, options.servingRates), agg, options.seed ?? 1);
    },
    async tornado(scenario, options) {
      if (pool === undefined) return tornado(scenario, options);
      const task: TornadoTask = { scenario, options };
      return (await pool.run(task, { name: "tornadoTask" })) as TornadoResult;
    },
    async destroy() {
      await pool?.destroy();
    },
  };
}

/** One run in a temporary pool of `workers` threads (default 0: in-process). */
export async function runSimulation(
  scenario: Scenario,
  options: SimulateOptions & { readonly workers?: number } = {},
): Promise<SimSummary> {
  const pool = createSimulationPool(options.workers ?? 0);
  try {
    return await pool.simulate(scenario, options);
  } finally {
    await pool.destroy();
  }
}
