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
  readonly plans: readonly {
    readonly id: string;
    readonly plan: unknown;
    readonly text?: string | undefined;
  }[];
  /** Where the chips came from: the live API or the static export. */
  readonly origin: "api" | "static";
  /** Whether `catalog-extra.json` (policy and perf files, plans) is in; the first view does without it. */
  readonly extras: boolean;
}

/** The part of the data only the Export, Performance and Planner views need (`catalog-extra.json`). */
export type CatalogExtras = Pick<CatalogData, "policyFiles" | "perfFiles" | "plans">;

const dataFileSchema = z.object({ path: z.string(), data: z.unknown() });

/** The published source shape: `date` is already a string, so the record schema's transform is a no-op. */
const publishedSourceSchema = sourceSchema.extend({ url: z.string(), date: z.string() });

/**
 * The shape of `catalog.json`. Chips and models are validated only when the API does not answer: the
 * API's own copies (validated server-side and again here) take precedence, so checking both would double
 * the parse work on first load for nothing.
 */
export const catalogDocSchema = z.object({
  sources: z.array(publishedSourceSchema),
  chips: z.array(z.unknown()),
  models: z.array(z.unknown()),
});

/** The shape of `catalog-extra.json`. */
export const catalogExtraSchema = z.object({
  policyFiles: z.array(dataFileSchema).default([]),
  perfFiles: z.array(dataFileSchema).default([]),
  plans: z.array(z.object({ id: z.string(), plan: z.unknown(), text: z.string().optional() })).default([]),
});

/** A `fetch` as the loader needs it (injected in tests). */
export type Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

async function getJson(fetchFn: Fetch, url: string): Promise<unknown> {
  const response = await fetchFn(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

/** A User Timing mark (the browser tests print them to show where first-load time goes). */
function mark(name: string): void {
  globalThis.performance?.mark?.(name);
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
      (doc) => {
        mark("dualtrack:catalog-fetched");
        return catalogDocSchema.parse(doc);
      },
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    ),
    Promise.all([getJson(fetchFn, `${base}api/chips`), getJson(fetchFn, `${base}api/models`)]).then(
      ([chips, models]) => {
        mark("dualtrack:api-fetched");
        return {
          chips: z.array(chipSchema).parse(listOf(chips, "chips")),
          models: z.array(modelSchema).parse(listOf(models, "models")),
        };
      },
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
  mark("dualtrack:data-parsed");
  // The API has no sources endpoint: titles and links come from the export built with the app.
  const sources = fromStatic?.sources ?? [];
  return {
    chips: apiDoc?.chips ?? z.array(chipSchema).parse(fromStatic?.chips ?? []),
    models: apiDoc?.models ?? z.array(modelSchema).parse(fromStatic?.models ?? []),
    sources: new Map(sources.map((s) => [s.id, s as Source])),
    policyFiles: [],
    perfFiles: [],
    plans: [],
    origin: apiDoc === null ? "static" : "api",
    extras: false,
  };
}

/** Loads `catalog-extra.json` (after the first view is up); throws with what to do when it is missing. */
export async function loadCatalogExtras(fetchFn: Fetch, base = ""): Promise<CatalogExtras> {
  let doc: unknown;
  try {
    doc = await getJson(fetchFn, `${base}catalog-extra.json`);
  } catch (error) {
    throw new Error(
      `catalog-extra.json could not be loaded (${error instanceof Error ? error.message : String(error)}). Rebuild the app with \`npm run build -w @dualtrack/web\`.`,
    );
  }
  const parsed = catalogExtraSchema.parse(doc);
  return {
    policyFiles: toFiles(parsed.policyFiles),
    perfFiles: toFiles(parsed.perfFiles),
    plans: parsed.plans,
  };
}

/** The data with its extras added (a new object, so per-data caches keyed on it rebuild once). */
export function withExtras(data: CatalogData, extras: CatalogExtras): CatalogData {
  return { ...data, ...extras, extras: true };
}
