export type {
  LinearProgram,
  LpRow,
  LpVariable,
  SolveOptions,
  SolveResult,
  Solver,
  SolveStatus,
} from "@dualtrack/core";
export type { HighsSolver } from "./highsSolver.js";
export { loadHighsSolver, solveWithHighs, warmUp } from "./highsSolver.js";
