export { loadScenario, parseScenario, ScenarioError } from "./loadScenario.js";
export type { ProgressReporter } from "./progressReporter.js";
export { silentProgress, ttyProgress } from "./progressReporter.js";
export type { ChunkTask } from "./runChunk.js";
export { runChunk } from "./runChunk.js";
export type { SimulateOptions, SimulationPool } from "./simulationPool.js";
export { createSimulationPool, runSimulation } from "./simulationPool.js";
