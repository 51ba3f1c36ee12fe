/** A `--compare key=v1,v2,…` request: a dotted path into the plan file and the values to try. */
export interface CompareSpec {
  readonly key: string;
  readonly path: readonly string[];
  readonly values: readonly unknown[];
  /** The values as written, for column headers. */
  readonly labels: readonly string[];
}

/** Reads a scalar as YAML would: numbers, booleans, null, else the string itself. */
function scalar(text: string): unknown {
  const t = text.trim();
  if (t === "true") return true;
  if (t === "false") return false;
  if (t === "null" || t === "~" || t === "") return null;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  return t;
}

/**
 * Parses `key=v1,v2,…` (e.g. `mandates.domesticShareMin=0.3,0.5,0.7`, `licences.h200-sxm=true,false`);
 * `null` removes the key. Throws an `Error` naming the problem.
 */
export function parseCompare(spec: string): CompareSpec {
  const eq = spec.indexOf("=");
  if (eq <= 0) throw new Error(`--compare expects key=v1,v2,… (got '${spec}')`);
  const key = spec.slice(0, eq).trim();
  const labels = spec
    .slice(eq + 1)
    .split(",")
    .map((s) => s.trim());
  if (labels.length < 1 || labels.every((l) => l === ""))
    throw new Error(`--compare ${key}: give at least one value`);
  const path = key.split(".");
  if (path.some((p) => p === "" || p === "__proto__" || p === "constructor" || p === "prototype"))
    throw new Error(`--compare: bad key '${key}'`);
  return { key, path, values: labels.map(scalar), labels };
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === "object" && !Array.isArray(x);

/** A copy of a raw plan file with `path` set to `value` (null deletes it); missing objects are created. */
export function setPath(data: unknown, path: readonly string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const base: Record<string, unknown> = isRecord(data) ? { ...data } : {};
  if (rest.length === 0 && value === null) {
    delete base[head];
    return base;
  }
  base[head] = setPath(base[head], rest, value);
  return base;
}
