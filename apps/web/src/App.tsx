import { lazy, Suspense, useEffect, useState } from "react";
import { ChipsView } from "./chips/ChipsView.js";
import { type CatalogData, loadCatalogData } from "./lib/catalogData.js";
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

export function App() {
  const [state, set] = useUrlState();
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const view = viewOf(state);

  useEffect(() => {
    let live = true;
    loadCatalogData((url) => fetch(url, { headers: { accept: "application/json" } }))
      .then((data) => live && setLoaded({ kind: "ready", data }))
      .catch((error: unknown) => {
        if (live)
          setLoaded({ kind: "error", message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      live = false;
    };
  }, []);

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
          {loaded.kind === "ready" && view === "export" && (
            <ExportView data={loaded.data} state={state} set={set} />
          )}
          {loaded.kind === "ready" && view === "perf" && (
            <PerfView data={loaded.data} state={state} set={set} />
          )}
          {loaded.kind === "ready" && view === "plan" && (
            <PlannerView data={loaded.data} state={state} set={set} />
          )}
          {loaded.kind === "ready" && view === "scenarios" && <ScenariosView state={state} set={set} />}
          {loaded.kind === "ready" && view === "claims" && (
            <ClaimsView data={loaded.data} state={state} set={set} />
          )}
        </Suspense>
      </main>
    </>
  );
}
