// Piscina worker entry: one task = one chunk of replications (see runChunk).
import { type ChunkTask, runChunk } from "./runChunk.js";

export default function simulateChunk(task: ChunkTask) {
  return runChunk(task);
}
