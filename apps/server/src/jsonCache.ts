/**
 * A bounded least-recently-used map from a request's canonical key to its serialized JSON answer. For
 * pure computations (the perf model answers the same inputs with the same bytes), a hit skips both the
 * computation and `JSON.stringify`.
 */
export class JsonCache {
  readonly #max: number;
  readonly #entries = new Map<string, string>();

  constructor(max = 2000) {
    this.#max = max;
  }

  /** The cached text for `key`, else computes, serializes and keeps it (dropping the oldest when full). */
  get(key: string, compute: () => unknown): string {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      // Re-insert so that Map order is recency order.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const text = JSON.stringify(compute());
    this.#entries.set(key, text);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return text;
  }

  get size(): number {
    return this.#entries.size;
  }
}
