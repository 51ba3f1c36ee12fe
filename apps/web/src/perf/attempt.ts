/** An estimate, or why the model could not make one (a `PerfError`'s message: no fp8, ep not dividing…). */
export type Outcome<T> = { ok: true; e: T } | { ok: false; error: string };

/** Runs an estimate and keeps its error as text instead of throwing, so one failed chip does not blank the view. */
export function attempt<T>(compute: () => T): Outcome<T> {
  try {
    return { ok: true, e: compute() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
