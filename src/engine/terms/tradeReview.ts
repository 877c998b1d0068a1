/**
 * The finance view of one review (internal only): the waterfall, each term's expected cost beside
 * what the retailer charged, the unmatched charges in full, the net-net price per SKU, the cost of
 * the retailer's asks with their break-even, and the walk-away view (this year vs last).
 */
import { AnalysisContext } from "../analytics/context";
import { formatDay } from "../core/dates";
import { Issue, IssueLog } from "../core/issues";
import { comparisonPeriod } from "../core/periods";
import { MoneySum } from "../core/sum";
import { tableRows } from "../core/table";
import { TermKind } from "./catalogue";
import {
  Basis,
  ContractTerm,
  TermCost,
  TradeTermsOptions,
  Waterfall,
  catalogueFor,
  contractTerms,
  costTerms,
  grossIn,
  parseBasis,
  rollingYears,
  termsContext,
} from "./tradeTerms";

/** No comparison period (a 53rd week): an empty span, so a growth condition has no prior and is not earned. */
const NO_SPAN = { start: 0, end: -1 };

export type DeductionStatus = "ok" | "over-charged" | "under-charged" | "not earned" | "n/a";

export interface TermLine {
  term: string;
  kind: TermKind;
  basis: Basis;
  rate: number | null;
  amount: number | null;
  conditional: boolean;
  expected: number;
  charged: number | null;
  variance: number | null;
  flagged: boolean;
  status: DeductionStatus;
  /** Extra keys. */
  canonical: string;
  effectiveRate: number | null;
  gapToThreshold: number | null;
  sheet: string;
  row: number;
}

export interface UnmatchedCharge {
  term: string;
  date: string;
  amount: number;
  reference: string | null;
  sheet: string;
  row: number;
}

export interface SkuNetNet {
  sku: string;
  grossSales: number;
  units: number;
  netNetSales: number;
  netNetPricePerUnit: number | null;
}

export interface NegotiationLine {
  term: string;
  basis: Basis;
  rate: number | null;
  amount: number | null;
  currentCost: number;
  newCost: number;
  deltaCost: number;
  newTradeSpend: number;
  newNetNetSales: number;
  newContribution: number | null;
  breakEvenGrossSales: number | null;
  sheet: string;
  row: number;
}

export interface YearCost {
  from: string;
  to: string;
  grossSales: number;
  tradeSpend: number;
  tradeSpendPct: number | null;
}

export interface TradeTermsResult extends Omit<Waterfall, "byKind"> {
  byKind: Record<TermKind, number>;
  perUnit: { gross: number | null; invoice: number | null; net: number | null; netNet: number | null; contribution: number | null };
  terms: TermLine[];
  unmatchedCharges: UnmatchedCharge[];
  /** Every charge of R in P = matched + unmatched: nothing netted away. */
  chargesTotal: number;
  matchedTotal: number;
  unmatchedTotal: number;
  skuNetNet: SkuNetNet[];
  negotiation: NegotiationLine[];
  walkAway: { thisYear: YearCost; lastYear: YearCost };
  /** The same waterfall for P' (the account P&L compares the two). */
  /** The waterfall of P', null when P has no comparison period. */
  prior: Waterfall | null;
  compound: boolean;
  grossMarginPct: number | null;
}

export interface TradeReviewOptions extends TradeTermsOptions {
  /** Flag a variance above max(tolerancePct × expected, toleranceAbs). Defaults 1% and 100. */
  tolerancePct?: number;
  toleranceAbs?: number;
}

export function computeTradeTerms(ctx: AnalysisContext, options: TradeReviewOptions = {}): { result: TradeTermsResult | null; issues: Issue[] } {
  const log = new IssueLog();
  if (!ctx.input.tables["trade-terms"] && !ctx.input.tables["sell-in"]) return { result: null, issues: [] };
  const catalogue = catalogueFor(ctx, log);
  const terms = contractTerms(ctx, catalogue, log);
  const tc = termsContext(ctx, log);
  const { costs, waterfall } = costTerms(tc, terms, ctx.P, ctx.Pc ?? NO_SPAN, options, log);
  const tolPct = options.tolerancePct ?? 0.01;
  const tolAbs = options.toleranceAbs ?? 100;

  // Deductions of R dated in P, matched to the contract term with the same canonical name valid that day.
  const charged = new Map<TermCost, MoneySum>();
  const unmatchedCharges: UnmatchedCharge[] = [];
  const chargesTotal = new MoneySum();
  const matchedTotal = new MoneySum();
  const unmatchedTotal = new MoneySum();
  if (ctx.input.tables.deductions) {
    for (const r of tableRows(ctx.input.tables.deductions)) {
      if (r.text.retailer && ctx.keyOf(r.text.retailer) !== ctx.retailer.key) continue;
      if (r.num.date === null) {
        log.add({ sheet: r.sheet, row: r.row, column: null, severity: "warning", code: "deduction-no-date", params: { row: r.row } });
        continue;
      }
      const date = r.num.date;
      if (date < ctx.P.start || date > ctx.P.end) continue;
      const amount = r.num.amount!;
      chargesTotal.add(amount);
      const cls = catalogue.classify(r.text.term!);
      const match = cls
        ? // Payment terms are never charged: a charge under their name is listed as unmatched, not absorbed.
          costs.find(
            (c) =>
              c.kind !== "financial" &&
              c.canonical === cls.canonical &&
              (c.ref.validFrom === null || c.ref.validFrom <= date) &&
              (c.ref.validTo === null || c.ref.validTo >= date),
          )
        : undefined;
      if (match) {
        let m = charged.get(match);
        if (!m) charged.set(match, (m = new MoneySum()));
        m.add(amount);
        matchedTotal.add(amount);
      } else {
        unmatchedTotal.add(amount);
        unmatchedCharges.push({ term: r.text.term!, date: formatDay(date), amount, reference: r.text.reference, sheet: r.sheet, row: r.row });
        log.add({
          sheet: r.sheet,
          row: r.row,
          column: null,
          severity: "warning",
          code: "deduction-unmatched",
          params: { sheet: r.sheet, row: r.row, term: r.text.term!, amount, date: formatDay(date) },
        });
      }
    }
  }

  const lines: TermLine[] = costs.map((c) => {
    // Payment terms are never charged; an on-invoice discount with no deduction recorded against it was
    // taken on the invoice (metrics.md): neither has a charge to compare, so both are "n/a", not under-charged.
    const notCharged = c.kind === "financial" || (c.kind === "on-invoice" && !charged.has(c));
    const ch = notCharged ? null : (charged.get(c)?.value ?? 0);
    const variance = ch === null ? null : ch - c.expected;
    const flagged = variance !== null && Math.abs(variance) > Math.max(tolPct * c.expected, tolAbs);
    let status: DeductionStatus;
    if (notCharged) status = "n/a";
    else if (flagged) status = variance! > 0 ? "over-charged" : "under-charged";
    // A conditional term not earned is "not earned" unless its charges are flagged (then over-charged).
    else status = c.conditional && !c.earned ? "not earned" : "ok";
    return {
      term: c.term,
      kind: c.kind,
      basis: c.basis,
      rate: c.rate,
      amount: c.amount,
      conditional: c.conditional,
      expected: c.expected,
      charged: ch,
      variance,
      flagged,
      status,
      canonical: c.canonical,
      effectiveRate: c.rate !== null && ch !== null && c.basisValue ? ch / c.basisValue : null,
      gapToThreshold: c.gapToThreshold,
      sheet: c.ref.sheet,
      row: c.ref.row,
    };
  });

  const w = waterfall;
  const perUnit = (x: number | null) => (x === null || w.units === 0 ? null : x / w.units);
  const grossMarginPct = w.cogs === null || w.grossSales === 0 ? null : 1 - w.cogs / w.grossSales;

  const result: TradeTermsResult = {
    ...w,
    perUnit: {
      gross: perUnit(w.grossSales),
      invoice: perUnit(w.invoiceSales),
      net: perUnit(w.netSales),
      netNet: perUnit(w.netNetSales),
      contribution: perUnit(w.contribution),
    },
    terms: lines,
    unmatchedCharges,
    chargesTotal: chargesTotal.value,
    matchedTotal: matchedTotal.value,
    unmatchedTotal: unmatchedTotal.value,
    skuNetNet: skuNetNet(tc.sellIn, ctx, w),
    negotiation: negotiation(ctx, catalogue, terms, tc, w, grossMarginPct, options, log),
    walkAway: walkAway(tc, terms, ctx, options),
    prior: ctx.Pc ? costTerms(tc, terms, ctx.Pc, comparisonPeriod(ctx.Pc, "yoy", ctx.calendar) ?? NO_SPAN, options, new IssueLog()).waterfall : null,
    compound: options.compound ?? false,
    grossMarginPct,
  };
  return { result, issues: log.all() };
}

/** Net-net per SKU: trade spend allocated by each SKU's share of gross sales. */
function skuNetNet(sellIn: ReturnType<typeof termsContext>["sellIn"], ctx: AnalysisContext, w: Waterfall): SkuNetNet[] {
  if (!sellIn || w.grossSales === 0) return [];
  const by = new Map<string, { gross: MoneySum; units: number }>();
  for (let i = 0; i < sellIn.gross.length; i++) {
    if (!(sellIn.start[i] >= ctx.P.start && sellIn.end[i] <= ctx.P.end)) continue;
    let e = by.get(sellIn.sku[i]);
    if (!e) by.set(sellIn.sku[i], (e = { gross: new MoneySum(), units: 0 }));
    e.gross.add(sellIn.gross[i]);
    if (!Number.isNaN(sellIn.units[i])) e.units += sellIn.units[i];
  }
  const ratio = w.netNetSales / w.grossSales;
  return [...by.entries()]
    .map(([sku, e]) => {
      const netNet = e.gross.value * ratio;
      return { sku, grossSales: e.gross.value, units: e.units, netNetSales: netNet, netNetPricePerUnit: e.units > 0 ? netNet / e.units : null };
    })
    .sort((a, b) => b.grossSales - a.grossSales || (a.sku < b.sku ? -1 : 1));
}

/** Each ask costed in P against the current contract; break-even = Δcost / (gross margin % − Σ variable rates). */
function negotiation(
  ctx: AnalysisContext,
  catalogue: ReturnType<typeof catalogueFor>,
  terms: ContractTerm[],
  tc: ReturnType<typeof termsContext>,
  w: Waterfall,
  grossMarginPct: number | null,
  options: TradeTermsOptions,
  log: IssueLog,
): NegotiationLine[] {
  const t = ctx.input.tables.negotiation;
  if (!t) return [];
  const quiet = new IssueLog(); // the asks re-cost the contract: its issues are already reported once
  const out: NegotiationLine[] = [];
  for (const r of tableRows(t)) {
    if (r.text.retailer && ctx.keyOf(r.text.retailer) !== ctx.retailer.key) continue;
    const cls = catalogue.classify(r.text.term!);
    if (!cls) {
      log.add({ sheet: r.sheet, row: r.row, column: null, severity: "warning", code: "negotiation-unknown-term", params: { row: r.row, term: r.text.term! } });
      continue;
    }
    const current = terms.find(
      (x) => x.canonical === cls.canonical && (x.validFrom === null || x.validFrom <= ctx.P.end) && (x.validTo === null || x.validTo >= ctx.P.start),
    );
    const basis = parseBasis(r.text.basis) ?? current?.basis ?? (r.num.rate !== null ? "gross" : "annual");
    const rateBasis = basis === "gross" || basis === "invoice" || basis === "net";
    const changed: ContractTerm = {
      ...(current ?? {
        sheet: r.sheet,
        row: r.row,
        name: r.text.term!,
        canonical: cls.canonical,
        kind: cls.kind,
        condition: null,
        validFrom: ctx.P.start,
        validTo: ctx.P.end,
        order: terms.length,
      }),
      basis,
      rate: rateBasis ? (r.num.rate ?? current?.rate ?? null) : null,
      amount: rateBasis ? null : (r.num.amount ?? current?.amount ?? null),
    };
    const newTerms = current ? terms.map((x) => (x === current ? changed : x)) : [...terms, changed];
    const after = costTerms(tc, newTerms, ctx.P, ctx.Pc ?? NO_SPAN, options, quiet).waterfall;
    const deltaCost = after.tradeSpend - w.tradeSpend;
    const variableRates = newTerms.filter((x) => x.rate !== null).reduce((a, x) => a + x.rate!, 0);
    const denominator = grossMarginPct === null ? null : grossMarginPct - variableRates;
    out.push({
      term: r.text.term!,
      basis,
      rate: changed.rate,
      amount: changed.amount,
      currentCost: current ? costOf(tc, terms, current, ctx, options) : 0,
      newCost: costOf(tc, newTerms, changed, ctx, options),
      deltaCost,
      newTradeSpend: after.tradeSpend,
      newNetNetSales: after.netNetSales,
      newContribution: after.contribution,
      breakEvenGrossSales: denominator !== null && denominator > 0 ? deltaCost / denominator : null,
      sheet: r.sheet,
      row: r.row,
    });
  }
  return out;
}

function costOf(tc: ReturnType<typeof termsContext>, terms: ContractTerm[], term: ContractTerm, ctx: AnalysisContext, options: TradeTermsOptions): number {
  const { costs } = costTerms(tc, terms, ctx.P, ctx.Pc ?? NO_SPAN, options, new IssueLog());
  return costs.find((c) => c.ref === term)?.expected ?? 0;
}

/** The cost of all terms over the last 12 months to P against the 12 months before. */
function walkAway(
  tc: ReturnType<typeof termsContext>,
  terms: ContractTerm[],
  ctx: AnalysisContext,
  options: TradeTermsOptions,
): { thisYear: YearCost; lastYear: YearCost } {
  const { thisYear, lastYear } = rollingYears(ctx.P);
  const year = (span: { start: number; end: number }, prior: { start: number; end: number }): YearCost => {
    const { waterfall } = costTerms(tc, terms, span, prior, options, new IssueLog());
    return {
      from: formatDay(span.start),
      to: formatDay(span.end),
      grossSales: grossIn(tc.sellIn, span),
      tradeSpend: waterfall.tradeSpend,
      tradeSpendPct: waterfall.tradeSpendPct,
    };
  };
  const beforeLast = rollingYears({ start: lastYear.start, end: lastYear.end }).lastYear;
  return { thisYear: year(thisYear, lastYear), lastYear: year(lastYear, beforeLast) };
}
