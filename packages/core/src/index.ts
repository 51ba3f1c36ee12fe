export type { Catalog, CatalogFiles, CatalogIssue, DataFile } from "./catalog/catalog.js";
export { buildCatalog, formatIssue, PARAM_TOLERANCE, paramTolerance } from "./catalog/catalog.js";
export type { Chip, ChipRecord, ChipStatus, Precision } from "./catalog/chip.js";
export {
  chipFromRecord,
  chipRecordSchema,
  chipSchema,
  chipStatusSchema,
  chipsFileSchema,
  PRECISION_BITS,
  PRECISIONS,
} from "./catalog/chip.js";
export { closestIds, editDistance } from "./catalog/closestIds.js";
export type { Confidence, Fact, PriceFact } from "./catalog/fact.js";
export { confidenceSchema, factSchema, priceFactSchema } from "./catalog/fact.js";
export type { Arch, Model, ModelRecord } from "./catalog/model.js";
export { archSchema, modelRecordSchema, modelSchema, modelsFileSchema } from "./catalog/model.js";
export { modelFromRecord } from "./catalog/modelFromRecord.js";
export type { ParamCount } from "./catalog/paramCount.js";
export { attentionParams, linearAttentionParams, paramCount } from "./catalog/paramCount.js";
export type { SortKey } from "./catalog/sortRows.js";
export {
  CHIP_SORT_ALIASES,
  CHIP_SORT_FIELDS,
  MODEL_SORT_ALIASES,
  MODEL_SORT_FIELDS,
  parseSortSpec,
  pathValue,
  SortSpecError,
  sortRows,
} from "./catalog/sortRows.js";
export type { Source, SourceKind } from "./catalog/source.js";
export { idSchema, sourceKindSchema, sourceSchema, sourcesFileSchema } from "./catalog/source.js";
// --- claims (issue 9) ---
export type {
  CatalogIds,
  CheckResult,
  Claim,
  ClaimContext,
  ClaimResult,
  ClaimVerdict,
  Ledger,
  LedgerFiles,
  PerfAnswer,
  PerfEvaluator,
  PerfQuery,
  PolicyAnswer,
  PolicyEvaluator,
  PolicyQuery,
  Subject,
  SubjectKind,
  Verdict,
} from "./claims/index.js";
export {
  buildClaims,
  buildLedger,
  checkClaim,
  checkClaims,
  claimRecordSchema,
  claimsFileSchema,
  perfEvaluator,
  policyEvaluator,
  SUBJECT_KINDS,
  VERDICTS,
  verdictSchema,
} from "./claims/index.js";
// --- perf (issue 4) ---
export type { PerfCatalogIds } from "./perf/buildPerfData.js";
export { buildPerfData } from "./perf/buildPerfData.js";
export { allToAllSec, ringAllReduceSec } from "./perf/collective.js";
export type { InferenceEstimate, PrefillLayout, Workload } from "./perf/estimateInference.js";
export { DEFAULT_WORKLOAD, estimateInference } from "./perf/estimateInference.js";
export type { Recompute, TrainingEstimate, TrainingOptions } from "./perf/estimateTraining.js";
export { estimateTraining, trainingFlopsPerToken, trainingOptionsOf } from "./perf/estimateTraining.js";
export type { PoolComparison } from "./perf/inferenceOptionsOf.js";
export { inferenceOptionsOf, inferenceWorkloadOf, poolComparisons } from "./perf/inferenceOptionsOf.js";
export type { ModelShape } from "./perf/modelShape.js";
export { modelShape, SPARSE_ATTENTION_TOPK } from "./perf/modelShape.js";
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
  ServingLayout,
  ServingMode,
  Stack,
  StackEntry,
  StackParams,
  SystemEntry,
  TrainingEntry,
  TrainingMeasurement,
  TrainingPrecision,
} from "./perf/perfData.js";
export {
  economicsSchema,
  KV_PRECISIONS,
  measurementSchema,
  PERF_PRECISIONS,
  perfPrecisionSchema,
  SERVING_MODES,
  STACKS,
  stackEntrySchema,
  stackParamsSchema,
  stackSchema,
  TRAINING_PRECISIONS,
  trainingEntrySchema,
} from "./perf/perfData.js";
export { PerfError } from "./perf/perfError.js";
export type { InferenceOptions, Parallel, PreparedInference, Speculative } from "./perf/prepareInference.js";
export { prepareInference } from "./perf/prepareInference.js";
export type { ResolvedPrecision } from "./perf/resolvePrecision.js";
export { KV_BYTES, resolvePrecision, WEIGHT_BYTES } from "./perf/resolvePrecision.js";
export type { DisaggregatedPoint } from "./perf/serveDisaggregatedInto.js";
export { disaggregatedPoint, serveDisaggregatedInto } from "./perf/serveDisaggregatedInto.js";
export type { ServePoint } from "./perf/serveInto.js";
export {
  MAX_THROUGHPUT_BATCH,
  maxBatchAt,
  maxThroughputBatch,
  serveInto,
  servePoint,
} from "./perf/serveInto.js";
export type { ResolvedEntry } from "./perf/stackFor.js";
export { entryLabel, familyOf, servingLayout, stackFor, trainingFor } from "./perf/stackFor.js";
export type { Bound, TimeSplit } from "./perf/stepTime.js";
export { boundOf, decodeStepSec, prefillSec, timeSplit } from "./perf/stepTime.js";
// --- plan (issue 5) ---
export type {
  ConstraintGroup,
  PlanDemand,
  PlanModel,
  RowKind,
  RowMeta,
} from "./plan/buildPlanModel.js";
export { buildPlanModel, withoutGroups } from "./plan/buildPlanModel.js";
export type {
  LinearProgram,
  LpRow,
  LpVariable,
  SolveOptions,
  SolveResult,
  Solver,
  SolveStatus,
} from "./plan/linearProgram.js";
export { isFeasible, objectiveAt, rowActivity } from "./plan/linearProgram.js";
export type { PerfPlanCatalog } from "./plan/perfPlanInputs.js";
export { perfPlanInputs } from "./plan/perfPlanInputs.js";
export type {
  CapacityDetail,
  ChipAvailability,
  DefaultEfficiency,
  DemandMeasure,
  PlanCatalog,
  PlanCatalogChip,
  PlanChip,
  PlanInputs,
} from "./plan/planInputs.js";
export { DEFAULT_EFFICIENCY, defaultPlanInputs, denseAt } from "./plan/planInputs.js";
export type { Demand, Licence, Plan, PlanFile, PlanIssue } from "./plan/planSchema.js";
export {
  atPeriod,
  demandId,
  demandSchema,
  licenceSchema,
  parsePlan,
  periodHours,
  periodSchema,
  planPeriods,
  planSchema,
} from "./plan/planSchema.js";
export { periodDate, policyPlanInputs } from "./plan/policyPlanInputs.js";
export type { MilpStats } from "./plan/solveMilp.js";
export { dualBound, solveMilp } from "./plan/solveMilp.js";
export type {
  BindingConstraint,
  CapacityUsed,
  DemandOutcome,
  PeriodSummary,
  PlanResult,
  Purchase,
} from "./plan/solvePlan.js";
export { formatUsd, solvePlan } from "./plan/solvePlan.js";
export type { CompareSpec } from "./plan/variants.js";
export { parseCompare, setPath } from "./plan/variants.js";
// --- policy (issue 3) ---
export type { AllowedChip, AllowedOptions, AllowedRow } from "./policy/allowedChips.js";
export { allowedChips, allowedRow } from "./policy/allowedChips.js";
export { buildPolicies } from "./policy/buildPolicies.js";
export type {
  ChinaVerdict,
  ClassifyOptions,
  ClassifyResult,
  EarVerdict,
  UsVerdict,
  VerdictCondition,
} from "./policy/classify.js";
export { classify } from "./policy/classify.js";
export type { Evaluation, Facts, Truth } from "./policy/evaluatePredicate.js";
export { evaluatePredicate } from "./policy/evaluatePredicate.js";
export type { ChipMetrics, Metric, MetricFact, TppResult } from "./policy/metrics.js";
export {
  aggregateIo,
  chipMetrics,
  METRIC_LABELS,
  METRICS,
  memoryBandwidthDensity,
  metricFact,
  performanceDensity,
  TPP_AGREEMENT,
  tpp,
} from "./policy/metrics.js";
export type {
  ChinaStance,
  ChinaStatus,
  ConditionKind,
  ConditionRecord,
  EarReach,
  Eccn,
  EndUse,
  MetricClause,
  Outcome,
  Predicate,
  Review,
  Rule,
  RuleKind,
  RuleStatus,
} from "./policy/ruleSchema.js";
export {
  CHINA_STANCES,
  CHINA_STATUSES,
  chinaRank,
  conditionSchema,
  EAR_REACHES,
  ECCNS,
  END_USES,
  eccnRank,
  isoDateSchema,
  outcomeSchema,
  policiesFileSchema,
  predicateSchema,
  REVIEWS,
  RULE_KINDS,
  reviewRank,
  ruleConfidence,
  ruleSchema,
} from "./policy/ruleSchema.js";
export type { Standing } from "./policy/ruleStanding.js";
export { changeDates, ruleStanding } from "./policy/ruleStanding.js";
export type { Threshold } from "./policy/thresholdsAt.js";
export { thresholdsAt } from "./policy/thresholdsAt.js";
export type { TimelineEntry, TimelineOptions } from "./policy/timeline.js";
export { timeline } from "./policy/timeline.js";
// --- sim (issue 6) ---
export type { Rng } from "./rng/stream.js";
export { rngStream } from "./rng/stream.js";
export type {
  BacktestFile,
  BacktestResult,
  BacktestRow,
  BindingLink,
  CompiledScenario,
  Effect,
  Origin,
  OutputKind,
  OutputSpec,
  OutputSummary,
  Param,
  Path,
  Product,
  ProductPolicyState,
  ReplicateOptions,
  Replication,
  Scenario,
  ScenarioParam,
  Serving,
  ServingGap,
  ServingRates,
  SimAggregate,
  SimSummary,
  TornadoBar,
  TornadoOptions,
  TornadoResult,
} from "./sim/index.js";
export {
  aggregateAdd,
  aggregateMerge,
  BINDING_LINKS,
  backtest,
  backtestFileSchema,
  centralParam,
  compileScenario,
  createAggregate,
  diesPerWafer,
  mergePackedAggregate,
  packAggregate,
  paramRange,
  periodQuarters,
  periodValue,
  policyStateAt,
  quarterIndex,
  quarterLabel,
  quarterRange,
  replicate,
  SUMMARY_PROBS,
  sampleParam,
  scenarioParams,
  scenarioSchema,
  servingRates,
  summarize,
  tornado,
} from "./sim/index.js";
export type { LogHistogram } from "./stats/logHistogram.js";
export { quantile } from "./stats/quantile.js";
