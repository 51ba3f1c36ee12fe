import {
  aggregateAdd,
  type CompiledScenario,
  compileScenario,
  createAggregate,
  replicate,
  type Scenario,
  type ServingRates,
  type SimAggregate,
} from "@dualtrack/core";

/** A slice of replications [start, end) of one run; what a worker receives. */
export interface ChunkTask {
  readonly scenario: Scenario;
  /** Identifies the scenario so a worker compiles it once per run, not once per chunk. */
  readonly key: string;
  readonly seed: number;
  readonly start: number;
  readonly end: number;
  /** Per-chip serving rates from the perf model (see compileScenario). */
  readonly servingRates?: ServingRates;
}

let cached: { key: string; compiled: CompiledScenario } | undefined;

/**
 * Runs replications start..end−1 and returns their streaming aggregate. Replication i depends only on
 * (scenario, seed, i), and aggregates merge exactly, so the merged result is the same for any chunking
 * and any number of workers.
 */
export function runChunk(task: ChunkTask): SimAggregate {
  if (cached?.key !== task.key)
    cached = { key: task.key, compiled: compileScenario(task.scenario, task.servingRates) };
  const c = cached.compiled;
  const agg = createAggregate(c);
  for (let i = task.start; i < task.end; i++) aggregateAdd(agg, replicate(c, task.seed, i));
  return agg;
}
