import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { Context } from "hono";
import type { AppEnv } from "./serverContext.js";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves a built single-page app from `dir`: a file when the path names one inside `dir` (never outside:
 * `..` is resolved first), else `index.html` so that client-side routes load. Hashed assets are cached
 * for a year, the rest revalidated.
 */
export function webHandler(dir: string) {
  const root = resolve(dir);
  return async (c: Context<AppEnv>): Promise<Response> => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text("bad path", 400);
    }
    const file = resolve(root, `.${normalize(`/${path}`)}`);
    const inside = file === root || file.startsWith(root + sep);
    const target = inside && (await isFile(file)) ? file : join(root, "index.html");
    const ext = extname(target);
    const body = await readFile(target);
    const immutable = target.includes(`${sep}assets${sep}`);
    return c.body(new Uint8Array(body), 200, {
      "content-type": TYPES[ext] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
  };
}

/** Whether `dir` holds a built web app (an `index.html`). */
export async function hasWebApp(dir: string): Promise<boolean> {
  return isFile(join(dir, "index.html"));
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );

/** The page at `/` until the web app is built: what runs, what the catalog holds, where the API is. */
export function statusPage(facts: Readonly<Record<string, string | number>>): string {
  const rows = Object.entries(facts)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(String(v))}</td></tr>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>dualtrack</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem}th{text-align:left;padding-right:1rem}</style>
</head><body><h1>dualtrack server</h1>
<p>The dashboard is not built (<code>npm run build -w apps/web</code> writes <code>apps/web/dist</code>). The API is up:</p>
<table>${rows}</table>
<p><a href="/api/docs">API documentation</a> · <a href="/api/openapi.json">OpenAPI 3.1</a> · <a href="/api/health">health</a></p>
</body></html>`;
}

/**
 * A readable API reference rendered in the browser from `/api/openapi.json` (no third-party assets, so it
 * works offline): each operation with its parameters, body schema and responses.
 */
export const DOCS_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>dualtrack API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{margin-top:2rem;border-bottom:1px solid #ddd}
details{margin:.4rem 0;border:1px solid #e3e3e3;border-radius:6px;padding:.3rem .7rem}
summary{cursor:pointer}
code.m{display:inline-block;min-width:4.2rem;font-weight:600}
.get{color:#0a6}.post{color:#06c}.put{color:#a60}.patch{color:#a60}.delete{color:#c22}
pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:13px}
</style></head><body>
<h1>dualtrack API</h1>
<p>Generated from the zod schemas: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are
<code>{ error: { status, code, message, issues?, suggestions? } }</code>.</p>
<div id="ops">Loading…</div>
<script type="module">
const spec = await (await fetch("/api/openapi.json")).json();
const esc = (s) => String(s).replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
const byTag = new Map();
for (const [path, ops] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    const tag = (op.tags && op.tags[0]) || "other";
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push({ path, method, op });
  }
}
let html = "";
for (const [tag, ops] of byTag) {
  html += "<h2>" + esc(tag) + "</h2>";
  for (const { path, method, op } of ops) {
    const params = (op.parameters || []).map((p) => "<li><code>" + esc(p.in + "." + p.name) + "</code>" + (p.required ? " (required)" : "") + " " + esc(p.schema ? JSON.stringify(p.schema) : "") + "</li>").join("");
    const body = op.requestBody ? "<h4>Body</h4><pre>" + esc(JSON.stringify(op.requestBody.content["application/json"]?.schema, null, 2)) + "</pre>" : "";
    const responses = Object.entries(op.responses || {}).map(([s, r]) => "<li><code>" + esc(s) + "</code> " + esc(r.description || "") + "</li>").join("");
    html += '<details><summary><code class="m ' + method + '">' + method.toUpperCase() + "</code> <code>" + esc(path) + "</code> — " + esc(op.summary || "") + "</summary>"
      + (params ? "<h4>Parameters</h4><ul>" + params + "</ul>" : "") + body + "<h4>Responses</h4><ul>" + responses + "</ul></details>";
  }
}
html += "<h2>Schemas</h2><pre>" + esc(JSON.stringify(spec.components?.schemas ?? {}, null, 2)) + "</pre>";
document.getElementById("ops").innerHTML = html;
</script></body></html>`;
