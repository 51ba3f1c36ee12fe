/** The views of the dashboard. */
export const VIEWS = ["chips", "export", "perf", "plan", "scenarios", "claims"] as const;
export type View = (typeof VIEWS)[number];

/**
 * Everything a shareable URL carries, as plain strings: the query string is the state. Defaults are
 * left out of the URL so that links stay short.
 */
export type UrlState = Readonly<Record<string, string>>;

export function parseQuery(search: string): UrlState {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) out[k] = v;
  return out;
}

/** Applies a patch (an empty string removes the key) and serialises with keys in a stable order. */
export function withPatch(state: UrlState, patch: Readonly<Record<string, string>>): UrlState {
  const next: Record<string, string> = { ...state };
  for (const [k, v] of Object.entries(patch)) {
    if (v === "") delete next[k];
    else next[k] = v;
  }
  return next;
}

export function toQuery(state: UrlState): string {
  const keys = Object.keys(state).sort();
  const params = new URLSearchParams();
  for (const k of keys) {
    const v = state[k];
    if (v !== undefined && v !== "") params.set(k, v);
  }
  const s = params.toString();
  return s === "" ? "" : `?${s}`;
}

export function viewOf(state: UrlState): View {
  const v = state.view;
  return VIEWS.find((x) => x === v) ?? "chips";
}

/** A number from the URL, or null when absent or not a finite number. */
export function numberParam(state: UrlState, key: string): number | null {
  const v = state[key];
  if (v === undefined || v.trim() === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A number from the URL (see {@link numberParam}) held within [lo, hi]; `fallback` when absent or not a number. */
export function clampParam(value: number | null, lo: number, hi: number, fallback: number): number {
  return value === null || !Number.isFinite(value) ? fallback : Math.min(hi, Math.max(lo, value));
}

/** A comma-separated list from the URL. */
export function listParam(state: UrlState, key: string): string[] {
  const v = state[key];
  return v === undefined || v === "" ? [] : v.split(",").filter((s) => s !== "");
}
