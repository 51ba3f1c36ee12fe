import type { Chip, Source } from "@dualtrack/core";
import { ConfidenceBadge, SourceLinks } from "../components/Provenance.js";
import { chipTpp } from "../lib/chipMetrics.js";
import { COLUMNS, formatValue } from "../lib/columns.js";

/** The expanded row: every number of a chip with its sources, confidence, note and alternatives. */
export function ChipDetails(props: { readonly chip: Chip; readonly sources: ReadonlyMap<string, Source> }) {
  const { chip, sources } = props;
  const tpp = chipTpp(chip);
  return (
    <div className="details">
      <p>
        <strong>{chip.name}</strong> ({chip.id}) · {chip.datacenter ? "datacenter" : "not datacenter"}
        {chip.chinaSpecific ? " · China-specific" : ""} · record sources:{" "}
        <SourceLinks ids={chip.sources["*"] ?? []} sources={sources} />
      </p>
      {tpp !== null && (
        <p>
          TPP {formatValue(tpp.value)}{" "}
          {tpp.precision === null
            ? "(published)"
            : `= ${tpp.precision} ${formatValue(chip.dense[tpp.precision] ?? null)} × bits (max over precisions)`}
          {chip.tppPublished !== null && ` · published TPP ${formatValue(chip.tppPublished)}`}
        </p>
      )}
      <table className="facts">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Value</th>
            <th scope="col">Confidence</th>
            <th scope="col">Sources</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {COLUMNS.filter((c) => c.path !== null && c.get(chip) !== null).map((c) => {
            const path = c.path ?? c.key;
            const alternatives = chip.alternatives[path] ?? [];
            return (
              <tr key={c.key}>
                <th scope="row">{c.label}</th>
                <td className="num">
                  {formatValue(c.get(chip))} {c.unit}
                </td>
                <td>
                  <ConfidenceBadge confidence={chip.confidence[path]} /> {chip.confidence[path] ?? ""}
                </td>
                <td>
                  <SourceLinks ids={chip.sources[path] ?? []} sources={sources} />
                </td>
                <td className="note">
                  {chip.notes[path] ?? ""}
                  {alternatives.map((a) => (
                    <div key={`${a.value}-${a.sources.join()}`}>
                      alternative {formatValue(a.value)} ({a.confidence}, {a.sources.join(", ")})
                    </div>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {chip.note !== null && <p className="note">{chip.note}</p>}
    </div>
  );
}
