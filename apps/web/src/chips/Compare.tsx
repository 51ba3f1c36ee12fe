import type { Chip, Source } from "@dualtrack/core";
import { ConfidenceBadge, provenanceTitle } from "../components/Provenance.js";
import { COLUMNS, formatValue } from "../lib/columns.js";
import { toCsv } from "../lib/csv.js";
import { download } from "../lib/download.js";

/** Up to four chips side by side: one row per field, the best numeric value of each row in bold. */
export function Compare(props: {
  readonly chips: readonly Chip[];
  readonly sources: ReadonlyMap<string, Source>;
  readonly remove: (id: string) => void;
}) {
  const { chips, sources, remove } = props;
  if (chips.length === 0) return null;
  const rows = COLUMNS.filter((c) => c.key !== "name");
  const exportCsv = () =>
    download(
      "compare.csv",
      "text/csv",
      toCsv(
        ["field", "unit", ...chips.map((c) => c.id)],
        rows.map((col) => [col.label, col.unit, ...chips.map((c) => col.get(c))]),
      ),
    );
  return (
    <section className="compare" aria-labelledby="compare-title">
      <div className="section-head">
        <h2 id="compare-title">Compare ({chips.length}/4)</h2>
        <button type="button" onClick={exportCsv}>
          CSV
        </button>
      </div>
      <div className="scroll">
        <table className="compare-table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              {chips.map((c) => (
                <th key={c.id} scope="col">
                  {c.name}{" "}
                  <button
                    type="button"
                    className="link"
                    onClick={() => remove(c.id)}
                    aria-label={`Remove ${c.name} from comparison`}
                  >
                    ✕
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((col) => {
              const values = chips.map((c) => col.get(c));
              const nums = values.filter((v): v is number => typeof v === "number");
              const best = col.numeric && nums.length > 1 ? Math.max(...nums) : null;
              return (
                <tr key={col.key}>
                  <th scope="row">
                    {col.label}
                    {col.unit === "" ? "" : ` (${col.unit})`}
                  </th>
                  {chips.map((c, i) => {
                    const v = values[i] ?? null;
                    const path = col.path;
                    return (
                      <td
                        key={c.id}
                        className={col.numeric ? "num" : undefined}
                        title={path === null ? undefined : provenanceTitle(c, path, sources)}
                        data-chip={c.id}
                        data-field={col.key}
                      >
                        {v === best && best !== null ? <strong>{formatValue(v)}</strong> : formatValue(v)}
                        {path !== null && v !== null && <ConfidenceBadge confidence={c.confidence[path]} />}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
