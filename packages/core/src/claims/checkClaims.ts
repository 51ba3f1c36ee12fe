import {
  buildCatalog,
  type Catalog,
  type CatalogFiles,
  type CatalogIssue,
  type DataFile,
} from "../catalog/catalog.js";
import { buildPerfData } from "../perf/buildPerfData.js";
import { buildPolicies } from "../policy/buildPolicies.js";
import { buildClaims } from "./buildClaims.js";
import { type CheckResult, type ClaimContext, checkClaim } from "./checkClaim.js";
import type { Claim, Quantity, Subject, Verdict, Where } from "./claimSchema.js";
import { perfEvaluator, policyEvaluator } from "./evaluators.js";

/**
 * One line of the evidence ledger: the `dualtrack claims --json` row (DESIGN.md: `id, claim, where,
 * subject, verdict, reasons`) plus the record's provenance and the verdict it pins.
 */
export interface ClaimResult {
  readonly id: string;
  readonly claim: string;
  readonly where: Where;
  /** Source ids: the seed article, first. */
  readonly source: readonly string[];
  readonly subject: Subject;
  readonly quantity: Quantity | null;
  /** The date the claim refers to (YYYY, YYYY-MM or YYYY-MM-DD). */
  readonly refersTo: string;
  /** The verdict the checks give now. */
  readonly verdict: Verdict;
  /** The verdict recorded in `data/claims/`; `verdict !== expected` means the data moved under the claim. */
  readonly expected: Verdict;
  readonly reasons: readonly string[];
  readonly checks: readonly CheckResult[];
  readonly note: string | null;
}

/**
 * Checks every claim against the context ({@link checkClaim}: catalog, policy engine, performance model)
 * and returns the ledger rows in the claims' order.
 */
export function checkClaims(claims: readonly Claim[], ctx: ClaimContext): ClaimResult[] {
  return claims.map((claim) => {
    const { verdict, reasons, checks } = checkClaim(claim, ctx);
    return {
      id: claim.id,
      claim: claim.claim,
      where: claim.where,
      source: claim.source,
      subject: claim.subject,
      quantity: claim.quantity ?? null,
      refersTo: claim.refersTo,
      verdict,
      expected: claim.expected,
      reasons,
      checks,
      note: claim.note ?? null,
    };
  });
}

/** The raw files the ledger is built from: the catalog's, plus `policies/`, `perf/` and `claims/`. */
export interface LedgerFiles extends CatalogFiles {
  readonly policies: readonly DataFile[];
  readonly perf: readonly DataFile[];
  readonly claims: readonly DataFile[];
}

export interface Ledger {
  readonly catalog: Catalog;
  readonly claims: readonly Claim[];
  readonly results: readonly ClaimResult[];
  /** Problems of any input file (catalog, policies, perf data, claims); empty when all are valid. */
  readonly issues: readonly CatalogIssue[];
}

/**
 * Builds the evidence ledger from the raw files of `data/`: the catalog, the policy rules and the perf
 * data (each validated by its own builder), the claims ({@link buildClaims}: schema, sources, catalog ids),
 * then {@link checkClaims} with the policy engine and the performance model plugged in. A claim whose
 * engine could not be built (its files have issues) still gets the engines' answers from the valid rules
 * and records; the issues are returned for the caller to report.
 */
export function buildLedger(files: LedgerFiles): Ledger {
  const built = buildCatalog(files);
  const { catalog } = built;
  const sourceIds = new Set(catalog.sources.map((s) => s.id));
  const policies = buildPolicies(files.policies, sourceIds);
  const perf = buildPerfData(files.perf, sourceIds, catalog);
  const claims = buildClaims(files.claims, sourceIds, catalog);
  const ctx: ClaimContext = {
    catalog,
    policy: policyEvaluator(catalog.chips, policies.rules),
    perf: perfEvaluator(catalog, perf.data),
  };
  return {
    catalog,
    claims: claims.claims,
    results: checkClaims(claims.claims, ctx),
    issues: [...built.issues, ...policies.issues, ...perf.issues, ...claims.issues],
  };
}
