import { z } from "zod";
import { partialDateSchema } from "./fact.js";

/** Kebab-case id, shared by sources, chips, models and vendors. */
export const idSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, "ids are lowercase kebab-case (letters, digits, '-' and '.')");

export const sourceKindSchema = z.enum([
  "datasheet",
  "filing",
  "regulation",
  "press",
  "analyst",
  "paper",
  "dataset",
  "config",
  "code",
]);
export type SourceKind = z.infer<typeof sourceKindSchema>;

/** One entry of `data/sources.yaml`. */
export const sourceSchema = z.strictObject({
  id: idSchema,
  title: z.string().min(1),
  publisher: z.string().min(1),
  date: partialDateSchema,
  url: z.url(),
  kind: sourceKindSchema,
  note: z.string().optional(),
});
export type Source = z.output<typeof sourceSchema>;

export const sourcesFileSchema = z.strictObject({ sources: z.array(sourceSchema) });
