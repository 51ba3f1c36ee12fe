import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { ChipsView } from "./chips/ChipsView.js";
import {
  type CatalogData,
  type CatalogExtras,
  loadCatalogData,
  loadCatalogExtras,
  withExtras,
} from "./lib/catalogData.js";
import { fetchJsonOnce } from "./lib/prefetch.js";
import { VIEWS, type View, viewOf } from "./lib/urlState.js";
import { useUrlState } from "./useUrlState.js";

// Views other than the landing one load on first visit, keeping the first download small.
const ExportView = lazy(() => import("./export/ExportView.js").then((m) => ({ default: m.ExportView })));
const PerfView = lazy(() => import("./perf/PerfView.js").then((m) => ({ default: m.PerfView })));
const PlannerView = lazy(() => import("./plan/PlannerView.js").then((m) => ({ default: m.PlannerView })));
const ScenariosView = lazy(() =>
  import("./scenarios/ScenariosView.js").then((m) => ({ default: m.ScenariosView })),
);
const ClaimsView = lazy(() => import("./claims/ClaimsView.js").then((m) => ({ default: m.ClaimsView })));

const VIEW_LABELS: Record<View, string> = {
  chips: "Chips",
  export: "Export controls",
  perf: "Performance",
  plan: "Planner",
  scenarios: "Scenarios",
  claims: "Claims",
};

type Loaded = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; data: CatalogData };
type Extras =
  | { kind: "loading" }
  | { kind: "error"; message: string }
  | { kind: "ready"; extras: CatalogExtras };

/** Views that need the policy and perf files or the example plans (`catalog-extra.json`). */
const NEEDS_EXTRAS: ReadonlySet<View> = new Set<View>(["export", "perf", "plan"]);

export function App() {
  const [state, set] = useUrlState();
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const [extras, setExtras] = useState<Extras>({ kind: "loading" });
  const view = viewOf(state);
  const full = useMemo(
    () =>
      loaded.kind === "ready" && extras.kind === "ready" ? withExtras(loaded.data, extras.extras) : null,
    [loaded, extras],
  );

  useEffect(() => {
    let live = true;
    loadCatalogData(fetchJsonOnce)
      .then((data) => live && setLoaded({ kind: "ready", data }))
      .catch((error: unknown) => {
        if (live)
          setLoaded({ kind: "error", message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      live = false;
    };
  }, []);

  // The extras load once the catalog is in, so the first view's download and parse do not wait on them.
  const ready = loaded.kind === "ready";
  useEffect(() => {
    if (!ready) return;
    let live = true;
    loadCatalogExtras(fetchJsonOnce)
      .then((x) => live && setExtras({ kind: "ready", extras: x }))
      .catch((error: unknown) => {
        if (live)
          setExtras({ kind: "error", message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      live = false;
    };
  }, [ready]);

  return (
    <>
      <header className="top">
        <h1>dualtrack</h1>
        <nav aria-label="Views">
          {VIEWS.map((v) => (
            <button
              key={v}
              type="button"
              className="tab"
              aria-current={v === view ? "page" : undefined}
              onClick={() => set({ view: v === "chips" ? "" : v })}
            >
              {VIEW_LABELS[v]}
            </button>
          ))}
        </nav>
        {loaded.kind === "ready" && (
          <span className="origin" title="Where the data came from">
            {loaded.data.chips.length} chips · {loaded.data.origin === "api" ? "live API" : "static export"}
          </span>
        )}
      </header>
      <main>
        {loaded.kind === "loading" && (
          <p className="status" role="status">
            Loading the catalog…
          </p>
        )}
        {loaded.kind === "error" && (
          <div className="error" role="alert">
            <h2>Could not load the data</h2>
            <p>{loaded.message}</p>
          </div>
        )}
        {loaded.kind === "ready" && view === "chips" && (
          <ChipsView data={loaded.data} state={state} set={set} />
        )}
        <Suspense
          fallback={
            <p className="status" role="status">
              Loading the view…
            </p>
          }
        >
          {loaded.kind === "ready" &&
            NEEDS_EXTRAS.has(view) &&
            full === null &&
            extras.kind === "loading" && (
              <p className="status" role="status">
                Loading the rules, calibration and plans…
              </p>
            )}
          {loaded.kind === "ready" && NEEDS_EXTRAS.has(view) && extras.kind === "error" && (
            <div className="error" role="alert">
              <h2>Could not load the data of this view</h2>
              <p>{extras.message}</p>
            </div>
          )}
          {full !== null && view === "export" && <ExportView data={full} state={state} set={set} />}
          {full !== null && view === "perf" && <PerfView data={full} state={state} set={set} />}
          {full !== null && view === "plan" && <PlannerView data={full} state={state} set={set} />}
          {loaded.kind === "ready" && view === "scenarios" && (
            <ScenariosView data={full} state={state} set={set} />
          )}
          {loaded.kind === "ready" && view === "claims" && (
            <ClaimsView data={loaded.data} state={state} set={set} />
          )}
        </Suspense>
      </main>
    </>
  );
}
