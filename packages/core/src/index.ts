export type { Catalog, CatalogFiles, CatalogIssue, DataFile } from "./catalog/catalog.js";
export { buildCatalog, formatIssue, PARAM_TOLERANCE, paramTolerance } from "./catalog/catalog.js";
export type { Chip, ChipRecord, ChipStatus, Precision } from "./catalog/chip.js";
export {
  chipFromRecord,
  chipRecordSchema,
  chipSchema,
  chipStatusSchema,
  chipsFileSchema,
  PRECISION_BITS,
  PRECISIONS,
} from "./catalog/chip.js";
export { closestIds, editDistance } from "./catalog/closestIds.js";
export type { Confidence, Fact, PriceFact } from "./catalog/fact.js";
export { confidenceSchema, factSchema, priceFactSchema } from "./catalog/fact.js";
export type { Arch, Model, ModelRecord } from "./catalog/model.js";
export { archSchema, modelRecordSchema, modelSchema, modelsFileSchema } from "./catalog/model.js";
export { modelFromRecord } from "./catalog/modelFromRecord.js";
export type { ParamCount } from "./catalog/paramCount.js";
export { attentionParams, linearAttentionParams, paramCount } from "./catalog/paramCount.js";
export type { Source, SourceKind } from "./catalog/source.js";
export { idSchema, sourceKindSchema, sourceSchema, sourcesFileSchema } from "./catalog/source.js";
