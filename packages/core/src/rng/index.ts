export { bernoulli } from "./bernoulli.js";
export { gamma } from "./gamma.js";
export { lognormal } from "./lognormal.js";
export { normal } from "./normal.js";
export { pert } from "./pert.js";
export type { Rng } from "./stream.js";
export { mix32, rngStream, streamState } from "./stream.js";
export { triangular } from "./triangular.js";
