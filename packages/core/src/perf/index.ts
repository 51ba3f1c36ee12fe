export type { PerfCatalogIds } from "./buildPerfData.js";
export { buildPerfData } from "./buildPerfData.js";
export { allToAllSec, ringAllReduceSec } from "./collective.js";
export type { InferenceEstimate, Workload } from "./estimateInference.js";
export { DEFAULT_WORKLOAD, estimateInference } from "./estimateInference.js";
export type { Recompute, TrainingEstimate, TrainingOptions, TrainingPrecision } from "./estimateTraining.js";
export { estimateTraining, trainingFlopsPerToken } from "./estimateTraining.js";
export type { ModelShape } from "./modelShape.js";
export { modelShape, SPARSE_ATTENTION_TOPK } from "./modelShape.js";
export type {
  Bands,
  Economics,
  EconomicsFacts,
  Family,
  FitError,
  InferenceMeasurement,
  KvPrecision,
  Measurement,
  PerfData,
  PerfFact,
  PerfPrecision,
  Provenance,
  RatioBand,
  Stack,
  StackEntry,
  StackParams,
  SystemEntry,
  TrainingEntry,
  TrainingMeasurement,
} from "./perfData.js";
export {
  economicsSchema,
  KV_PRECISIONS,
  measurementSchema,
  PERF_PRECISIONS,
  perfPrecisionSchema,
  STACKS,
  stackEntrySchema,
  stackParamsSchema,
  stackSchema,
  trainingEntrySchema,
} from "./perfData.js";
export { PerfError } from "./perfError.js";
export type { InferenceOptions, Parallel, PreparedInference } from "./prepareInference.js";
export { prepareInference } from "./prepareInference.js";
export type { ResolvedPrecision } from "./resolvePrecision.js";
export { KV_BYTES, resolvePrecision, WEIGHT_BYTES } from "./resolvePrecision.js";
export type { ServePoint } from "./serveInto.js";
export { maxBatchAt, serveInto, servePoint } from "./serveInto.js";
export type { ResolvedEntry } from "./stackFor.js";
export { familyOf, stackFor, trainingFor } from "./stackFor.js";
export type { Bound, TimeSplit } from "./stepTime.js";
export { boundOf, decodeStepSec, prefillSec, timeSplit } from "./stepTime.js";
