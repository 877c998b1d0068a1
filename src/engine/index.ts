/**
 * The engine's public entry. Pure TypeScript: no Office, no DOM, no file system. Hosts give it
 * raw grids and get back tables, issues, figures and a renderer-neutral review model.
 */
export * from "./grid";
export * from "./schema";
export * from "./detect";
export * from "./ingest";
export * from "./issues";
export * from "./periods";
export * from "./context";
export * from "./marketShare";
export * from "./reviewModel";
export * from "./review";
export * from "./compose";
export * from "./layout";
export * from "./assortment";
export * from "./price";
export * from "./opportunities";
export * from "./scorecard";
export * from "./tradeTerms";
export * from "./tradeReview";
export * from "./termCatalogue";
export { formatValue } from "./format";
export * from "./table";
export { parsePackSize } from "./pack";
export { coerceNumber, coerceDate, coerceRate, coerceText, normalizeKey } from "./coerce";
export { dayFromYmd, excelSerialFromDay, formatDay } from "./dates";
export * from "./encode";
export * from "./generated";
