export type { Io } from "./io.js";
export { CliError } from "./io.js";
export { buildProgram, main, VERSION } from "./main.js";
