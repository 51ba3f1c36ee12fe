import { useEffect, useState } from "react";

/** An API answer as the views render it: loading, failed (with what to do), or the parsed body. */
export type Remote<T> =
  | { kind: "loading" }
  | { kind: "error"; message: string }
  | { kind: "ready"; value: T };

/** The error body of the server (`{ error: { message } }` or `{ message }`), else the status line. */
async function failure(response: Response, url: string): Promise<Error> {
  let detail = "";
  try {
    const body = (await response.json()) as { error?: { message?: string } | string; message?: string };
    detail = typeof body.error === "string" ? body.error : (body.error?.message ?? body.message ?? "");
  } catch {
    // Not JSON: the status is all there is.
  }
  return new Error(`${url} answered ${response.status}${detail === "" ? "" : `: ${detail}`}`);
}

/**
 * GET JSON relative to the app (the server serves the app at `/` and the API at `/api`), or send `body`
 * with `method` (POST unless told, e.g. PUT for a new scenario version).
 */
export async function apiJson(
  path: string,
  body?: unknown,
  method: "POST" | "PUT" = "POST",
): Promise<unknown> {
  const init: RequestInit =
    body === undefined
      ? { headers: { accept: "application/json" } }
      : {
          method,
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify(body),
        };
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response, path);
  return response.json();
}

/** Fetches `path` once per `key` and parses it with `parse` (a zod `.parse`). */
export function useApi<T>(path: string, parse: (doc: unknown) => T, key: string = path): Remote<T> {
  const [state, setState] = useState<Remote<T>>({ kind: "loading" });
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch only when the key changes.
  useEffect(() => {
    let live = true;
    setState({ kind: "loading" });
    apiJson(path).then(
      (doc) => {
        if (!live) return;
        try {
          setState({ kind: "ready", value: parse(doc) });
        } catch (error) {
          setState({
            kind: "error",
            message: `unexpected answer from ${path}: ${String(error).slice(0, 300)}`,
          });
        }
      },
      (error: unknown) =>
        live && setState({ kind: "error", message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}

/** The error state of a view that needs the live server. */
export function ApiError(props: { readonly title: string; readonly message: string }) {
  return (
    <div className="error" role="alert">
      <h3>{props.title}</h3>
      <p>{props.message}</p>
      <p>
        This view needs the dualtrack server: run <code>npx dualtrack serve</code> and open the address it
        prints.
      </p>
    </div>
  );
}
