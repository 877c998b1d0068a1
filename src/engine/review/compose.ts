/**
 * Figures -> the renderer-neutral review model (review-layout.md): the same sections, tables and
 * columns every period, so two quarters lie side by side. Text is in the review's language; numbers
 * stay numbers with a format, so every renderer shows the same figure.
 */
import { Lang, Strings, fill, strings } from "../../i18n";
import { hasXmlForbidden, stripXmlForbidden } from "../core/coerce";
import { formatDay } from "../core/dates";
import { formatValue } from "../core/format";
import { issueMessage } from "../core/issues";
import { ShareFigures } from "../analytics/marketShare";
import { Review, opportunityText, scorecardFor } from "./review";
import { periodWords } from "./periodWords";
import { promotionMessages, promotionsSection } from "./composePromotions";
import { tradeSections } from "./composeTrade";
import { Audience, CellValue, KpiTile, ReviewColumn, ReviewModel, ReviewSection, ValueFormat, forAudience } from "./model";

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

type Row = Record<string, CellValue>;

export function composeReview(review: Review, opts: { lang: Lang; audience: Audience; today?: Date }): ReviewModel {
  const s = strings(opts.lang);
  const ctx = review.context;
  // Periods in words (a rolling span or a retail period names its days), and "—" when P has no comparison.
  const params = {
    retailer: ctx.retailer.name,
    our: ctx.ourCompany ?? "",
    period: periodWords(ctx.P, opts.lang),
    compare: ctx.Pc ? periodWords(ctx.Pc, opts.lang) : "—",
  };
  const col = (key: string, format: ValueFormat, header?: string): ReviewColumn => ({
    key,
    header: header ?? (s.review.columns as Record<string, string>)[key] ?? key,
    format,
  });
  const today = formatDay(Math.floor((opts.today ?? new Date()).getTime() / 86_400_000));

  const sections: ReviewSection[] = [
    cover(review, s, opts.lang, opts.audience, params, today, col),
    marketShareSection(review, s, params, col),
    skuMixSection(review, s, col),
    priceSection(review, s, col),
    // On sell-out by week or day only: the same sheets every period for the same workbook.
    ...[promotionsSection(review, s, opts.audience, col)].filter((x): x is ReviewSection => x !== null),
    opportunitiesSection(review, s, opts.lang, col),
    actionPlanSection(review, s, col),
    ...tradeSections(review, s),
    dataNotesSection(review, s, opts.lang, col),
  ];
  const model: ReviewModel = {
    lang: opts.lang,
    title: fill(s.review.title, params),
    retailer: ctx.retailer.name,
    period: ctx.P.key,
    comparePeriod: ctx.Pc?.key ?? null,
    currency: ctx.settings.currency,
    ourCompany: ctx.ourCompany,
    sections,
  };
  return forAudience(withoutXmlForbidden(model), opts.audience);
}

/**
 * Every string of the model without the characters XML forbids. Cell text lost them at ingest (with an
 * issue naming the cell); this is the net for the rest — sheet names, headers, issue messages quoting
 * a cell — so no renderer can write a part Excel would "repair".
 */
function withoutXmlForbidden<T>(value: T): T {
  if (typeof value === "string") return (hasXmlForbidden(value) ? stripXmlForbidden(value) : value) as T;
  if (Array.isArray(value)) return value.map((v) => withoutXmlForbidden(v)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = withoutXmlForbidden(v);
    return out as T;
  }
  return value;
}

type Col = (key: string, format: ValueFormat, header?: string) => ReviewColumn;

function cover(review: Review, s: Strings, lang: Lang, audience: Audience, params: Record<string, string>, today: string, col: Col): ReviewSection {
  const h = review.headline;
  const kpis: KpiTile[] = [
    { id: "salesValue", label: s.review.kpi.salesValue, value: h.salesValue, format: "money", delta: h.growth, deltaFormat: "pct" },
    { id: "valueShare", label: s.review.kpi.valueShare, value: h.valueShare, format: "share", delta: h.shareChange, deltaFormat: "pp" },
    { id: "ndA", label: s.review.kpi.ndA, value: h.ndA, format: "share" },
    { id: "priceIndex", label: s.review.kpi.priceIndex, value: h.priceIndex, format: "index" },
    { id: "promoShare", label: s.review.kpi.promoShare, value: h.promoShare, format: "share" },
  ];
  const st = s.review.status as Record<string, string>;
  return {
    id: "cover",
    title: s.review.sections.cover,
    audience: "retailer",
    heading: fill(s.review.title, params),
    kpis,
    tables: [
      {
        id: "scorecard",
        title: s.review.scorecard,
        // The KPI as written beside its name in the review's language (a zh name in an en review is still read).
        columns: [
          col("kpi", "text"),
          col("kpiName", "text"),
          col("scope", "text"),
          col("direction", "text"),
          col("target", "number"),
          col("actual", "number"),
          col("status", "text"),
        ],
        rows: scorecardFor(review, audience).map((l) => ({
          kpi: l.kpi,
          kpiName: s.review.kpiNames[l.kpiId],
          scope: [l.category, l.segment].filter(Boolean).join(" / ") || null,
          direction: s.review.direction[l.direction],
          target: l.target,
          actual: l.actual,
          status: l.status ? st[l.status] : null,
          // Per-row formats: a scorecard mixes money, shares and indices.
          __format_target: l.format,
          __format_actual: l.format,
          __status: l.status,
        })),
      },
      {
        id: "keyMessages",
        title: s.review.keyMessages,
        columns: [col("message", "text")],
        rows: [...keyMessages(review, s, lang), ...promotionMessages(review, s, lang, audience)].map((m) => ({ message: m })),
      },
    ],
    charts: [],
    notes: [fill(s.review.preparedBy, { date: today })],
  };
}

/** Three sentences a KA manager would open with: the share move, the top opportunity, price discipline. */
export function keyMessages(review: Review, s: Strings, lang: Lang): string[] {
  const m = s.review.messages;
  const ms = review.marketShare;
  const out: string[] = [];
  const pp = ms.total.shareChangePp;
  if (pp !== null && ms.total.valueShare !== null) {
    const lead = [...ms.byCategory].filter((c) => c.shareChangePp !== null).sort((a, b) => Math.abs(b.shareChangePp!) - Math.abs(a.shareChangePp!))[0];
    if (Math.abs(pp) >= 0.05 && lead) {
      out.push(
        fill(m.shareMove, {
          direction: pp > 0 ? m.up : m.down,
          pp: Math.abs(pp).toFixed(1),
          share: formatValue(ms.total.valueShare, "share"),
          category: lead.category,
          categoryPp: formatValue(lead.shareChangePp, "pp"),
        }),
      );
    } else out.push(fill(m.shareFlat, { share: formatValue(ms.total.valueShare, "share"), pp: formatValue(pp, "pp") }));
  }
  // The top opportunity to grow: price-corridor breaches are value at risk, not growth.
  const top = review.opportunities.find((o) => o.kind !== "price-corridor");
  if (top)
    out.push(
      fill(m.topOpportunity, {
        value: formatValue(top.value, "money", review.context.settings.currency),
        description: opportunityText(top, lang, review.context.settings.currency).description,
      }),
    );
  const priced = review.prices.pricePosition.filter((p) => p.status !== null);
  if (priced.length) {
    const outside = priced.filter((p) => p.status !== "within").length;
    out.push(outside ? fill(m.corridor, { count: outside, total: priced.length }) : fill(m.corridorNone, { total: priced.length }));
  }
  return out;
}

function marketShareSection(review: Review, s: Strings, params: Record<string, string>, col: Col): ReviewSection {
  const ms = review.marketShare;
  const ctx = review.context;
  const rows: Row[] = [
    { level: s.review.levels.total, category: "", segment: "", ...pick(ms.total) },
    ...ms.byCategory.map((c) => ({ level: s.review.levels.category, category: c.category, segment: "", ...pick(c) })),
    ...ms.bySegment.map((c) => ({ level: s.review.levels.segment, category: c.category, segment: c.segment, ...pick(c) })),
  ];
  return {
    id: "marketShare",
    title: s.review.sections.marketShare,
    audience: "retailer",
    heading: `${s.review.sections.marketShare} · ${ctx.retailer.name} · ${ctx.P.key} vs ${ctx.Pc?.key ?? "—"}`,
    kpis: [],
    tables: [
      { id: "shares", columns: [col("level", "text"), col("category", "text"), col("segment", "text"), ...SHARE_COLUMNS.map(([k, f]) => col(k, f))], rows },
      {
        id: "shareTrend",
        columns: [col("period", "text"), col("ourValue", "money"), col("categoryValue", "money"), col("valueShare", "share")],
        rows: review.shareTrend.map((p) => ({ period: p.period, ourValue: p.ourValue, categoryValue: p.categoryValue, valueShare: p.valueShare })),
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
}

function pick(f: ShareFigures): Row {
  const row: Row = {};
  for (const [k] of SHARE_COLUMNS) row[k] = f[k] as number | null;
  return row;
}

function skuMixSection(review: Review, s: Strings, col: Col): ReviewSection {
  const a = review.assortment;
  const yes = s.review.status.yes;
  return {
    id: "skuMix",
    title: s.review.sections.skuMix,
    audience: "retailer",
    heading: `${s.review.sections.skuMix} · ${review.context.retailer.name} · ${review.context.P.key}`,
    kpis: [],
    tables: [
      {
        id: "skus",
        columns: [
          col("rank", "int"),
          col("sku", "text"),
          col("name", "text"),
          col("category", "text"),
          col("value", "money"),
          col("growthPct", "pct"),
          col("contribution", "share"),
          col("cumulativeContribution", "share"),
          col("abcClass", "text"),
          col("storesSelling", "int"),
          col("storeUniverse", "int"),
          col("numericDistribution", "share"),
          col("weightedDistribution", "share"),
          col("acvDistribution", "share"),
          col("rateOfSale", "money"),
          col("tail", "text"),
        ],
        rows: a.skus.map((x, i) => ({
          rank: i + 1,
          sku: x.sku,
          name: x.name,
          category: x.category,
          value: x.value,
          growthPct: x.growthPct,
          contribution: x.contribution,
          cumulativeContribution: x.cumulativeContribution,
          abcClass: x.abcClass,
          storesSelling: x.storesSelling,
          storeUniverse: x.storeUniverse,
          numericDistribution: x.numericDistribution,
          weightedDistribution: x.weightedDistribution,
          acvDistribution: x.acvDistribution,
          rateOfSale: x.rateOfSale,
          tail: x.tail ? yes : "",
        })),
      },
      {
        id: "listingGaps",
        title: s.review.listingGaps,
        columns: [col("sku", "text"), col("name", "text"), col("category", "text"), col("opportunityValue", "money")],
        rows: a.listingGaps.map((g) => ({ sku: g.sku, name: g.name, category: g.category, opportunityValue: g.opportunityValue })),
      },
    ],
    charts: [
      {
        id: "paretoChart",
        type: "pareto",
        title: s.review.sections.skuMix,
        tableId: "skus",
        categoryKey: "sku",
        seriesKeys: ["value", "cumulativeContribution"],
      },
    ],
    notes: [s.review.notes.nullFigure],
  };
}

function priceSection(review: Review, s: Strings, col: Col): ReviewSection {
  const st = s.review.status as Record<string, string>;
  return {
    id: "pricePosition",
    title: s.review.sections.pricePosition,
    audience: "retailer",
    heading: `${s.review.sections.pricePosition} · ${review.context.retailer.name} · ${review.context.P.key}`,
    kpis: [],
    tables: [
      {
        id: "prices",
        columns: [
          col("sku", "text"),
          col("name", "text"),
          col("priceSource", "text"),
          col("observedPrice", "money"),
          col("baseUnit", "text"),
          col("pricePerBaseUnit", "money"),
          col("reference", "text"),
          col("referencePricePerBaseUnit", "money"),
          col("priceIndex", "index"),
          col("corridorLow", "index"),
          col("corridorHigh", "index"),
          col("status", "text"),
        ],
        rows: review.prices.pricePosition.map((p) => ({
          sku: p.sku,
          name: p.name,
          priceSource: st[p.priceSource],
          observedPrice: p.observedPrice,
          baseUnit: p.baseUnit,
          pricePerBaseUnit: p.pricePerBaseUnit,
          reference: p.reference === "segment" ? st.segment : p.reference,
          referencePricePerBaseUnit: p.referencePricePerBaseUnit,
          priceIndex: p.priceIndex,
          corridorLow: p.corridorLow,
          corridorHigh: p.corridorHigh,
          status: p.status ? st[p.status] : null,
          __status: p.status,
        })),
      },
    ],
    charts: [
      {
        id: "priceIndexChart",
        type: "bar",
        title: s.review.columns.priceIndex,
        tableId: "prices",
        categoryKey: "sku",
        seriesKeys: ["priceIndex", "corridorLow", "corridorHigh"],
      },
    ],
    notes: [s.review.notes.nullFigure],
  };
}

function opportunitiesSection(review: Review, s: Strings, lang: Lang, col: Col): ReviewSection {
  const currency = review.context.settings.currency;
  const rows: Row[] = review.opportunities.map((o) => {
    const t = opportunityText(o, lang, currency);
    return {
      kindLabel: s.opportunities.kinds[o.kind],
      description: t.description,
      formula: t.formula,
      value: o.value,
      inTotal: s.opportunities.inTotal[o.kind],
    };
  });
  // The total adds distribution and listing gaps only (metrics.md): the others are listed, marked, not added.
  const counted = review.opportunities.filter((o) => o.inTotal);
  if (counted.length)
    rows.push({ kindLabel: s.review.totalGrowth, description: "", formula: "", value: counted.reduce((a, o) => a + o.value, 0), inTotal: "" });
  return {
    id: "opportunities",
    title: s.review.sections.opportunities,
    audience: "retailer",
    heading: `${s.review.sections.opportunities} · ${review.context.retailer.name} · ${review.context.P.key}`,
    kpis: [],
    tables: [
      {
        id: "opportunities",
        columns: [col("kindLabel", "text"), col("description", "text"), col("formula", "text"), col("value", "money"), col("inTotal", "text")],
        // On a slide the formula stays in the workbook: kind, what to do, its value and whether it is added.
        deckColumns: ["kindLabel", "description", "value", "inTotal"],
        rows,
      },
    ],
    charts: [],
    notes: [],
  };
}

function actionPlanSection(review: Review, s: Strings, col: Col): ReviewSection {
  return {
    id: "actionPlan",
    title: s.review.sections.actionPlan,
    audience: "retailer",
    heading: `${s.review.sections.actionPlan} · ${review.context.retailer.name} · ${review.context.P.key}`,
    kpis: [],
    tables: [
      {
        id: "actions",
        columns: [
          col("rank", "int", "#"),
          col("action", "text"),
          col("owner", "text"),
          col("due", "text"),
          col("status", "text"),
          col("openedIn", "text"),
          col("overdue", "text"),
          col("ref", "text"),
        ],
        rows: review.actions.map((a, i) => ({
          rank: i + 1,
          action: a.action,
          owner: a.owner,
          due: a.due,
          status: a.status,
          openedIn: a.openedIn,
          overdue: a.overdue ? s.review.status.yes : "",
          ref: a.ref,
        })),
      },
    ],
    charts: [],
    notes: [],
  };
}

function dataNotesSection(review: Review, s: Strings, lang: Lang, col: Col): ReviewSection {
  return {
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
        rows: review.context.input.reconciliation.map((r) => ({
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
          message: issueMessage(i, lang),
        })),
      },
    ],
    charts: [],
    notes: [s.review.notes.internal],
  };
}
