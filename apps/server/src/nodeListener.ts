import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { App } from "./serverContext.js";

/** What the fast lane needs from the app. */
export interface FastLaneOptions {
  readonly app: App;
  /** Bodies larger than this go to Hono (which answers 413). */
  readonly maxBodyBytes: number;
  /**
   * The JSON answer to a `POST /api/perf` body, or undefined for anything that is not a plain 200 (bad
   * JSON, a failed validation, an unknown id, an estimate error): Hono then answers it in full.
   */
  readonly perf: (body: unknown) => string | undefined;
  /** The request log of the logging middleware: a fresh request id, and the record once answered. */
  readonly nextRequestId: () => string;
  readonly logRequest: (id: string, method: string, path: string, status: number, ms: number) => void;
}

// Hono's JSON validator takes these content types (and only these) as a JSON body.
const JSON_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/;

/**
 * The Node request listener of the server: Hono's (`getRequestListener`) for every request, except a
 * `POST /api/perf` with a JSON body and a `content-length` within the limit, which is answered here
 * straight from the shared perf answer when it is a 200. @hono/node-server builds a Web `Request`,
 * `ReadableStream` and `AbortSignal` per body, which cost more than the (cached) estimate itself and
 * kept the route under its 5,000 req/s target on two cores (docs/server.md). Whatever the lane cannot
 * answer with a 200 is handed to Hono with the body already read, so errors, their format and the
 * request log are Hono's.
 */
export function nodeListener(options: FastLaneOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const hono = getRequestListener(options.app.fetch);
  return (req, res) => {
    const length = Number(req.headers["content-length"]);
    if (
      req.method !== "POST" ||
      req.url !== "/api/perf" ||
      !Number.isInteger(length) ||
      length > options.maxBodyBytes ||
      !JSON_TYPE.test(req.headers["content-type"] ?? "")
    ) {
      void hono(req, res);
      return;
    }
    const t0 = performance.now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", () => res.destroy());
    req.on("end", () => {
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      let answer: string | undefined;
      try {
        answer = options.perf(JSON.parse(body.toString("utf8")));
      } catch {
        answer = undefined;
      }
      if (answer === undefined) {
        void toHono(options.app, req, res, body);
        return;
      }
      const id = options.nextRequestId();
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(answer),
      });
      res.end(answer);
      options.logRequest(id, "POST", "/api/perf", 200, performance.now() - t0);
    });
  };
}

/** Hands a request whose body was read to Hono as a Web `Request` and writes its `Response` back. */
async function toHono(app: App, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
    const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
    const response = await app.fetch(
      new Request(url, { method: req.method ?? "POST", headers, body: new Uint8Array(body) }),
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    out["content-length"] = String(bytes.length);
    res.writeHead(response.status, out);
    res.end(bytes);
  } catch {
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    const error = {
      status: 500,
      code: "internal",
      message: "internal error; the server log has the details",
    };
    res.end(JSON.stringify({ error }));
  }
}
