import { useCallback, useEffect, useState } from "react";
import { parseQuery, toQuery, type UrlState, withPatch } from "./lib/urlState.js";

/**
 * The query string as React state: `set(patch)` updates both (an empty value removes the key). Changes
 * of view push a history entry; everything else replaces the current one, so Back leaves the view.
 */
export function useUrlState(): [UrlState, (patch: Readonly<Record<string, string>>) => void] {
  const [state, setState] = useState<UrlState>(() => parseQuery(window.location.search));
  useEffect(() => {
    const onPop = () => setState(parseQuery(window.location.search));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const set = useCallback((patch: Readonly<Record<string, string>>) => {
    setState((prev) => {
      const next = withPatch(prev, patch);
      const url = `${window.location.pathname}${toQuery(next)}${window.location.hash}`;
      if ("view" in patch && patch.view !== prev.view) window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
      return next;
    });
  }, []);
  return [state, set];
}
