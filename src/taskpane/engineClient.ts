/**
 * The review computed away from the pane: `computeReview` is pure (grids in, models and JSON out), so
 * the same function runs in a Web Worker in the browser and Excel, and in-thread in tests.
 */
import { Audience, ReviewModel, RunOptions, SheetOverride, WorkbookGrids, composeReview, ingestWorkbook, issueMessage, reviewJson, runReview } from "../engine";
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
  const input = ingestWorkbook(req.grids, { overrides: req.overrides });
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

/** In the calling thread: tests, and the fallback where workers are unavailable. */
export const localEngine: EngineClient = { review: async (req) => computeReview(req) };
