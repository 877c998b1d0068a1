/**
 * The internal-only sections (review-layout.md 7–10): trade-terms waterfall, deductions check,
 * account P&L and negotiation. Marked `internal`, so the retailer copy never holds them.
 */
import { Strings, fill } from "../../i18n";
import { formatValue } from "../core/format";
import { Review } from "./review";
import { CellValue, ReviewColumn, ReviewSection, ValueFormat } from "./model";
import { TERM_KINDS } from "../terms/catalogue";
import { TradeTermsResult } from "../terms/tradeReview";
import { Waterfall } from "../terms/tradeTerms";

type Row = Record<string, CellValue>;

export function tradeSections(review: Review, s: Strings): ReviewSection[] {
  const t = review.tradeTerms;
  if (!t) return [];
  const c = s.trade.columns;
  const col = (key: string, format: ValueFormat, header?: string): ReviewColumn => ({
    key,
    header: header ?? (c as Record<string, string>)[key] ?? key,
    format,
  });
  const ctx = review.context;
  const heading = (title: string) => `${title} · ${ctx.retailer.name} · ${ctx.P.key}`;
  const internal = s.review.notes.internal;

  const pct = (x: number | null) => (x === null || t.grossSales === 0 ? null : x / t.grossSales);
  const unit = (x: number | null) => (x === null || t.units === 0 ? null : x / t.units);
  const line = (label: string, amount: number | null): Row => ({ line: label, amount, pctOfGross: pct(amount), perUnit: unit(amount) });
  const waterfallRows: Row[] = [
    line(s.trade.stages.gross, t.grossSales),
    line(`− ${s.trade.kinds["on-invoice"]}`, t.byKind["on-invoice"]),
    line(s.trade.stages.invoice, t.invoiceSales),
    line(`− ${s.trade.kinds["unconditional-rebate"]}`, t.byKind["unconditional-rebate"]),
    line(`− ${s.trade.kinds["conditional-rebate"]}`, t.byKind["conditional-rebate"]),
    line(s.trade.stages.net, t.netSales),
    line(`− ${s.trade.kinds["fixed-fee"]}`, t.byKind["fixed-fee"]),
    line(`− ${s.trade.kinds.marketing}`, t.byKind.marketing),
    line(`− ${s.trade.kinds.logistics}`, t.byKind.logistics),
    line(`− ${s.trade.kinds.financial}`, t.byKind.financial),
    line(s.trade.stages.netNet, t.netNetSales),
    line(`− ${s.trade.stages.cogs}`, t.cogs),
    line(s.trade.stages.contribution, t.contribution),
    line(s.trade.stages.tradeSpend, t.tradeSpend),
  ];
  // Stacked-column waterfall: an invisible base and the visible step for each bar.
  const chartRows: Row[] = waterfallChartRows(t, s);

  const termsTable = {
    id: "terms",
    title: s.trade.titles.terms,
    columns: [
      col("term", "text"),
      col("kind", "text"),
      col("basis", "text"),
      col("rate", "share"),
      col("fixedAmount", "number"),
      col("conditional", "text"),
      col("expected", "money"),
      col("gap", "money"),
    ],
    rows: t.terms.map((x) => ({
      term: x.term,
      kind: s.trade.kinds[x.kind],
      basis: s.trade.basis[x.basis],
      rate: x.rate,
      fixedAmount: x.amount,
      conditional: x.conditional ? s.review.status.yes : "",
      expected: x.expected,
      gap: x.gapToThreshold,
    })),
  };

  const tradeTerms: ReviewSection = {
    id: "tradeTerms",
    title: s.trade.sections.tradeTerms,
    audience: "internal",
    heading: heading(s.trade.sections.tradeTerms),
    kpis: [
      { id: "netNet", label: s.trade.stages.netNet, value: t.netNetSales, format: "money" },
      { id: "tradeSpendPct", label: s.trade.columns.tradeSpendPct, value: t.tradeSpendPct, format: "pct" },
      { id: "contribution", label: s.trade.stages.contribution, value: t.contribution, format: "money" },
    ],
    tables: [
      {
        id: "waterfall",
        title: s.trade.titles.waterfall,
        columns: [col("line", "text"), col("amount", "money"), col("pctOfGross", "share"), col("perUnit", "money")],
        rows: waterfallRows,
      },
      termsTable,
      {
        id: "waterfallChartData",
        columns: [col("line", "text"), col("base", "money", s.trade.chart.base), col("step", "money", s.trade.chart.step)],
        rows: chartRows,
      },
    ],
    charts: [
      {
        id: "waterfallChart",
        type: "waterfall",
        title: s.trade.titles.waterfall,
        tableId: "waterfallChartData",
        categoryKey: "line",
        seriesKeys: ["base", "step"],
      },
    ],
    notes: [t.compound ? s.trade.notes.compound : s.trade.notes.simple, internal],
  };

  const st = s.trade.status;
  const deductions: ReviewSection = {
    id: "deductions",
    title: s.trade.sections.deductions,
    audience: "internal",
    heading: heading(s.trade.sections.deductions),
    kpis: [],
    tables: [
      {
        id: "check",
        title: s.trade.titles.check,
        columns: [
          col("term", "text"),
          col("kind", "text"),
          col("rate", "share"),
          col("expected", "money"),
          col("charged", "money"),
          col("variance", "money"),
          col("effectiveRate", "share"),
          col("status", "text"),
        ],
        rows: t.terms.map((x) => ({
          term: x.term,
          kind: s.trade.kinds[x.kind],
          rate: x.rate,
          expected: x.expected,
          charged: x.charged,
          variance: x.variance,
          effectiveRate: x.effectiveRate,
          status: st[x.status],
          __status: x.status,
        })),
      },
      {
        id: "unmatched",
        title: s.trade.titles.unmatched,
        columns: [col("date", "text"), col("term", "text"), col("amount", "money"), col("reference", "text"), col("source", "text")],
        rows: t.unmatchedCharges.map((u) => ({ date: u.date, term: u.term, amount: u.amount, reference: u.reference, source: `${u.sheet}!${u.row}` })),
      },
    ],
    charts: [],
    notes: [
      fill(s.trade.notes.reconcile, {
        total: formatValue(t.chargesTotal, "number", ""),
        matched: formatValue(t.matchedTotal, "number", ""),
        unmatched: formatValue(t.unmatchedTotal, "number", ""),
      }),
      s.trade.notes.tolerance,
      internal,
    ],
  };

  const prior = t.prior;
  const pnlLine = (label: string, now: number | null, before: number | null): Row => ({
    line: label,
    thisPeriod: now,
    priorPeriod: before,
    change: now === null || before === null ? null : now - before,
  });
  const pnl: ReviewSection = {
    id: "pnl",
    title: s.trade.sections.pnl,
    audience: "internal",
    heading: `${s.trade.sections.pnl} · ${ctx.retailer.name} · ${ctx.P.key} vs ${ctx.Pc?.key ?? "—"}`,
    kpis: [],
    tables: [
      {
        id: "pnl",
        // Generic headers (the periods are in the heading), so every quarter's P&L has the same columns.
        columns: [col("line", "text"), col("thisPeriod", "money"), col("priorPeriod", "money"), col("change", "money")],
        rows: [
          pnlLine(s.trade.stages.gross, t.grossSales, prior?.grossSales ?? null),
          ...TERM_KINDS.map((k) => pnlLine(`− ${s.trade.kinds[k]}`, t.byKind[k], prior?.byKind[k] ?? null)),
          pnlLine(s.trade.stages.netNet, t.netNetSales, prior?.netNetSales ?? null),
          pnlLine(`− ${s.trade.stages.cogs}`, t.cogs, prior?.cogs ?? null),
          pnlLine(s.trade.stages.contribution, t.contribution, prior?.contribution ?? null),
          pnlLine(s.trade.stages.tradeSpend, t.tradeSpend, prior?.tradeSpend ?? null),
        ],
      },
      {
        id: "skuNetNet",
        title: s.trade.titles.skus,
        columns: [
          col("sku", "text"),
          col("grossSales", "money"),
          col("units", "int"),
          col("netNet", "money", s.trade.stages.netNet),
          col("netNetPrice", "money"),
        ],
        rows: t.skuNetNet.map((x) => ({ sku: x.sku, grossSales: x.grossSales, units: x.units, netNet: x.netNetSales, netNetPrice: x.netNetPricePerUnit })),
      },
    ],
    charts: [],
    notes: [internal],
  };

  const negotiation: ReviewSection = {
    id: "negotiation",
    title: s.trade.sections.negotiation,
    audience: "internal",
    heading: heading(s.trade.sections.negotiation),
    kpis: [],
    tables: [
      {
        id: "asks",
        title: s.trade.titles.asks,
        columns: [
          col("term", "text"),
          col("basis", "text"),
          col("rate", "share"),
          col("fixedAmount", "number"),
          col("currentCost", "money"),
          col("newCost", "money"),
          col("deltaCost", "money"),
          col("newNetNet", "money"),
          col("newContribution", "money"),
          col("breakEven", "money"),
        ],
        rows: t.negotiation.map((n) => ({
          term: n.term,
          basis: s.trade.basis[n.basis],
          rate: n.rate,
          fixedAmount: n.amount,
          currentCost: n.currentCost,
          newCost: n.newCost,
          deltaCost: n.deltaCost,
          newNetNet: n.newNetNetSales,
          newContribution: n.newContribution,
          breakEven: n.breakEvenGrossSales,
        })),
      },
      {
        id: "walkAway",
        title: s.trade.titles.walkAway,
        columns: [col("year", "text"), col("grossSales", "money"), col("tradeSpend", "money", s.trade.stages.tradeSpend), col("tradeSpendPct", "pct")],
        rows: [t.walkAway.lastYear, t.walkAway.thisYear].map((y) => ({
          year: `${y.from} – ${y.to}`,
          grossSales: y.grossSales,
          tradeSpend: y.tradeSpend,
          tradeSpendPct: y.tradeSpendPct,
        })),
      },
    ],
    charts: [],
    notes: [...(t.negotiation.length ? [] : [s.trade.notes.noAsks]), fill(s.trade.notes.breakEven, { gm: formatValue(t.grossMarginPct, "share") }), internal],
  };
  return [tradeTerms, deductions, pnl, negotiation];
}

/** Base (invisible) and step (visible) per bar: totals stand on 0, each cost hangs from the level before it. */
function waterfallChartRows(t: TradeTermsResult | Waterfall, s: Strings): Row[] {
  const rows: Row[] = [];
  let level = t.grossSales;
  rows.push({ line: s.trade.stages.gross, base: 0, step: t.grossSales });
  const steps: Array<[string, number, "total" | null]> = [
    [s.trade.kinds["on-invoice"], t.byKind["on-invoice"], null],
    [s.trade.stages.invoice, t.invoiceSales, "total"],
    [s.trade.kinds["unconditional-rebate"], t.byKind["unconditional-rebate"] + t.byKind["conditional-rebate"], null],
    [s.trade.stages.net, t.netSales, "total"],
    [s.trade.kinds["fixed-fee"], t.byKind["fixed-fee"] + t.byKind.marketing + t.byKind.logistics + t.byKind.financial, null],
    [s.trade.stages.netNet, t.netNetSales, "total"],
  ];
  for (const [label, amount, kind] of steps) {
    if (kind === "total") {
      level = amount;
      rows.push({ line: label, base: 0, step: amount });
    } else {
      level -= amount;
      rows.push({ line: label, base: level, step: amount });
    }
  }
  return rows;
}
