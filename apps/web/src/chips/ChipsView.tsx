import type { Chip } from "@dualtrack/core";
import { Fragment, useEffect, useMemo, useState } from "react";
import { ParamSelect } from "../components/ParamSelect.js";
import { PlotFigure } from "../components/PlotFigure.js";
import { ConfidenceBadge, provenanceTitle } from "../components/Provenance.js";
import type { CatalogData } from "../lib/catalogData.js";
import { COLUMNS, type Column, columnByKey, formatValue, NUMERIC_COLUMNS } from "../lib/columns.js";
import { toCsv } from "../lib/csv.js";
import { download } from "../lib/download.js";
import { type ChipFilter, distinct, filterChips, type SortDir, sortChips } from "../lib/table.js";
import { listParam, numberParam, type UrlState } from "../lib/urlState.js";
import { ChipDetails } from "./ChipDetails.js";
import { Compare } from "./Compare.js";

const MAX_COMPARE = 4;

function filterFrom(state: UrlState): ChipFilter {
  return {
    q: state.q ?? "",
    vendor: state.vendor ?? "",
    country: state.country ?? "",
    status: state.status ?? "",
    spec: state.spec ?? "",
    min: numberParam(state, "min"),
    max: numberParam(state, "max"),
    datacenter: state.dc === "1",
  };
}

function visibleColumns(state: UrlState): Column[] {
  const keys = listParam(state, "cols");
  if (keys.length === 0) return COLUMNS.filter((c) => c.visible);
  return COLUMNS.filter((c) => c.key === "name" || keys.includes(c.key));
}

function derivedTitle(col: Column, chip: Chip): string | undefined {
  if (col.key === "tpp") return "TPP = max over precisions of dense rate × bits (3A090 Technical Note 1)";
  if (col.key === "pd")
    return chip.dieMm2 === null ? "die area unknown" : `TPP ÷ die area ${chip.dieMm2} mm²`;
  return undefined;
}

/** The chart code (Observable Plot, most of the bundle) loads after the table, off the first paint's path. */
const loadCharts = () => import("./charts.js");
export function ChipsView(props: {
  readonly data: CatalogData;
  readonly state: UrlState;
  readonly set: (patch: Readonly<Record<string, string>>) => void;
}) {
  const { data, state, set } = props;
  const filter = filterFrom(state);
  const sortKey = state.sort ?? "name";
  const sortDir: SortDir = state.dir === "desc" ? "desc" : "asc";
  const compareIds = listParam(state, "compare").slice(0, MAX_COMPARE);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const columns = visibleColumns(state);

  // 59 chips: filtering and sorting on every render costs well under a millisecond.
  const rows = sortChips(filterChips(data.chips, filter), sortKey, sortDir);
  const vendors = useMemo(() => distinct(data.chips, (c) => c.vendor), [data.chips]);
  const countries = useMemo(() => distinct(data.chips, (c) => c.country), [data.chips]);
  const statuses = useMemo(() => distinct(data.chips, (c) => c.status), [data.chips]);
  const compared = compareIds.flatMap((id) => data.chips.filter((c) => c.id === id));
  const highlight = new Set(compareIds);
  if (performance.getEntriesByName("dualtrack:table-render-start").length === 0)
    performance.mark("dualtrack:table-render-start");
  // Marks the table's first commit (the browser tests print it as the first-load figure).
  useEffect(() => {
    if (performance.getEntriesByName("dualtrack:table-rendered").length === 0)
      performance.mark("dualtrack:table-rendered");
  }, []);

  const toggleSort = (key: string) => {
    if (key === sortKey) set({ dir: sortDir === "asc" ? "desc" : "" });
    else set({ sort: key === "name" ? "" : key, dir: columnByKey(key)?.numeric === true ? "desc" : "" });
  };
  const toggleCompare = (id: string) => {
    const next = compareIds.includes(id) ? compareIds.filter((x) => x !== id) : [...compareIds, id];
    set({ compare: next.slice(0, MAX_COMPARE).join(",") });
  };
  const toggleExpanded = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleColumn = (key: string) => {
    const current = columns.map((c) => c.key).filter((k) => k !== "name");
    const next = current.includes(key) ? current.filter((k) => k !== key) : [...current, key];
    set({ cols: next.join(",") });
  };
  const exportCsv = () =>
    download(
      "chips.csv",
      "text/csv",
      toCsv(
        ["id", ...COLUMNS.map((c) => (c.unit === "" ? c.label : `${c.label} (${c.unit})`))],
        rows.map((chip) => [chip.id, ...COLUMNS.map((c) => c.get(chip))]),
      ),
    );
  const clear = () => set({ q: "", vendor: "", country: "", status: "", spec: "", min: "", max: "", dc: "" });
  const chartWidth = Math.min(
    720,
    Math.max(320, (typeof window === "undefined" ? 1200 : window.innerWidth) - 48),
  );

  const chartKey = `${rows.map((c) => c.id).join()}|${compareIds.join()}|${chartWidth}`;

  return (
    <section aria-labelledby="chips-title">
      <h2 id="chips-title">Chips</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter chips">
        <label>
          Search
          <input
            type="search"
            name="q"
            value={filter.q}
            placeholder="name, id or vendor"
            onChange={(e) => set({ q: e.target.value })}
          />
        </label>
        <ParamSelect
          name="vendor"
          label="Vendor"
          value={filter.vendor}
          options={vendors}
          set={set}
          blank="all"
        />
        <ParamSelect
          name="country"
          label="Country"
          value={filter.country}
          options={countries}
          set={set}
          blank="all"
        />
        <ParamSelect
          name="status"
          label="Status"
          value={filter.status}
          options={statuses}
          set={set}
          blank="all"
        />
        <ParamSelect
          name="spec"
          label="Spec"
          value={filter.spec}
          options={NUMERIC_COLUMNS.map((c) => ({
            value: c.key,
            label: `${c.label}${c.unit === "" ? "" : ` (${c.unit})`}`,
          }))}
          set={set}
          blank="—"
        />
        <label>
          min
          <input
            type="number"
            name="min"
            className="short"
            value={state.min ?? ""}
            disabled={filter.spec === ""}
            onChange={(e) => set({ min: e.target.value })}
          />
        </label>
        <label>
          max
          <input
            type="number"
            name="max"
            className="short"
            value={state.max ?? ""}
            disabled={filter.spec === ""}
            onChange={(e) => set({ max: e.target.value })}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            name="dc"
            checked={filter.datacenter}
            onChange={(e) => set({ dc: e.target.checked ? "1" : "" })}
          />
          datacenter only
        </label>
        <button type="button" onClick={clear}>
          Clear filters
        </button>
      </form>

      <div className="section-head">
        <p className="count" role="status">
          {rows.length} of {data.chips.length} chips
          {compareIds.length > 0
            ? ` · ${compareIds.length} selected to compare`
            : " · tick up to 4 to compare"}
        </p>
        <details className="columns">
          <summary>Columns</summary>
          {COLUMNS.filter((c) => c.key !== "name").map((c) => (
            <label key={c.key} className="check">
              <input
                type="checkbox"
                checked={columns.some((x) => x.key === c.key)}
                onChange={() => toggleColumn(c.key)}
              />
              {c.label}
            </label>
          ))}
        </details>
        <button type="button" onClick={exportCsv}>
          CSV
        </button>
      </div>

      {rows.length === 0 ? (
        <div className="empty" role="status">
          <p>No chip matches these filters.</p>
          <button type="button" onClick={clear}>
            Clear filters
          </button>
        </div>
      ) : (
        <div className="scroll">
          <table className="chips">
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">Compare</span>
                </th>
                {columns.map((c) => (
                  <th
                    key={c.key}
                    scope="col"
                    className={c.numeric ? "num" : undefined}
                    aria-sort={
                      c.key === sortKey ? (sortDir === "asc" ? "ascending" : "descending") : undefined
                    }
                  >
                    <button
                      type="button"
                      className="sort"
                      onClick={() => toggleSort(c.key)}
                      data-sort={c.key}
                    >
                      {c.label}
                      {c.unit === "" ? "" : <span className="unit"> {c.unit}</span>}
                      <span aria-hidden="true">
                        {c.key === sortKey ? (sortDir === "asc" ? " ▲" : " ▼") : ""}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((chip) => {
                const open = expanded.has(chip.id);
                const selected = compareIds.includes(chip.id);
                return (
                  <Fragment key={chip.id}>
                    <tr data-chip={chip.id} className={selected ? "selected" : undefined}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Compare ${chip.name}`}
                          checked={selected}
                          disabled={!selected && compareIds.length >= MAX_COMPARE}
                          onChange={() => toggleCompare(chip.id)}
                        />
                      </td>
                      {columns.map((c) => {
                        const v = c.get(chip);
                        if (c.key === "name") {
                          return (
                            <th key={c.key} scope="row">
                              <button
                                type="button"
                                className="expand"
                                aria-expanded={open}
                                onClick={() => toggleExpanded(chip.id)}
                              >
                                <span aria-hidden="true">{open ? "▾" : "▸"}</span> {chip.name}
                              </button>
                            </th>
                          );
                        }
                        const title =
                          c.path === null
                            ? derivedTitle(c, chip)
                            : v === null
                              ? undefined
                              : provenanceTitle(chip, c.path, data.sources);
                        return (
                          <td
                            key={c.key}
                            className={c.numeric ? "num" : undefined}
                            title={title}
                            data-field={c.key}
                          >
                            {formatValue(v)}
                            {c.path !== null && v !== null && (
                              <ConfidenceBadge confidence={chip.confidence[c.path]} />
                            )}
                          </td>
                        );
                      })}
                    </tr>
                    {open && (
                      <tr className="details-row">
                        <td colSpan={columns.length + 1}>
                          <ChipDetails chip={chip} sources={data.sources} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="legend">
        Confidence: <ConfidenceBadge confidence="vendor" /> vendor <ConfidenceBadge confidence="reported" />{" "}
        reported <ConfidenceBadge confidence="estimate" /> estimate <ConfidenceBadge confidence="low" /> low.
        Hover a number for its sources; open a row for links and notes. Dense rates, no sparsity.
      </p>

      <Compare chips={compared} sources={data.sources} remove={toggleCompare} />

      <div className="charts">
        <PlotFigure
          name="bf16-vs-bandwidth"
          title="BF16 dense TFLOPS vs memory bandwidth"
          empty="No chip in the filter has both a BF16 rate and a memory bandwidth."
          render={() => loadCharts().then((m) => m.bandwidthChart(rows, highlight, chartWidth))}
          depsKey={chartKey}
          defer
        />
        <PlotFigure
          name="tpp-vs-pd"
          title="TPP vs performance density, 3A090 thresholds (Oct 2023)"
          empty="No chip in the filter has both a TPP and a die area."
          render={() => loadCharts().then((m) => m.tppChart(rows, highlight, chartWidth))}
          depsKey={chartKey}
          defer
        />
      </div>
    </section>
  );
}
