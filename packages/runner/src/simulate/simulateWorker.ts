// Piscina worker entry: one task = one chunk of replications (see runChunk). The aggregate goes back
// packed in one Float64Array whose buffer is transferred, not cloned.
import {
  packAggregate,
  type Scenario,
  type TornadoOptions,
  type TornadoResult,
  tornado,
} from "@dualtrack/core";
import { move } from "piscina";
import { type ChunkTask, runChunk } from "./runChunk.js";

export default function simulateChunk(task: ChunkTask): unknown {
  return move(packAggregate(runChunk(task)));
}

/** A sensitivity tornado (core `tornado`) off the caller's thread: seconds of replications for a full scenario. */
export interface TornadoTask {
  readonly scenario: Scenario;
  readonly options: TornadoOptions;
}

export function tornadoTask(task: TornadoTask): TornadoResult {
  return tornado(task.scenario, task.options);
}
