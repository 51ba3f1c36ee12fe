/** Why a store operation was refused: the id is unknown, or the write conflicts with the stored state. */
export type StoreErrorCode = "not_found" | "conflict" | "invalid";

/** A refusal the caller can act on (HTTP maps `not_found` to 404, `conflict` to 409, `invalid` to 400). */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = "StoreError";
    this.code = code;
  }
}

/** Whether a database error is a unique or primary-key violation, in either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  if (error === null || typeof error !== "object" || !("code" in error)) return false;
  const code = String(error.code);
  return code === "23505" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE";
}
