import {
  allowedChips,
  type ClassifyResult,
  classify,
  type Review,
  type TimelineEntry,
  timeline,
} from "@dualtrack/core";
import { ParamSelect } from "../components/ParamSelect.js";
import { SourceLinks } from "../components/Provenance.js";
import type { CatalogData } from "../lib/catalogData.js";
import { formatValue } from "../lib/columns.js";
import { toCsv } from "../lib/csv.js";
import { download } from "../lib/download.js";
import { clampDate, DATE_MAX, DATE_MIN, dayOf, isoOf, policyRules } from "../lib/policyData.js";
import type { UrlState } from "../lib/urlState.js";

/** Destinations offered (ISO 3166-1 alpha-2); the policy engine accepts any code. */
const DESTINATIONS = [
  "CN",
  "HK",
  "MO",
  "RU",
  "IR",
  "AE",
  "SA",
  "IN",
  "SG",
  "MY",
  "VN",
  "IL",
  "GB",
  "DE",
  "JP",
  "KR",
  "TW",
  "US",
];
const DEFAULT_DATE = "2025-05-01";

const REVIEW_COLOR: Record<Review, string> = {
  none: "#1e7b34",
  notification: "#5b8c2a",
  "case-by-case": "#9a6700",
  "presumption-of-denial": "#b3261e",
};

function headline(r: ClassifyResult): string {
  if (r.us.licenseRequired) return `US licence required (${r.us.review})`;
  return r.us.review === "notification" ? "No US licence required; notification" : "No US licence required";
}

/** The chip's status changes as a strip of segments, from its first entry to the end of the slider. */
function TimelineStrip(props: { readonly entries: readonly TimelineEntry[]; readonly date: string }) {
  const { entries, date } = props;
  const end = dayOf(DATE_MAX) + 1;
  const first = entries[0];
  if (first === undefined) return <p className="empty">No timeline: no rule applies to this chip.</p>;
  const start = dayOf(first.date);
  const span = end - start;
  const at = ((dayOf(date) - start) / span) * 100;
  return (
    <div className="timeline-wrap">
      <div className="timeline" aria-hidden="true">
        {entries.map((e, i) => {
          const next = entries[i + 1];
          const width = (((next === undefined ? end : dayOf(next.date)) - dayOf(e.date)) / span) * 100;
          return (
            <div
              key={e.date}
              data-date={e.date}
              style={{ width: `${width}%`, background: REVIEW_COLOR[e.review] }}
              title={`${e.date}: ${e.summary}${e.rulesAdded.length > 0 ? `\n+ ${e.rulesAdded.join(", ")}` : ""}`}
            >
              {e.date}
            </div>
          );
        })}
      </div>
      {at >= 0 && at <= 100 && (
        <div className="timeline-marker" style={{ left: `${at}%` }} aria-hidden="true" />
      )}
      <ol className="timeline-list">
        {entries.map((e) => (
          <li key={e.date} className={e.date <= date ? undefined : "muted"}>
            <time dateTime={e.date}>{e.date}</time>: {e.summary}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ExportView(props: {
  readonly data: CatalogData;
  readonly state: UrlState;
  readonly set: (patch: Readonly<Record<string, string>>) => void;
}) {
  const { data, state, set } = props;
  const { rules, issues } = policyRules(data);
  const chipId = data.chips.some((c) => c.id === state.chip) ? (state.chip ?? "h20") : "h20";
  const chip = data.chips.find((c) => c.id === chipId) ?? data.chips[0];
  const to = state.to ?? "CN";
  const date = clampDate(state.date, DEFAULT_DATE);

  if (rules.length === 0) {
    return (
      <section className="empty" role="alert">
        <h2>Export controls</h2>
        <p>
          No policy rules were loaded ({issues.length} issues). Rebuild the app with{" "}
          <code>npm run build -w @dualtrack/web</code>, which exports <code>data/policies/</code> into
          catalog.json.
        </p>
      </section>
    );
  }
  if (chip === undefined) return <p className="empty">No chips in the catalog.</p>;

  const result = classify(chip, rules, { date, to });
  const entries = timeline(chip, rules, to, { until: DATE_MAX });
  const allowed = allowedChips(
    data.chips.filter((c) => c.datacenter),
    rules,
    { date, to },
  );
  const byId = new Map(data.chips.map((c) => [c.id, c]));
  const exportAllowed = () =>
    download(
      `allowed-${to}-${date}.csv`,
      "text/csv",
      toCsv(
        ["chip", "name", "vendor", "eccn", "not_evaluable", "tpp", "us_review", "china_status"],
        allowed.map((a) => [
          a.chip,
          byId.get(a.chip)?.name ?? a.chip,
          byId.get(a.chip)?.vendor ?? "",
          a.result.eccn,
          a.result.unevaluated.join(" "),
          a.result.tpp,
          a.result.us.review,
          a.result.china.status,
        ]),
      ),
    );

  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">Export controls</h2>
      <form className="controls" onSubmit={(e) => e.preventDefault()} aria-label="Transaction">
        <ParamSelect
          name="chip"
          label="Chip"
          value={chipId}
          options={data.chips.map((c) => ({ value: c.id, label: c.name }))}
          set={set}
        />
        <label>
          Destination
          <select
            name="to"
            value={to}
            onChange={(e) => set({ to: e.target.value === "CN" ? "" : e.target.value })}
          >
            {DESTINATIONS.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label>
          Date
          <span className="slider">
            <input
              type="range"
              name="day"
              aria-label="Date slider"
              min={dayOf(DATE_MIN)}
              max={dayOf(DATE_MAX)}
              value={dayOf(date)}
              onChange={(e) => set({ date: isoOf(Number(e.target.value)) })}
            />
            <input
              type="date"
              name="date"
              min={DATE_MIN}
              max={DATE_MAX}
              value={date}
              onChange={(e) => e.target.value !== "" && set({ date: clampDate(e.target.value, date) })}
            />
          </span>
        </label>
      </form>

      <div
        className={`verdict ${result.us.licenseRequired ? "required" : "free"}`}
        data-verdict={result.us.licenseRequired ? "licence-required" : "no-licence"}
        aria-live="polite"
      >
        <h3>
          {chip.name} → {to} on {date}: {headline(result)}
        </h3>
        <p>
          ECCN <strong>{result.eccn}</strong>
          {result.paragraphs.length > 0 ? ` (${result.paragraphs.join(", ")})` : ""} · TPP{" "}
          {result.tpp === null ? "unknown" : formatValue(result.tpp)} · PD{" "}
          {result.pd === null ? "unknown" : formatValue(result.pd)} · China:{" "}
          <strong>{result.china.status}</strong>
          {result.china.confidence === null ? "" : ` (${result.china.confidence})`} · EAR reach:{" "}
          {result.ear.reach}
        </p>
        {result.unevaluated.length > 0 && (
          <p className="note">
            Not evaluated for lack of data: {result.unevaluated.join(", ")} — the ECCN may be higher.
          </p>
        )}
        {[...result.us.conditions, ...result.china.conditions].length > 0 && (
          <ul className="conditions">
            {[...result.us.conditions, ...result.china.conditions].map((c) => (
              <li key={`${c.rule}-${c.kind}-${c.text}`}>
                {c.text}
                {c.when === undefined ? "" : ` — only if ${c.when}`} <span className="muted">[{c.rule}]</span>
              </li>
            ))}
          </ul>
        )}
        <details>
          <summary>Explanation ({result.explanation.length} lines)</summary>
          <ol className="explanation">
            {result.explanation.map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a static list, never reordered; lines may repeat.
              <li key={i}>{line}</li>
            ))}
          </ol>
          <p>
            Sources:{" "}
            {Object.entries(result.sources).map(([rule, ids]) => (
              <span key={rule} className="rule-sources">
                {rule}: <SourceLinks ids={ids} sources={data.sources} />{" "}
              </span>
            ))}
          </p>
        </details>
      </div>

      <h3>
        Timeline of {chip.name} to {to}
      </h3>
      <p className="legend">
        Colour = US review: <span style={{ color: REVIEW_COLOR.none }}>■ none</span>{" "}
        <span style={{ color: REVIEW_COLOR.notification }}>■ notification</span>{" "}
        <span style={{ color: REVIEW_COLOR["case-by-case"] }}>■ case-by-case</span>{" "}
        <span style={{ color: REVIEW_COLOR["presumption-of-denial"] }}>■ presumption of denial</span>; the
        black line is the chosen date.
      </p>
      <TimelineStrip entries={entries} date={date} />

      <div className="section-head">
        <h3>
          Datacenter chips allowed to {to} on {date} ({allowed.length})
        </h3>
        <button type="button" onClick={exportAllowed}>
          CSV
        </button>
      </div>
      <p className="legend">
        Allowed = no US licence needed (notification at most)
        {to === "CN" ? " and China's status at most conditional" : ""}.
      </p>
      {allowed.length === 0 ? (
        <p className="empty">
          No datacenter chip in the catalog may be exported there on this date without a licence.
        </p>
      ) : (
        <div className="scroll">
          <table className="allowed">
            <thead>
              <tr>
                <th scope="col">Chip</th>
                <th scope="col">Vendor</th>
                <th scope="col">ECCN</th>
                <th scope="col" className="num">
                  TPP
                </th>
                <th scope="col">US review</th>
                <th scope="col">China</th>
              </tr>
            </thead>
            <tbody>
              {allowed.map((a) => (
                <tr key={a.chip} data-chip={a.chip}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => set({ chip: a.chip })}>
                      {byId.get(a.chip)?.name ?? a.chip}
                    </button>
                  </th>
                  <td>{byId.get(a.chip)?.vendor}</td>
                  <td>
                    {a.result.eccn}
                    {a.result.unevaluated.length > 0 && (
                      // an unknown TPP or die area: the chip passes on what is known only
                      <span
                        className="note"
                        data-unevaluated={a.result.unevaluated.join(" ")}
                        title={`not evaluable: ${a.result.unevaluated.join(", ")} — passes on what is known only; open the chip for the conditional licence`}
                      >
                        {" "}
                        (not evaluable)
                      </span>
                    )}
                  </td>
                  <td className="num">{a.result.tpp === null ? "—" : formatValue(a.result.tpp)}</td>
                  <td>{a.result.us.review}</td>
                  <td>{a.result.china.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
