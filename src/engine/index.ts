/**
 * The engine's public entry. Pure TypeScript: no Office, no DOM, no file system. Hosts give it
 * raw grids and get back tables, issues, figures and a renderer-neutral review model.
 */
export * from "./core/grid";
export * from "./core/schema";
export * from "./ingest/detect";
export * from "./ingest/workbook";
export * from "./ingest/types";
export { DEFAULT_SETTINGS } from "./ingest/settings";
export type { Settings } from "./ingest/settings";
export { codeFromFloatForm } from "./ingest/products";
export type { ProductInfo } from "./ingest/products";
export { coercePeriodCell } from "./ingest/cells";
export * from "./ingest/template";
export * from "./core/issues";
export * from "./core/periods";
export * from "./analytics/context";
export * from "./core/retailers";
export * from "./analytics/marketShare";
export * from "./review/model";
export * from "./review/review";
export * from "./review/compose";
export * from "./review/layout";
export * from "./analytics/assortment";
export * from "./analytics/price";
export * from "./analytics/opportunities";
export * from "./analytics/scorecard";
export * from "./terms/tradeTerms";
export * from "./terms/tradeReview";
export * from "./terms/catalogue";
export { formatValue } from "./core/format";
export * from "./core/table";
export { parsePackSize } from "./core/pack";
export { coerceNumber, coerceDate, coerceRate, coerceText, normalizeKey } from "./core/coerce";
export { dayFromYmd, excelSerialFromDay, formatDay } from "./core/dates";
export * from "./ingest/encode";
export * from "./core/marks";
