import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** A tiny stand-in for the API: `/api/chips`, `/api/models`, `/api/sources` answered from catalog.json. */
async function api(root: string, path: string): Promise<unknown> {
  const doc = JSON.parse(await readFile(join(root, "catalog.json"), "utf8")) as Record<string, unknown>;
  const key = path.replace(/^\/api\//, "");
  return key in doc && ["chips", "models", "sources"].includes(key) ? doc[key] : undefined;
}

/**
 * Serves a built app folder on a free loopback port (and, with `withApi`, the read-only catalog API from
 * its catalog.json). Resolves with the base URL and a `close()`.
 */
export async function serveStatic(
  root: string,
  options: { withApi?: boolean } = {},
): Promise<{ url: string; close: () => Promise<void>; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const answer = async () => {
      if (path.startsWith("/api/")) {
        const body = options.withApi === true ? await api(root, path) : undefined;
        if (body === undefined) {
          res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
        } else {
          res.writeHead(200, { "content-type": TYPES[".json"] }).end(JSON.stringify(body));
        }
        return;
      }
      const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
      if (!file.startsWith(root + sep) && file !== root) {
        res.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
      } catch {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      }
    };
    answer().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
