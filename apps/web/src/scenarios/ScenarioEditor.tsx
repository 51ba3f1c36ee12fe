import { useDeferredValue, useEffect, useMemo, useState } from "react";
import { stringify } from "yaml";
import { z } from "zod";
import { IssueList } from "../components/IssueList.js";
import { apiJson } from "../lib/api.js";
import { readScenarioText } from "./scenarioText.js";

const versionSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  latestVersion: z.number().int(),
  body: z.unknown(),
});

type Loaded = { readonly version: number; readonly latestVersion: number; readonly text: string };
type Save =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; version: number }
  | { kind: "error"; message: string };

/**
 * The selected scenario's latest version as YAML, checked as you type against core's scenarioSchema and
 * `compileScenario` (the server's own check); "Save as new version" PUTs it (the server keeps every
 * version, so past runs still point at theirs) and "Run" starts a run pinned to the stored version shown.
 */
export function ScenarioEditor(props: {
  readonly scenario: string;
  readonly busy: boolean;
  /** Called with the version now in the editor (on load and after each save): the one Run uses. */
  readonly onVersion: (scenario: string, version: number) => void;
  readonly onRun: () => void;
}) {
  const { scenario, onVersion } = props;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [save, setSave] = useState<Save>({ kind: "idle" });
  // Checking a large scenario on every keystroke would make typing lag; React checks the settled text.
  const deferred = useDeferredValue(text);
  const read = useMemo(() => readScenarioText(deferred), [deferred]);

  useEffect(() => {
    let live = true;
    setLoaded(null);
    setLoadError(null);
    setSave({ kind: "idle" });
    apiJson(`api/scenarios/${encodeURIComponent(scenario)}`).then(
      (doc) => {
        if (!live) return;
        const v = versionSchema.parse(doc);
        const yaml = stringify(v.body, { lineWidth: 0 });
        setLoaded({ version: v.version, latestVersion: v.latestVersion, text: yaml });
        setText(yaml);
        onVersion(scenario, v.version);
      },
      (error: unknown) => live && setLoadError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [scenario, onVersion]);

  if (loadError !== null)
    return (
      <p className="error" role="alert">
        Could not load scenario {scenario} for editing: {loadError}
      </p>
    );
  if (loaded === null)
    return (
      <p className="status" role="status">
        Loading scenario {scenario}…
      </p>
    );

  const dirty = text !== loaded.text;
  const saveVersion = async () => {
    // Check the text as typed now, not the deferred copy, so that what is saved is what was checked.
    const now = readScenarioText(text);
    if (!now.ok || !dirty) return;
    setSave({ kind: "saving" });
    try {
      const doc = await apiJson(
        `api/scenarios/${encodeURIComponent(scenario)}`,
        { body: now.data, baseVersion: loaded.version },
        "PUT",
      );
      const v = versionSchema.parse(doc);
      setLoaded({ version: v.version, latestVersion: v.latestVersion, text });
      setSave({ kind: "saved", version: v.version });
      onVersion(scenario, v.version);
    } catch (error) {
      setSave({ kind: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
  const checked = read.ok && deferred === text;

  return (
    <div className="scenario-editor">
      <label className="block">
        Scenario {scenario}, version {loaded.version}, as YAML (checked against the scenario schema as you
        type; Ctrl+S saves)
        <textarea
          name="scenario-text"
          value={text}
          spellCheck={false}
          aria-invalid={!read.ok}
          aria-describedby="scenario-check"
          onChange={(e) => {
            setText(e.target.value);
            if (save.kind !== "saving") setSave({ kind: "idle" });
          }}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
              e.preventDefault();
              void saveVersion();
            }
          }}
        />
      </label>
      <div className="editor-bar">
        <span
          id="scenario-check"
          className={read.ok ? "ok" : "bad"}
          data-check={read.ok ? "valid" : "invalid"}
          aria-live="polite"
        >
          {read.ok
            ? `Valid scenario: ${read.scenario.start}–${read.scenario.end}, ${read.scenario.products.length} products.${dirty ? ` Unsaved edits: Run uses version ${loaded.version} as stored.` : ""}`
            : `${read.issues.length} ${read.syntax ? "syntax" : "schema"} problem${read.issues.length === 1 ? "" : "s"}; fix ${read.issues.length === 1 ? "it" : "them"} to save:`}
        </span>
        <button
          type="button"
          data-action="save-version"
          disabled={!checked || !dirty || save.kind === "saving"}
          onClick={() => void saveVersion()}
        >
          {save.kind === "saving" ? "Saving…" : "Save as new version"}
        </button>
        <button type="button" data-action="run-version" disabled={props.busy} onClick={props.onRun}>
          Run version {loaded.version}
        </button>
      </div>
      {!read.ok && (
        <div className="issues" data-scenario="schema">
          <IssueList issues={read.issues} />
        </div>
      )}
      <p className="save-status" role="status" data-save={save.kind}>
        {save.kind === "saved" && (
          <>
            Saved as <strong data-version={save.version}>version {save.version}</strong>; runs now use it.
          </>
        )}
      </p>
      {save.kind === "error" && (
        <p className="error" role="alert">
          Not saved: {save.message}
          {/409/.test(save.message) ? " (someone saved a newer version: reload the page to edit it)" : ""}
        </p>
      )}
    </div>
  );
}
