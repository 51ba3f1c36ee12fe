/** The value at `path` inside parsed YAML/JSON, or undefined where the path leaves the objects. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let here = data;
  for (const key of path) {
    if (here === null || typeof here !== "object") return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

/**
 * Every source reference inside a raw record, with its dotted path: `[path, id]`. A `source` key holds
 * one id or a list of ids; every other value is searched in turn.
 */
export function* sourceRefs(node: unknown, path: string): Generator<[string, string]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* sourceRefs(item, `${path}[${i}]`);
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    const here = path === "" ? key : `${path}.${key}`;
    if (key === "source" && (Array.isArray(value) || typeof value === "string")) {
      for (const id of [value].flat()) if (typeof id === "string") yield [here, id];
    } else {
      yield* sourceRefs(value, here);
    }
  }
}
