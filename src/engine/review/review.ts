/**
 * One review: retailer R, period P vs P'. `runReview` computes the figures; `composeReview`
 * lays them out as the renderer-neutral model; `reviewJson` writes docs/review-json.md.
 */
import { Lang, fill, strings } from "../../i18n";
import { AnalysisContext, ReviewOptions, buildContext } from "../analytics/context";
import type { IngestResult, Reconciliation } from "../ingest/types";
import { InputKind } from "../core/schema";
import { Issue, IssueJson, issueJson } from "../core/issues";
import { MarketShare, ShareFigures, computeMarketShare } from "../analytics/marketShare";
import { Period, rowInPeriod, shiftPeriod } from "../core/periods";
import { MoneySum } from "../core/sum";
import { Audience, ValueFormat } from "./model";
import { Assortment, AssortmentOptions, ListingGap, SkuFigures, computeAssortment } from "../analytics/assortment";
import { PricePosition, PriceResult, Promotions, computePricePosition } from "../analytics/price";
import { Opportunity, computeOpportunities } from "../analytics/opportunities";
import { EventWeek, INTERNAL_EVENT_KEYS, PromotionEvent, PromotionOptions, computePromotions } from "../analytics/promotions";
import { ActionItem, Headline, ScorecardLine, computeActions, computeScorecard, headlineKpis } from "../analytics/scorecard";
import { formatValue } from "../core/format";
import { TradeReviewOptions, TradeTermsResult, computeTradeTerms } from "../terms/tradeReview";

export interface SharePoint {
  period: string;
  ourValue: number;
  categoryValue: number;
  valueShare: number | null;
}

export interface Review {
  context: AnalysisContext;
  marketShare: MarketShare;
  assortment: Assortment;
  prices: PriceResult;
  opportunities: Opportunity[];
  headline: Headline;
  scorecard: ScorecardLine[];
  actions: ActionItem[];
  /** Internal only: null without a contract or sell-in. */
  tradeTerms: TradeTermsResult | null;
  /** Our total value share at R over the last periods up to P (same grain as P). */
  shareTrend: SharePoint[];
  /** Every promotion event of ours at R starting in P, evaluated; null when the sell-out is by month. */
  promotionEvents: PromotionEvent[] | null;
  /** Per event, the weeks around it (units, event weeks), for the section's chart. */
  promotionWindows: EventWeek[][];
  /** Input issues, then issues found preparing this review. */
  issues: Issue[];
}

export type ReviewResult = { ok: true; review: Review } | { ok: false; issues: Issue[] };

export const TREND_PERIODS = 8;

export interface RunOptions extends ReviewOptions, AssortmentOptions, TradeReviewOptions {
  /** Share of the target within which a KPI is amber (default 5%). */
  amberTolerance?: number;
  /** Promotion evaluation options; Settings' (else metrics.md's defaults) where not given. */
  promotions?: Partial<PromotionOptions>;
}

export function runReview(input: IngestResult, options: RunOptions): ReviewResult {
  const built = buildContext(input, options);
  // The reason once: ingestion has said "no-sell-out" already when no sheet is sell-out (a master-data-only account).
  if (!built.ok) {
    const said = input.issues.some((i) => i.code === built.issue.code && i.sheet === built.issue.sheet);
    return { ok: false, issues: said ? input.issues : [...input.issues, built.issue] };
  }
  const ctx = built.context;
  // A review with no figure of ours, or no sell-out of R in P, is not a review: 0.0 % shares or a
  // table of zeros would be read as facts. The reason is the error issue the context logged.
  if (!ctx.rowOurs.some((x) => x === 1)) return { ok: false, issues: [...input.issues, ...ctx.issues] };
  const marketShare = computeMarketShare(ctx);
  if (marketShare.byCategory.length === 0)
    return {
      ok: false,
      issues: [
        ...input.issues,
        ...ctx.issues,
        { sheet: null, row: null, column: null, severity: "error", code: "no-data-in-period", params: { retailer: ctx.retailer.name, period: ctx.P.key } },
      ],
    };
  const assortment = computeAssortment(ctx, options);
  const prices = computePricePosition(ctx);
  const opportunities = computeOpportunities(ctx, marketShare, assortment, prices.pricePosition);
  const trade = computeTradeTerms(ctx, options);
  const headline = headlineKpis(marketShare, assortment, prices, trade.result?.tradeSpendPct ?? null);
  const scorecard = computeScorecard(ctx, headline, marketShare, options.amberTolerance);
  const actions = computeActions(ctx);
  const promotions = computePromotions(ctx, { ...ctx.settings.promo, ...options.promotions });
  const extra: Issue[] = [
    ...ctx.issues,
    ...marketShare.issues,
    ...assortment.issues,
    ...prices.issues,
    ...trade.issues,
    ...scorecard.issues,
    ...actions.issues,
    ...promotions.issues,
  ];
  // A missing or partly covered P' is said by the context; here, a P' in which R has no rows.
  if (ctx.priorGap === "no-rows" && ctx.Pc) {
    extra.push({ sheet: null, row: null, column: null, severity: "info", code: "no-prior-data", params: { retailer: ctx.retailer.name, period: ctx.Pc.key } });
  }
  return {
    ok: true,
    review: {
      context: ctx,
      marketShare,
      assortment,
      prices,
      opportunities,
      headline,
      scorecard: scorecard.lines,
      actions: actions.items,
      tradeTerms: trade.result,
      shareTrend: shareTrend(ctx, marketShare),
      promotionEvents: promotions.events,
      promotionWindows: promotions.windows,
      issues: [...input.issues, ...extra],
    },
  };
}

/** Share of ours at R per period, for the categories of the total, over the last TREND_PERIODS. */
function shareTrend(ctx: AnalysisContext, ms: MarketShare): SharePoint[] {
  // A rolling span on weeks moves by 4 weeks a point (13 points of L13W would be a quarter of overlap), else by its own grain.
  const step = ctx.P.rolling?.unit === "week" ? 4 : 1;
  const periods: Period[] = [];
  for (let k = TREND_PERIODS - 1; k >= 0; k--) periods.push(shiftPeriod(ctx.P, -k * step, ctx.calendar));
  const totalCats = new Set(ms.byCategory.filter((c) => c.ourValue > 0).map((c) => c.category));
  const t = ctx.sellOut;
  const cat = t.text.category;
  const catIn = cat.dict.map((c) => totalCats.has(c));
  const rIndex = ctx.retailers.indexOf(ctx.retailer);
  const sums = periods.map(() => ({ our: new MoneySum(), cat: new MoneySum(), rows: 0 }));
  const starts = t.num.spanStart.values;
  const ends = t.num.spanEnd.values;
  const value = t.num.value.values;
  for (let i = 0; i < t.n; i++) {
    if (ctx.rowRetailer[i] !== rIndex || !catIn[cat.codes[i]]) continue;
    for (let k = 0; k < periods.length; k++) {
      if (rowInPeriod(starts[i], ends[i], periods[k])) {
        sums[k].cat.add(value[i]);
        sums[k].rows++;
        if (ctx.rowOurs[i]) sums[k].our.add(value[i]);
        break;
      }
    }
  }
  // Leading periods before the data begins are left out rather than shown as empty points.
  const first = sums.findIndex((s) => s.rows > 0);
  return periods
    .map((p, k) => {
      const our = sums[k].our.value;
      const cat = sums[k].cat.value;
      return { period: p.key, ourValue: our, categoryValue: cat, valueShare: cat === 0 ? null : our / cat };
    })
    .slice(first < 0 ? periods.length : first);
}

// ---------------------------------------------------------------------------------------------
// JSON (docs/review-json.md)

export interface ReconciliationJson {
  sheet: string;
  kind: string;
  rowsRead: number;
  rowsUsed: number;
  rowsRejected: number;
  valueRead: number;
  valueUsed: number;
  valueRejected: number;
}

export interface ReviewJson {
  retailer: string;
  period: string;
  comparePeriod: string | null;
  currency: string;
  ourCompany: string | null;
  audience: Audience;
  marketShare: {
    total: ShareFigures;
    byCategory: Array<{ category: string } & ShareFigures>;
    bySegment: Array<{ category: string; segment: string } & ShareFigures>;
  };
  shareTrend: SharePoint[];
  skus: SkuFigures[];
  listingGaps: ListingGap[];
  pricePosition: PricePosition[];
  promotions: Promotions;
  promotionEvents?: Array<Partial<PromotionEvent>>;
  opportunities: Array<{ kind: string; description: string; value: number; formula: string; inTotal: boolean }>;
  scorecard: ScorecardLine[];
  actions: ActionItem[];
  tradeTerms?: TradeTermsResult | null;
  issues: IssueJson[];
  reconciliation: ReconciliationJson[];
}

export function reconciliationJson(rec: Reconciliation[]): ReconciliationJson[] {
  return rec
    .filter((r) => r.valueRead !== null)
    .map((r) => ({
      sheet: r.sheet,
      kind: r.kind,
      rowsRead: r.rowsRead,
      rowsUsed: r.rowsUsed,
      rowsRejected: r.rowsRejected,
      valueRead: r.valueRead!,
      valueUsed: r.valueUsed!,
      valueRejected: r.valueRejected!,
    }));
}

/** Input kinds whose contents are internal: none of their figures, names or rows reach the retailer. */
// Promotions carry our costs per event (fixed cost, funding per unit): internal like the contract.
export const INTERNAL_KINDS: InputKind[] = ["sell-in", "trade-terms", "deductions", "negotiation", "term-kinds", "promotions"];
const INTERNAL_CODES = new Set<string>([
  // It lists the internal sheets of the earlier review by name.
  "generated-sheets-skipped",
  "sell-in-no-gross",
  "unknown-term",
  "unknown-term-kind",
  "unreadable-condition",
  "unknown-basis",
  "term-missing-value",
  "circular-basis",
  "deduction-unmatched",
  "deduction-no-date",
  "negotiation-unknown-term",
]);

/** What the retailer may see of the issues: none about internal sheets or trade terms. */
export function issuesFor(review: Review, audience: Audience): Issue[] {
  if (audience === "internal") return review.issues;
  const internalSheets = new Set(review.context.input.detections.filter((d) => d.kind && INTERNAL_KINDS.includes(d.kind)).map((d) => d.sheet));
  return review.issues.filter((i) => !INTERNAL_CODES.has(i.code) && !(i.sheet && internalSheets.has(i.sheet)));
}

/** The scorecard without internal KPIs (trade spend) for the retailer. */
export function scorecardFor(review: Review, audience: Audience): ScorecardLine[] {
  return audience === "internal" ? review.scorecard : review.scorecard.filter((l) => l.kpiId !== "tradeSpendPct");
}

export function reviewJson(review: Review, opts: { audience: Audience; lang: Lang }): ReviewJson {
  const ctx = review.context;
  const retailerCopy = opts.audience === "retailer";
  const ms = review.marketShare;
  return {
    retailer: ctx.retailer.name,
    period: ctx.P.key,
    comparePeriod: ctx.Pc?.key ?? null,
    currency: ctx.settings.currency,
    ourCompany: ctx.ourCompany,
    audience: opts.audience,
    marketShare: { total: ms.total, byCategory: ms.byCategory, bySegment: ms.bySegment },
    shareTrend: review.shareTrend,
    skus: review.assortment.skus,
    listingGaps: review.assortment.listingGaps,
    pricePosition: review.prices.pricePosition,
    promotions: review.prices.promotions,
    // Absent without weekly sell-out; the retailer's copy has no cost, margin, ROI or cannibalisation.
    ...(review.promotionEvents ? { promotionEvents: review.promotionEvents.map((e) => (retailerCopy ? retailerEvent(e) : e)) } : {}),
    opportunities: review.opportunities.map((o) => ({
      kind: o.kind,
      ...opportunityText(o, opts.lang, ctx.settings.currency),
      value: o.value,
      inTotal: o.inTotal,
    })),
    scorecard: scorecardFor(review, opts.audience),
    actions: review.actions,
    // Internal only: the key is absent from the retailer's JSON, not null.
    ...(opts.audience === "internal" ? { tradeTerms: review.tradeTerms } : {}),
    issues: issuesFor(review, opts.audience).map((i) => issueJson(i, opts.lang)),
    reconciliation: reconciliationJson(retailerCopy ? ctx.input.reconciliation.filter((r) => !INTERNAL_KINDS.includes(r.kind)) : ctx.input.reconciliation),
  };
}

/** An opportunity's description and formula in words, its numbers formatted for prose. */
export function opportunityText(o: Opportunity, lang: Lang, currency: string): { description: string; formula: string } {
  const s = strings(lang).opportunities;
  const p = o.params;
  const num = (k: string, f: ValueFormat) => (typeof p[k] === "number" ? formatValue(p[k] as number, f, f === "money" ? currency : "") : String(p[k] ?? ""));
  const params: Record<string, string | number> = {
    ...p,
    nd: num("nd", "share"),
    targetNd: num("targetNd", "share"),
    extraStores: num("extraStores", "number"),
    rateOfSale: num("rateOfSale", "money"),
    weeks: num("weeks", "number"),
    wdTarget: num("wdTarget", "share"),
    share: num("share", "share"),
    marketShare: num("marketShare", "share"),
    categoryValue: num("categoryValue", "money"),
  };
  return { description: fill(s.description[o.kind], params), formula: fill(s.formula[o.kind], params) };
}

/** An event as the retailer's copy shows it: without the internal keys (cost, margin, ROI, cannibalisation). */
export function retailerEvent(e: PromotionEvent): Partial<PromotionEvent> {
  const copy: Partial<PromotionEvent> = { ...e };
  for (const k of INTERNAL_EVENT_KEYS) delete copy[k];
  return copy;
}
