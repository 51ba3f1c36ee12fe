// Piscina worker entry: one task = one chunk of replications (see runChunk). The aggregate goes back
// packed in one Float64Array whose buffer is transferred, not cloned.
import { packAggregate } from "@dualtrack/core";
import { move } from "piscina";
import { type ChunkTask, runChunk } from "./runChunk.js";

export default function simulateChunk(task: ChunkTask): unknown {
  return move(packAggregate(runChunk(task)));
}
