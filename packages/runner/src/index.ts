export type { DataFiles } from "./loadCatalog.js";
export { defaultDataDir, loadCatalog, readCatalogFiles } from "./loadCatalog.js";
// --- simulate (issue 6) ---
export type { ChunkTask, ProgressReporter, SimulateOptions, SimulationPool } from "./simulate/index.js";
export {
  createSimulationPool,
  loadScenario,
  parseScenario,
  runChunk,
  runSimulation,
  ScenarioError,
  silentProgress,
  ttyProgress,
} from "./simulate/index.js";
