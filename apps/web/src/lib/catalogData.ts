import {
  type Chip,
  chipSchema,
  type DataFile,
  type Model,
  modelSchema,
  type Source,
  sourceSchema,
} from "@dualtrack/core";
import { z } from "zod";

/** Everything the dashboard shows, from the API or from the static `catalog.json` export. */
export interface CatalogData {
  readonly chips: readonly Chip[];
  readonly models: readonly Model[];
  readonly sources: ReadonlyMap<string, Source>;
  /** Raw `data/policies/*.yaml` files (built into rules in the browser); empty when unavailable. */
  readonly policyFiles: readonly DataFile[];
  /** Raw `data/perf/*.yaml` files; empty when unavailable. */
  readonly perfFiles: readonly DataFile[];
  /** The example plans of `examples/plans/` (starting points for the Planner). */
  readonly plans: readonly { readonly id: string; readonly plan: unknown }[];
  /** Where the chips came from: the live API or the static export. */
  readonly origin: "api" | "static";
}

const dataFileSchema = z.object({ path: z.string(), data: z.unknown() });

/** The published source shape: `date` is already a string, so the record schema's transform is a no-op. */
const publishedSourceSchema = sourceSchema.extend({ url: z.string(), date: z.string() });

/** The shape written by `scripts/export-catalog.mjs`. */
export const catalogDocSchema = z.object({
  sources: z.array(publishedSourceSchema),
  chips: z.array(chipSchema),
  models: z.array(modelSchema),
  policyFiles: z.array(dataFileSchema).default([]),
  perfFiles: z.array(dataFileSchema).default([]),
  plans: z.array(z.object({ id: z.string(), plan: z.unknown() })).default([]),
});

/** A `fetch` as the loader needs it (injected in tests). */
export type Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

async function getJson(fetchFn: Fetch, url: string): Promise<unknown> {
  const response = await fetchFn(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

/** `/api/chips` may answer a bare array or `{ chips: [...] }`. */
function listOf(doc: unknown, key: string): unknown {
  if (doc !== null && typeof doc === "object" && !Array.isArray(doc) && key in doc) {
    return (doc as Record<string, unknown>)[key];
  }
  return doc;
}

function toFiles(files: readonly { path: string; data: unknown }[]): DataFile[] {
  return files.map((f) => ({ path: f.path, data: f.data }));
}

/**
 * Loads the dashboard's data: the static export `catalog.json` (bundled beside the app) and, when an API
 * server answers, its live chips and models, which take precedence. Throws with a readable
 * message when neither is available or the data does not match the schemas.
 */
export async function loadCatalogData(fetchFn: Fetch, base = ""): Promise<CatalogData> {
  const [staticDoc, apiDoc] = await Promise.all([
    getJson(fetchFn, `${base}catalog.json`).then(
      (doc) => catalogDocSchema.parse(doc),
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    ),
    Promise.all([getJson(fetchFn, `${base}api/chips`), getJson(fetchFn, `${base}api/models`)]).then(
      ([chips, models]) => ({
        chips: z.array(chipSchema).parse(listOf(chips, "chips")),
        models: z.array(modelSchema).parse(listOf(models, "models")),
      }),
      () => null,
    ),
  ]);
  const fromStatic = staticDoc instanceof Error ? null : staticDoc;
  if (apiDoc === null && fromStatic === null) {
    const why = staticDoc instanceof Error ? staticDoc.message : "";
    throw new Error(
      `No data: neither the API (/api/chips) nor catalog.json could be loaded (${why}). Start the server with \`npx dualtrack serve\`, or run \`npm run export-catalog -w @dualtrack/web\` before \`vite\`.`,
    );
  }
  // The API has no sources endpoint: titles and links come from the export built with the app.
  const sources = fromStatic?.sources ?? [];
  return {
    chips: apiDoc?.chips ?? fromStatic?.chips ?? [],
    models: apiDoc?.models ?? fromStatic?.models ?? [],
    sources: new Map(sources.map((s) => [s.id, s as Source])),
    policyFiles: toFiles(fromStatic?.policyFiles ?? []),
    perfFiles: toFiles(fromStatic?.perfFiles ?? []),
    plans: fromStatic?.plans ?? [],
    origin: apiDoc === null ? "static" : "api",
  };
}
