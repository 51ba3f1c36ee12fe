/** The downloads `index.html` starts before the app's script has loaded, keyed by URL. */
type Prefetched = Record<string, Promise<unknown> | undefined>;

function prefetched(): Prefetched | undefined {
  const holder = globalThis as { dualtrackPrefetch?: unknown };
  const p = holder.dualtrackPrefetch;
  return typeof p === "object" && p !== null ? (p as Prefetched) : undefined;
}

/**
 * A GET of `url` as JSON: the answer `index.html` already asked for when there is one (each is used
 * once, since a body reads once), else a new request. A prefetch that failed throws its error here.
 */
export async function fetchJsonOnce(url: string): Promise<Response> {
  const store = prefetched();
  const pending = store?.[url];
  if (store !== undefined && pending !== undefined) {
    delete store[url];
    const answer = await pending;
    if (answer instanceof Response) return answer;
    throw answer instanceof Error ? answer : new Error(String(answer));
  }
  return fetch(url, { headers: { accept: "application/json" } });
}
