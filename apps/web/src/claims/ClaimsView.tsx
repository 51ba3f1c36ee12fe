import { z } from "zod";
import { ParamSelect } from "../components/ParamSelect.js";
import { SourceLinks } from "../components/Provenance.js";
import { ApiError, useApi } from "../lib/api.js";
import type { CatalogData } from "../lib/catalogData.js";
import { toCsv } from "../lib/csv.js";
import { download } from "../lib/download.js";
import type { UrlState } from "../lib/urlState.js";

const VERDICTS = ["supported", "contradicted", "plausible", "unverifiable"] as const;

const claimSchema = z.object({
  id: z.string(),
  claim: z.string(),
  where: z.object({ article: z.string(), paragraph: z.number() }),
  subject: z.object({ kind: z.string(), id: z.string().optional(), name: z.string().optional() }),
  verdict: z.enum(VERDICTS),
  reasons: z.array(z.string()),
  source: z.array(z.string()).default([]),
});
type Claim = z.output<typeof claimSchema>;
const claimsSchema = z.array(claimSchema);

/** The evidence ledger: every claim of the seed articles with its verdict and reasons, from `GET /api/claims`. */
export function ClaimsView(props: {
  readonly data: CatalogData;
  readonly state: UrlState;
  readonly set: (patch: Readonly<Record<string, string>>) => void;
}) {
  const { data, state, set } = props;
  const remote = useApi("api/claims", (doc) => claimsSchema.parse(doc));
  const verdict = VERDICTS.find((v) => v === state.verdict) ?? "";
  const q = (state.cq ?? "").toLowerCase();
  if (remote.kind === "loading")
    return (
      <p className="status" role="status">
        Loading the claims ledger…
      </p>
    );
  if (remote.kind === "error") return <ApiError title="Could not load the claims" message={remote.message} />;
  const all = remote.value;
  const counts = new Map(VERDICTS.map((v) => [v, all.filter((c) => c.verdict === v).length]));
  const rows = all.filter(
    (c: Claim) =>
      (verdict === "" || c.verdict === verdict) &&
      (q === "" || `${c.claim} ${c.id}`.toLowerCase().includes(q)),
  );
  const exportCsv = () =>
    download(
      "claims.csv",
      "text/csv",
      toCsv(
        ["id", "article", "paragraph", "subject", "verdict", "claim", "reasons", "sources"],
        rows.map((c) => [
          c.id,
          c.where.article,
          c.where.paragraph,
          c.subject.id ?? c.subject.kind,
          c.verdict,
          c.claim,
          c.reasons.join(" | "),
          c.source.join(" "),
        ]),
      ),
    );
  return (
    <section aria-labelledby="claims-title">
      <h2 id="claims-title">Claims</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter claims">
        <label>
          Search
          <input
            type="search"
            name="cq"
            value={state.cq ?? ""}
            onChange={(e) => set({ cq: e.target.value })}
          />
        </label>
        <ParamSelect
          name="verdict"
          label="Verdict"
          value={verdict}
          options={VERDICTS.map((v) => ({ value: v, label: `${v} (${counts.get(v) ?? 0})` }))}
          set={set}
          blank={`all (${all.length})`}
        />
        <button type="button" onClick={exportCsv}>
          CSV
        </button>
      </form>
      <p className="count" role="status">
        {rows.length} of {all.length} claims
      </p>
      {rows.length === 0 ? (
        <p className="empty">No claim matches; clear the search or pick another verdict.</p>
      ) : (
        <div className="scroll">
          <table className="claims">
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Where</th>
                <th scope="col">Verdict</th>
                <th scope="col">Reasons</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-claim={c.id} data-verdict={c.verdict}>
                  <td>{c.claim}</td>
                  <td>
                    article {c.where.article} ¶{c.where.paragraph}
                  </td>
                  <td>
                    <span className={`pill v-${c.verdict}`}>{c.verdict}</span>
                  </td>
                  <td className="note">
                    {c.reasons.map((r, i) => (
                      // Reasons can repeat (the same arithmetic checked twice): position is the identity.
                      // biome-ignore lint/suspicious/noArrayIndexKey: a static list, never reordered.
                      <div key={i}>{r}</div>
                    ))}
                    {c.source.length > 0 && <SourceLinks ids={c.source} sources={data.sources} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
