/**
 * One review: retailer R, period P vs P'. `runReview` computes the figures; `composeReview`
 * lays them out as the renderer-neutral model; `reviewJson` writes docs/review-json.md.
 */
import { Lang, fill, strings } from "../i18n";
import { AnalysisContext, ReviewOptions, buildContext } from "./context";
import { formatDay } from "./dates";
import { IngestResult, Reconciliation } from "./ingest";
import { Issue, IssueJson, issueJson, issueMessage } from "./issues";
import { MarketShare, ShareFigures, computeMarketShare } from "./marketShare";
import { Period, shiftPeriod } from "./periods";
import { MoneySum } from "./sum";
import { Audience, ReviewColumn, ReviewModel, ReviewSection, ValueFormat, forAudience } from "./reviewModel";

export interface SharePoint {
  period: string;
  ourValue: number;
  categoryValue: number;
  valueShare: number | null;
}

export interface Review {
  context: AnalysisContext;
  marketShare: MarketShare;
  /** Our total value share at R over the last periods up to P (same grain as P). */
  shareTrend: SharePoint[];
  /** Input issues, then issues found preparing this review. */
  issues: Issue[];
}

export type ReviewResult = { ok: true; review: Review } | { ok: false; issues: Issue[] };

export const TREND_PERIODS = 8;

export function runReview(input: IngestResult, options: ReviewOptions): ReviewResult {
  const built = buildContext(input, options);
  if (!built.ok) return { ok: false, issues: [...input.issues, built.issue] };
  const ctx = built.context;
  const marketShare = computeMarketShare(ctx);
  const extra: Issue[] = [...ctx.issues, ...marketShare.issues];
  if (marketShare.byCategory.length === 0) {
    extra.push({
      sheet: null,
      row: null,
      column: null,
      severity: "warning",
      code: "no-data-in-period",
      params: { retailer: ctx.retailer.name, period: ctx.P.key },
    });
  }
  if (!ctx.hasPrior) {
    extra.push({ sheet: null, row: null, column: null, severity: "info", code: "no-prior-data", params: { retailer: ctx.retailer.name, period: ctx.Pc.key } });
  }
  return { ok: true, review: { context: ctx, marketShare, shareTrend: shareTrend(ctx, marketShare), issues: [...input.issues, ...extra] } };
}

/** Share of ours at R per period, for the categories of the total, over the last TREND_PERIODS. */
function shareTrend(ctx: AnalysisContext, ms: MarketShare): SharePoint[] {
  const fy = ctx.settings.fiscalYearStartMonth;
  const periods: Period[] = [];
  for (let k = TREND_PERIODS - 1; k >= 0; k--) periods.push(shiftPeriod(ctx.P, -k, fy));
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
      if (starts[i] >= periods[k].start && ends[i] <= periods[k].end) {
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
  comparePeriod: string;
  currency: string;
  ourCompany: string | null;
  audience: Audience;
  marketShare: {
    total: ShareFigures;
    byCategory: Array<{ category: string } & ShareFigures>;
    bySegment: Array<{ category: string; segment: string } & ShareFigures>;
  };
  shareTrend: SharePoint[];
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

export function reviewJson(review: Review, opts: { audience: Audience; lang: Lang }): ReviewJson {
  const ctx = review.context;
  const ms = review.marketShare;
  return {
    retailer: ctx.retailer.name,
    period: ctx.P.key,
    comparePeriod: ctx.Pc.key,
    currency: ctx.settings.currency,
    ourCompany: ctx.ourCompany,
    audience: opts.audience,
    marketShare: { total: ms.total, byCategory: ms.byCategory, bySegment: ms.bySegment },
    shareTrend: review.shareTrend,
    issues: review.issues.map((i) => issueJson(i, opts.lang)),
    reconciliation: reconciliationJson(ctx.input.reconciliation),
  };
}

// ---------------------------------------------------------------------------------------------
// The review model

const SHARE_COLUMNS: Array<[keyof ShareFigures, ValueFormat]> = [
  ["ourValue", "money"],
  ["categoryValue", "money"],
  ["valueShare", "share"],
  ["valueSharePrior", "share"],
  ["shareChangePp", "pp"],
  ["ourVolume", "number"],
  ["categoryVolume", "number"],
  ["volumeShare", "share"],
  ["growthPct", "pct"],
  ["categoryGrowthPct", "pct"],
  ["shareOfGrowth", "share"],
  ["fairShareIndex", "index"],
  ["fairShareGapValue", "money"],
];

export function composeReview(review: Review, opts: { lang: Lang; audience: Audience; today?: Date }): ReviewModel {
  const s = strings(opts.lang);
  const ctx = review.context;
  const ms = review.marketShare;
  const our = ctx.ourCompany ?? "";
  const params = { retailer: ctx.retailer.name, our, period: ctx.P.key, compare: ctx.Pc.key };
  const col = (key: string, format: ValueFormat): ReviewColumn => ({ key, header: (s.review.columns as Record<string, string>)[key] ?? key, format });

  const cover: ReviewSection = {
    id: "cover",
    title: s.review.sections.cover,
    audience: "retailer",
    heading: fill(s.review.title, params),
    kpis: [
      { id: "salesValue", label: s.review.kpi.salesValue, value: ms.total.ourValue, format: "money", delta: ms.total.growthPct, deltaFormat: "pct" },
      { id: "valueShare", label: s.review.kpi.valueShare, value: ms.total.valueShare, format: "share", delta: ms.total.shareChangePp, deltaFormat: "pp" },
      { id: "fairShareIndex", label: s.review.kpi.fairShareIndex, value: ms.total.fairShareIndex, format: "index" },
    ],
    tables: [],
    charts: [],
    notes: [fill(s.review.preparedBy, { date: formatDay(Math.floor((opts.today ?? new Date()).getTime() / 86_400_000)) })],
  };

  const shareRows = [
    { level: s.review.levels.total, category: "", segment: "", ...ms.total },
    ...ms.byCategory.map((c) => ({ level: s.review.levels.category, segment: "", ...c })),
    ...ms.bySegment.map((c) => ({ level: s.review.levels.segment, ...c })),
  ].map((r) => {
    const row: Record<string, string | number | null> = { level: r.level, category: r.category, segment: r.segment };
    for (const [k] of SHARE_COLUMNS) row[k] = r[k] as number | null;
    return row;
  });
  const marketShare: ReviewSection = {
    id: "marketShare",
    title: s.review.sections.marketShare,
    audience: "retailer",
    heading: `${s.review.sections.marketShare} · ${ctx.retailer.name} · ${ctx.P.key} vs ${ctx.Pc.key}`,
    kpis: [],
    tables: [
      {
        id: "shares",
        columns: [col("level", "text"), col("category", "text"), col("segment", "text"), ...SHARE_COLUMNS.map(([k, f]) => col(k, f))],
        rows: shareRows,
      },
      {
        id: "shareTrend",
        columns: [
          { key: "period", header: opts.lang === "zh" ? "期间" : "Period", format: "text" },
          col("ourValue", "money"),
          col("categoryValue", "money"),
          col("valueShare", "share"),
        ],
        rows: review.shareTrend.map((p) => ({ ...p })),
      },
    ],
    charts: [{ id: "shareTrendChart", type: "line", title: s.review.kpi.valueShare, tableId: "shareTrend", categoryKey: "period", seriesKeys: ["valueShare"] }],
    notes: [
      fill(s.review.notes.totalDefinition, params),
      fill(s.review.notes.marketDefinition, params),
      s.review.notes.volumeUnits,
      ...(ctx.hasPrior ? [] : [fill(s.review.notes.noPrior, params)]),
      s.review.notes.nullFigure,
    ],
  };

  const dataNotes: ReviewSection = {
    id: "dataNotes",
    title: s.review.sections.dataNotes,
    audience: "internal",
    kpis: [],
    tables: [
      {
        id: "reconciliation",
        columns: [
          col("sheet", "text"),
          col("kind", "text"),
          col("rowsRead", "int"),
          col("rowsUsed", "int"),
          col("rowsRejected", "int"),
          col("valueRead", "money"),
          col("valueUsed", "money"),
          col("valueRejected", "money"),
        ],
        rows: ctx.input.reconciliation.map((r) => ({
          sheet: r.sheet,
          kind: s.kinds[r.kind],
          rowsRead: r.rowsRead,
          rowsUsed: r.rowsUsed,
          rowsRejected: r.rowsRejected,
          valueRead: r.valueRead,
          valueUsed: r.valueUsed,
          valueRejected: r.valueRejected,
        })),
      },
      {
        id: "issues",
        columns: [col("sheet", "text"), col("row", "int"), col("column", "text"), col("severity", "text"), col("code", "text"), col("message", "text")],
        rows: review.issues.map((i) => ({
          sheet: i.sheet,
          row: i.row,
          column: i.column,
          severity: s.review.severity[i.severity],
          code: i.code,
          message: issueMessage(i, opts.lang),
        })),
      },
    ],
    charts: [],
    notes: [s.review.notes.internal],
  };

  const model: ReviewModel = {
    lang: opts.lang,
    title: fill(s.review.title, params),
    retailer: ctx.retailer.name,
    period: ctx.P.key,
    comparePeriod: ctx.Pc.key,
    currency: ctx.settings.currency,
    ourCompany: ctx.ourCompany,
    sections: [cover, marketShare, dataNotes],
  };
  return forAudience(model, opts.audience);
}
