/**
 * The engine's public entry: the names hosts, the pane, the command line and the tests of public
 * behaviour use, listed one by one (the model of hyperformula's src/index.ts). Pure TypeScript: no
 * Office, no DOM, no file system. Hosts give it raw grids and get back tables, issues, figures and a
 * renderer-neutral review model laid out for every renderer. Anything not listed here is internal to
 * its folder (core ← ingest ← analytics ← terms ← review); a test of an internal imports its file.
 */
export { dayFromYmd, excelSerialFromDay, formatDay } from "./core/dates";
export { formatValue } from "./core/format";
export type { Audience, CellValue } from "./core/format";
export { cellDisplay, columnLetter } from "./core/grid";
export type { CellError, DefinedName, RawCell, SheetGrid, WorkbookGrids } from "./core/grid";
export { ISSUES_LISTED_PER_KIND, issueMessage } from "./core/issues";
export type { Issue } from "./core/issues";
export { DEFAULT_KEEP_REVIEWS, markName, parseMarks, planReviewSheets, retailerTag, sheetOfRef, sheetRef, staleMarkNames } from "./core/marks";
export type { EarlierReview, ReviewMark } from "./core/marks";
export { availablePeriods, isPeriodKeyShape, latestCompleteQuarter, parsePeriodKey, shiftPeriod } from "./core/periods";
export type { CompareMode, Coverage, Period } from "./core/periods";
export { userRetailerAliases } from "./core/retailers";
export { INPUT_KINDS, kindSpec } from "./core/schema";
export type { InputKind } from "./core/schema";
export { tableRows } from "./core/table";
export type { SheetOverride } from "./ingest/detect";
export { HEAD_ROWS, SheetStore } from "./ingest/encode";
export { templateSheets } from "./ingest/template";
export type { IngestOptions, IngestResult, SheetSink, StoredSheet } from "./ingest/types";
export { WorkbookIngest, ingestStored, ingestWorkbook } from "./ingest/workbook";
export { lastSellOutDay, listRetailers, reviewablePeriods, sellOutCoverage } from "./analytics/context";
export type { ShareFigures } from "./analytics/marketShare";
export { scoreStatus } from "./analytics/scorecard";
export { TermCatalogue } from "./terms/catalogue";
export { composeReview } from "./review/compose";
export { ACCENT, CELL_LOOKS, TABLE_STYLE, layoutReview, numberFormat, rangeAddress, safeSheetName } from "./review/layout";
export type { CellLook, CellRange, ChartPlacement, ChartSeries, PlacedCell, SheetLayout, TablePlacement } from "./review/layout";
export { cellFormat } from "./review/model";
export { DECK_COLUMNS_PER_SLIDE, DECK_ROWS_PER_SLIDE, layoutDeck } from "./review/deck";
export type { DeckPlan, DeckTable, SlidePlan } from "./review/deck";
export type { ReviewColumn, ReviewModel, ReviewTable } from "./review/model";
export { opportunityText, reviewJson, runReview, scorecardFor } from "./review/review";
export { periodWords } from "./review/periodWords";
export { calendarOf } from "./ingest/settings";
export type { Review, ReviewResult, RunOptions } from "./review/review";
