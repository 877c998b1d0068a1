/**
 * The review computed away from the pane: `computeReview` is pure (grids in, models and JSON out), so
 * the same function runs in a Web Worker in the browser and Excel, and in-thread in tests.
 */
import type { Period } from "../engine";
import {
  Audience,
  composeReview,
  HEAD_ROWS,
  IngestResult,
  ingestWorkbook,
  issueMessage,
  lastSellOutDay,
  listRetailers,
  reviewablePeriods,
  sellOutCoverage,
  reviewJson,
  ReviewModel,
  RunOptions,
  runReview,
  SheetGrid,
  SheetOverride,
  userRetailerAliases,
  WorkbookGrids,
} from "../engine";
import type { Lang } from "../i18n";

export interface ComputeRequest {
  grids: WorkbookGrids;
  overrides: Record<string, SheetOverride>;
  run: RunOptions;
  /** The review's language, and the pane's (for error sentences). */
  lang: Lang;
  uiLang: Lang;
  audience: Audience;
}

export type ComputeResult =
  { ok: true; model: ReviewModel; retailerModel: ReviewModel; json: string; retailer: string; period: string } | { ok: false; errors: string[] };

export interface EngineClient {
  review(request: ComputeRequest): Promise<ComputeResult>;
}

export function computeReview(req: ComputeRequest): ComputeResult {
  return reviewFromInput(ingestWorkbook(req.grids, { overrides: req.overrides }), req);
}

/** In the calling thread: tests, and the fallback where workers are unavailable. */
export const localEngine: EngineClient = { review: async (req) => computeReview(req) };

/** What the pane shows before a review: detected sources, issues, reconciliation and the choices they allow. */
export interface IngestSummary {
  detections: IngestResult["detections"];
  issues: IngestResult["issues"];
  reconciliation: IngestResult["reconciliation"];
  settings: IngestResult["settings"];
  /** Retailers in the sell-out, for the retailer choice. */
  retailers: string[];
  /** The last day with sell-out (the latest complete quarter is the default period). */
  lastSellOutDay: number | null;
  /** The periods the data supports, the default (latest complete quarter) first, then latest first. */
  periods: Period[];
  /** Sell-out by week or by day: promotions are evaluated (the pane shows their options). */
  weekData: boolean;
}

export function summarize(input: IngestResult): IngestSummary {
  const sellOut = input.tables["sell-out"];
  return {
    detections: input.detections,
    issues: input.issues,
    reconciliation: input.reconciliation,
    settings: input.settings,
    retailers: sellOut ? listRetailers(sellOut, userRetailerAliases(input.settings.retailerAliases)).retailers.map((r) => r.name) : [],
    lastSellOutDay: sellOut ? lastSellOutDay(sellOut) : null,
    periods: reviewablePeriods(input),
    weekData: sellOut ? sellOutCoverage(sellOut).weekData : false,
  };
}

/** A request without the data: the workbook it is sent to holds that. */
export type ReviewRequest = Omit<ComputeRequest, "grids">;

/**
 * A workbook the pane has opened. In Excel its grids are held by the pane; a picked file stays in a
 * worker (src/hosts/browser/fileSession.ts) that streams it into the engine, so a million-row file is
 * never copied between threads as a grid.
 */
export interface LoadedWorkbook {
  /** Each sheet's first rows: sample values in the columns view. */
  heads: SheetGrid[];
  ingest(overrides: Record<string, SheetOverride>): Promise<IngestSummary>;
  review(request: ReviewRequest): Promise<ComputeResult>;
}

/** Grids the pane holds (Excel's reader, tests): ingested in the pane, reviewed by the engine client. */
export function gridsWorkbook(grids: WorkbookGrids, engine: EngineClient): LoadedWorkbook {
  return {
    heads: grids.sheets.map((g) => ({ ...g, rows: g.rows.slice(0, HEAD_ROWS) })),
    ingest: async (overrides) => summarize(ingestWorkbook(grids, { overrides })),
    review: (request) => engine.review({ ...request, grids }),
  };
}

/** The review from an ingested workbook: the part of `computeReview` after ingestion. */
export function reviewFromInput(input: IngestResult, req: ReviewRequest): ComputeResult {
  const res = runReview(input, req.run);
  if (!res.ok) return { ok: false, errors: res.issues.filter((i) => i.severity === "error").map((i) => issueMessage(i, req.uiLang)) };
  return {
    ok: true,
    model: composeReview(res.review, { lang: req.lang, audience: req.audience }),
    retailerModel: composeReview(res.review, { lang: req.lang, audience: "retailer" }),
    json: JSON.stringify(reviewJson(res.review, { audience: req.audience, lang: req.lang }), null, 2),
    retailer: res.review.context.retailer.name,
    period: res.review.context.P.key,
  };
}
