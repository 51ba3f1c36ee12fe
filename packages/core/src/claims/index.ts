export type { CatalogIds } from "./buildClaims.js";
export { buildClaims } from "./buildClaims.js";
export type { CheckResult, ClaimContext, ClaimVerdict } from "./checkClaim.js";
export { checkClaim, combineVerdicts, compare, fieldValue, formatValue, runCheck } from "./checkClaim.js";
export type { ClaimResult, Ledger, LedgerFiles } from "./checkClaims.js";
export { buildLedger, checkClaims } from "./checkClaims.js";
export type {
  ArithmeticCheck,
  ArithmeticVar,
  CatalogCheck,
  Check,
  CheckKind,
  Claim,
  ClaimOutcome,
  ClaimRecord,
  Comparison,
  EvidenceCheck,
  NoneCheck,
  PerfCheck,
  PerfMetric,
  PolicyCheck,
  Quantity,
  SourceCheck,
  SourceFact,
  Subject,
  SubjectKind,
  Verdict,
  Where,
} from "./claimSchema.js";
export {
  COMPARISONS,
  checkSchema,
  claimRecordSchema,
  claimsFileSchema,
  PERF_METRICS,
  SUBJECT_KINDS,
  VERDICTS,
  verdictSchema,
} from "./claimSchema.js";
export type {
  PerfAnswer,
  PerfEvaluator,
  PerfQuery,
  PolicyAnswer,
  PolicyEvaluator,
  PolicyQuery,
} from "./evaluators.js";
export { perfEvaluator, policyEvaluator } from "./evaluators.js";
export type { Expression, ExpressionFunction } from "./expression.js";
export {
  ExpressionError,
  evaluateExpression,
  expressionVariables,
  formatExpression,
  parseExpression,
} from "./expression.js";
