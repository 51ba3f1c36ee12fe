export { defaultDataDir, loadCatalog, readCatalogFiles } from "./loadCatalog.js";
