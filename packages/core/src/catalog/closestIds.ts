/** Levenshtein edit distance (insertions, deletions, substitutions each cost 1). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The ids closest to a mistyped one, best first: ids containing the query rank first, then ids the
 * query contains, then the rest by edit distance; at most `limit`, and only those within half the query's length.
 */
export function closestIds(query: string, ids: readonly string[], limit = 3): string[] {
  const q = query.toLowerCase();
  const scored = ids.map((id) => {
    const gap = Math.abs(id.length - q.length) / 100;
    const score = id.includes(q) ? gap : q.includes(id) ? 0.5 + gap : editDistance(q, id);
    return { id, score };
  });
  const cutoff = Math.max(2, Math.ceil(q.length / 2));
  return scored
    .filter((s) => s.score <= cutoff)
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((s) => s.id);
}
