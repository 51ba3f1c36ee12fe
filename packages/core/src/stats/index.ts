export { histogramAdd } from "./histogramAdd.js";
export { histogramMerge } from "./histogramMerge.js";
export { histogramQuantile } from "./histogramQuantile.js";
export type { LogHistogram } from "./logHistogram.js";
export { logHistogram } from "./logHistogram.js";
export { quantile } from "./quantile.js";
export { quantileSorted } from "./quantileSorted.js";
