export type { DataFiles } from "./loadCatalog.js";
export { defaultDataDir, loadCatalog, readCatalogFiles } from "./loadCatalog.js";
