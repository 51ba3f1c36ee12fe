import type { Chip, Source } from "@dualtrack/core";

const CONFIDENCE_MARK: Record<string, string> = { vendor: "V", reported: "R", estimate: "E", low: "L" };

/** The tooltip of a number: its sources, confidence and note. */
export function provenanceTitle(chip: Chip, path: string, sources: ReadonlyMap<string, Source>): string {
  const ids = chip.sources[path] ?? [];
  const confidence = chip.confidence[path];
  const note = chip.notes[path];
  const lines = [
    `confidence: ${confidence ?? "unknown"}`,
    ...ids.map((id) => `source: ${id}${sources.get(id) === undefined ? "" : ` — ${sources.get(id)?.title}`}`),
  ];
  if (note !== undefined) lines.push(`note: ${note}`);
  return lines.join("\n");
}

/** A small confidence badge (V/R/E/L), coloured by confidence. */
export function ConfidenceBadge(props: { readonly confidence: string | undefined }) {
  const c = props.confidence;
  if (c === undefined) return null;
  return (
    <span className={`conf conf-${c}`} title={`confidence: ${c}`}>
      <span aria-hidden="true">{CONFIDENCE_MARK[c] ?? "?"}</span>
      <span className="sr-only"> confidence {c}</span>
    </span>
  );
}

/** Source ids as links to the documents (title on hover), for the expanded row and the compare view. */
export function SourceLinks(props: {
  readonly ids: readonly string[];
  readonly sources: ReadonlyMap<string, Source>;
}) {
  if (props.ids.length === 0) return <span className="muted">no source</span>;
  return (
    <span className="sources">
      {props.ids.map((id) => {
        const s = props.sources.get(id);
        return s === undefined ? (
          <span key={id} className="source">
            {id}
          </span>
        ) : (
          <a
            key={id}
            className="source"
            href={s.url}
            title={`${s.title} (${s.publisher}, ${s.date})`}
            target="_blank"
            rel="noreferrer"
          >
            {id}
          </a>
        );
      })}
    </span>
  );
}
