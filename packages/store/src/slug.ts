/** A lowercase kebab-case id made from a name: `"Baseline 2026 (high)"` → `baseline-2026-high`. */
export function slug(name: string, fallback: string, maxLength = 60): string {
  const base = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, "");
  return base === "" ? fallback : base;
}
