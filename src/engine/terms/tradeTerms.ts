/**
 * Trade terms for finance (metrics.md "Trade terms"; internal only): the contract's terms costed in
 * a period, and the waterfall gross -> invoice -> net -> net-net -> contribution. Every disguised
 * discount is counted under its kind, whatever the retailer called it (termCatalogue.ts).
 */
import { coerceNumber, normalizeKey } from "../core/coerce";
import { AnalysisContext } from "../analytics/context";
import { DayNumber, addMonths, dayFromYmd, formatDay, lastDayOfMonth, ymdFromDay } from "../core/dates";
import { IssueLog } from "../core/issues";
import { Period, Span } from "../core/periods";
import { MoneySum } from "../core/sum";
import { tableRows } from "../core/table";
import { STAGE, Stage, TermCatalogue, TermKind, parseTermKind } from "./catalogue";

export type Basis = "gross" | "invoice" | "net" | "annual" | "once" | "per-store" | "per-sku" | "days";
const RATE_BASES: Basis[] = ["gross", "invoice", "net"];

const BASIS_NAMES: Record<Basis, string[]> = {
  gross: ["gross", "gross sales", "list", "on list", "毛销售额", "含税销售额", "总额", "毛额"],
  invoice: ["invoice", "invoice sales", "on invoice", "票面", "发票", "开票金额", "票面金额"],
  net: ["net", "net sales", "净额", "净销售额"],
  annual: ["annual", "per year", "yearly", "年度", "每年", "年费"],
  once: ["once", "one-off", "one off", "lump sum", "一次性", "单次"],
  "per-store": ["per-store", "per store", "each store", "每店", "按门店", "每家门店"],
  "per-sku": ["per-sku", "per sku", "each sku", "per item", "每单品", "按单品", "每个单品"],
  days: ["days", "payment days", "天", "天数", "账期天数"],
};

export function parseBasis(text: string | null): Basis | null {
  if (!text) return null;
  const k = normalizeKey(text);
  for (const [b, names] of Object.entries(BASIS_NAMES) as [Basis, string[]][]) if (names.some((n) => normalizeKey(n) === k)) return b;
  return null;
}

export type Condition = { type: "gross"; threshold: number } | { type: "growth"; growth: number };

/** "8000000", "¥800万", "同比增长15%", "growth >= 15%", "增长≥15%". */
export function parseCondition(text: string | null): Condition | null | "unreadable" {
  if (text === null || text.trim() === "") return null;
  const t = text.normalize("NFKC").trim();
  const growth = /(growth|增长|同比)/i.test(t);
  const pct = /(-?\d+(?:\.\d+)?)\s*%/.exec(t);
  if (growth && pct) return { type: "growth", growth: Number(pct[1]) / 100 };
  const n = coerceNumber(t.replace(/^(gross|sales|销售额|毛销售额)?\s*(>=|≥|>)?\s*/i, ""));
  if (n.ok) return { type: "gross", threshold: n.value };
  return "unreadable";
}

export interface ContractTerm {
  sheet: string;
  row: number;
  /** The name as written in the contract. */
  name: string;
  canonical: string;
  kind: TermKind;
  basis: Basis;
  rate: number | null;
  amount: number | null;
  condition: Condition | null;
  validFrom: DayNumber | null;
  validTo: DayNumber | null;
  /** Position in the contract (JSON lists terms in contract order). */
  order: number;
}

export interface TermCost {
  term: string;
  canonical: string;
  kind: TermKind;
  basis: Basis;
  rate: number | null;
  amount: number | null;
  conditional: boolean;
  expected: number;
  /** The money the rate applies to in the period (rate terms), for the effective rate. */
  basisValue: number | null;
  earned: boolean;
  /** Not earned: the missing gross sales (threshold) or growth points (growth condition). */
  gapToThreshold: number | null;
  ref: ContractTerm;
}

export interface Waterfall {
  grossSales: number;
  invoiceSales: number;
  netSales: number;
  netNetSales: number;
  tradeSpend: number;
  tradeSpendPct: number | null;
  cogs: number | null;
  contribution: number | null;
  contributionPct: number | null;
  units: number;
  /** Expected cost per kind. */
  byKind: Record<TermKind, number>;
}

export interface TradeTermsOptions {
  /** Apply rate terms in waterfall order on the running balance instead of each on its own basis. */
  compound?: boolean;
}

/** Sell-in of the retailer: gross value per row (the Gross value column, else units × list price). */
export interface SellInRows {
  start: Float64Array;
  end: Float64Array;
  gross: Float64Array;
  units: Float64Array;
  cost: Float64Array; // unit cost × units, NaN when unknown
  sku: string[];
}

export function sellInOfRetailer(ctx: AnalysisContext, log: IssueLog): SellInRows | null {
  const t = ctx.input.tables["sell-in"];
  if (!t) return null;
  const rows = tableRows(t).filter((r) => r.text.retailer === null || ctx.keyOf(r.text.retailer) === ctx.retailer.key);
  const out: SellInRows = {
    start: new Float64Array(rows.length),
    end: new Float64Array(rows.length),
    gross: new Float64Array(rows.length),
    units: new Float64Array(rows.length),
    cost: new Float64Array(rows.length),
    sku: [],
  };
  rows.forEach((r, i) => {
    const product = ctx.input.products.get(r.text.sku!);
    const units = r.num.units ?? NaN;
    const list = r.num.listPrice ?? product?.listPrice ?? null;
    let gross = r.num.grossValue;
    if (gross === null) {
      if (list !== null && !Number.isNaN(units)) gross = units * list;
      else log.add({ sheet: r.sheet, row: r.row, column: null, severity: "warning", code: "sell-in-no-gross", params: { row: r.row, sku: r.text.sku! } });
    }
    out.start[i] = r.num.spanStart ?? NaN;
    out.end[i] = r.num.spanEnd ?? NaN;
    out.gross[i] = gross ?? 0;
    out.units[i] = units;
    out.cost[i] = product?.unitCost !== null && product?.unitCost !== undefined && !Number.isNaN(units) ? units * product.unitCost : NaN;
    out.sku.push(r.text.sku!);
  });
  return out;
}

function inSpan(rows: SellInRows, i: number, s: Span): boolean {
  return rows.start[i] >= s.start && rows.end[i] <= s.end;
}

export function grossIn(rows: SellInRows | null, s: Span): number {
  if (!rows) return 0;
  const m = new MoneySum();
  for (let i = 0; i < rows.gross.length; i++) if (inSpan(rows, i, s)) m.add(rows.gross[i]);
  return m.value;
}

/** The retailer's contract, each term classified; unknown names are issues and left out. */
export function contractTerms(ctx: AnalysisContext, catalogue: TermCatalogue, log: IssueLog): ContractTerm[] {
  const t = ctx.input.tables["trade-terms"];
  if (!t) return [];
  const out: ContractTerm[] = [];
  tableRows(t).forEach((r, order) => {
    if (r.text.retailer && ctx.keyOf(r.text.retailer) !== ctx.retailer.key) return;
    const name = r.text.term!;
    const explicitKind = parseTermKind(r.text.kind);
    if (r.text.kind && !explicitKind)
      log.add({ sheet: r.sheet, row: r.row, column: null, severity: "warning", code: "unknown-term-kind", params: { row: r.row, kind: r.text.kind } });
    const cls = catalogue.classify(name);
    if (!cls && !explicitKind) {
      log.add({ sheet: r.sheet, row: r.row, column: null, severity: "error", code: "unknown-term", params: { row: r.row, term: name } });
      return;
    }
    // Valid from after valid to: no day is inside it, and a term must not vanish without a word.
    if (r.num.validFrom !== null && r.num.validTo !== null && r.num.validFrom > r.num.validTo) {
      log.add({
        sheet: r.sheet,
        row: r.row,
        column: null,
        severity: "error",
        code: "term-dates-reversed",
        params: { row: r.row, term: name, from: formatDay(r.num.validFrom), to: formatDay(r.num.validTo) },
      });
      return;
    }
    const condition = parseCondition(r.text.condition);
    if (condition === "unreadable") {
      log.add({
        sheet: r.sheet,
        row: r.row,
        column: null,
        severity: "error",
        code: "unreadable-condition",
        params: { row: r.row, term: name, condition: r.text.condition ?? "" },
      });
      return;
    }
    // A term with a condition is conditional whatever its name (metrics.md).
    const kind: TermKind = condition ? "conditional-rebate" : (explicitKind ?? cls!.kind);
    let basis = parseBasis(r.text.basis);
    if (r.text.basis && !basis)
      log.add({ sheet: r.sheet, row: r.row, column: null, severity: "warning", code: "unknown-basis", params: { row: r.row, basis: r.text.basis } });
    if (!basis) basis = kind === "financial" ? "days" : r.num.rate !== null ? "gross" : "annual";
    if (RATE_BASES.includes(basis) && r.num.rate === null) {
      log.add({ sheet: r.sheet, row: r.row, column: null, severity: "error", code: "term-missing-value", params: { row: r.row, term: name, what: "rate" } });
      return;
    }
    if (!RATE_BASES.includes(basis) && r.num.amount === null) {
      log.add({ sheet: r.sheet, row: r.row, column: null, severity: "error", code: "term-missing-value", params: { row: r.row, term: name, what: "amount" } });
      return;
    }
    out.push({
      sheet: r.sheet,
      row: r.row,
      name,
      canonical: cls?.canonical ?? normalizeKey(name),
      kind,
      basis,
      rate: RATE_BASES.includes(basis) ? r.num.rate : null,
      amount: RATE_BASES.includes(basis) ? null : r.num.amount,
      condition,
      validFrom: r.num.validFrom,
      validTo: r.num.validTo,
      order,
    });
  });
  return out;
}

export function catalogueFor(ctx: AnalysisContext, log: IssueLog): TermCatalogue {
  const t = ctx.input.tables["term-kinds"];
  const entries: Array<{ name: string; kind: TermKind; canonical: string | null }> = [];
  if (t) {
    for (const r of tableRows(t)) {
      const kind = parseTermKind(r.text.kind);
      if (!kind) {
        log.add({ sheet: r.sheet, row: r.row, column: null, severity: "warning", code: "unknown-term-kind", params: { row: r.row, kind: r.text.kind ?? "" } });
        continue;
      }
      entries.push({ name: r.text.term!, kind, canonical: r.text.canonical });
    }
  }
  return new TermCatalogue(entries);
}

function overlap(a: Span, from: DayNumber | null, to: DayNumber | null): Span | null {
  const s = Math.max(a.start, from ?? -Infinity);
  const e = Math.min(a.end, to ?? Infinity);
  return s <= e ? { start: s, end: e } : null;
}

/**
 * An amount per contract year, prorated to the days of `within` (metrics.md `annual`): contract years
 * run from valid-from to the day before each anniversary (calendar years when there is no valid-from);
 * each year's share is the days of `within` inside it (and inside the validity, which `within`
 * already is) over the days of that whole contract year, 365 or 366, also when valid-to cuts the last
 * one short. So a two-year contract of 60,000 a year costs 60,000 × 92 / 365 in a 92-day quarter.
 */
export function perContractYear(amount: number, validFrom: DayNumber | null, within: Span): number {
  const from = validFrom ?? dayFromYmd(ymdFromDay(within.start).year, 1, 1);
  const f = ymdFromDay(from);
  // The contract year containing within.start: anniversaries are the same month and day (29 Feb rolls to 1 Mar).
  const anniversary = (k: number) => dayFromYmd(f.year + k, f.month, f.day);
  let k = ymdFromDay(within.start).year - f.year - 1;
  while (anniversary(k + 1) <= within.start) k++;
  let total = 0;
  for (; anniversary(k) <= within.end; k++) {
    const yearStart = anniversary(k);
    const yearEnd = anniversary(k + 1) - 1;
    const s = Math.max(yearStart, within.start);
    const e = Math.min(yearEnd, within.end);
    if (s <= e) total += (amount * (e - s + 1)) / (yearEnd - yearStart + 1);
  }
  return total;
}

export interface TermsContext {
  ctx: AnalysisContext;
  sellIn: SellInRows | null;
  /** Days stores of R opened (from Stores), for per-store fees. */
  storeOpenDays: DayNumber[];
  /** First day each SKU of ours was sold at R (sell-out), for per-SKU fees. */
  skuFirstDays: DayNumber[];
}

export function termsContext(ctx: AnalysisContext, log: IssueLog): TermsContext {
  const storeOpenDays: DayNumber[] = [];
  if (ctx.input.tables.stores) {
    for (const r of tableRows(ctx.input.tables.stores)) {
      if (r.text.retailer && ctx.keyOf(r.text.retailer) === ctx.retailer.key && r.num.openDate !== null) storeOpenDays.push(r.num.openDate);
    }
  }
  const first = new Map<number, number>();
  const t = ctx.sellOut;
  const rIndex = ctx.retailers.indexOf(ctx.retailer);
  const starts = t.num.spanStart.values;
  const value = t.num.value.values;
  for (let i = 0; i < t.n; i++) {
    if (ctx.rowRetailer[i] !== rIndex || !ctx.rowOurs[i] || value[i] <= 0) continue;
    const s = t.text.sku.codes[i];
    const d = first.get(s);
    if (d === undefined || starts[i] < d) first.set(s, starts[i]);
  }
  return { ctx, sellIn: sellInOfRetailer(ctx, log), storeOpenDays, skuFirstDays: [...first.values()] };
}

const STAGE_ORDER: Stage[] = ["invoice", "net", "net-net"];

/**
 * The expected cost of each term in `period` and the waterfall. `prior` is P' for growth conditions.
 * Not compounded (default): each rate term on its own basis, gross / invoice / net of the period.
 */
export function costTerms(
  tc: TermsContext,
  terms: ContractTerm[],
  period: Period | Span,
  prior: Span,
  options: TradeTermsOptions,
  log: IssueLog,
): { costs: TermCost[]; waterfall: Waterfall } {
  const { ctx, sellIn } = tc;
  const G = grossIn(sellIn, period);
  const Gprior = grossIn(sellIn, prior);
  const active = terms.filter((t) => overlap(period, t.validFrom, t.validTo) !== null);
  const costs: TermCost[] = [];
  const byStage = (stage: Stage) => active.filter((t) => STAGE[t.kind] === stage).sort((a, b) => a.order - b.order);

  let running = G; // compound: the balance after the terms costed so far
  let invoiceSales = G;
  let netSales = G;
  for (const stage of STAGE_ORDER) {
    for (const t of byStage(stage)) {
      const within = overlap(period, t.validFrom, t.validTo)!;
      const Gt = grossIn(sellIn, within);
      let basisValue: number | null = null;
      let expected = 0;
      if (RATE_BASES.includes(t.basis)) {
        if (options.compound) basisValue = running * (G === 0 ? 0 : Gt / G);
        else {
          let basis = t.basis;
          // A term cannot be costed on a stage it is part of: an on-invoice discount on invoice sales, a rebate on net.
          if ((stage === "invoice" && basis !== "gross") || (stage === "net" && basis === "net")) {
            log.add({ sheet: t.sheet, row: t.row, column: null, severity: "warning", code: "circular-basis", params: { row: t.row, term: t.name, basis } });
            basis = stage === "invoice" ? "gross" : "invoice";
          }
          const share = G === 0 ? 0 : Gt / G;
          basisValue = basis === "gross" ? Gt : basis === "invoice" ? invoiceSales * share : netSales * share;
        }
        expected = t.rate! * basisValue;
      } else if (t.basis === "annual") {
        expected = perContractYear(t.amount!, t.validFrom, within);
      } else if (t.basis === "once") {
        const effective = t.validFrom;
        expected = effective !== null && effective >= period.start && effective <= period.end ? t.amount! : 0;
      } else if (t.basis === "per-store") {
        expected = t.amount! * tc.storeOpenDays.filter((d) => d >= within.start && d <= within.end).length;
      } else if (t.basis === "per-sku") {
        expected = t.amount! * tc.skuFirstDays.filter((d) => d >= within.start && d <= within.end).length;
      } else if (t.basis === "days") {
        const share = G === 0 ? 0 : Gt / G;
        basisValue = invoiceSales * share;
        expected = ((basisValue * t.amount!) / 365) * ctx.settings.costOfCapital;
      }

      let earned = true;
      let gap: number | null = null;
      if (t.condition) {
        if (t.condition.type === "gross") {
          // An annual threshold, prorated per contract year like an `annual` amount.
          const prorated = perContractYear(t.condition.threshold, t.validFrom, within);
          // "Met when the value reaches it": compare with a tolerance far below a cent, so float noise never decides.
          earned = Gt >= prorated - 1e-9 * Math.max(1, Math.abs(prorated));
          gap = earned ? null : prorated - Gt;
        } else {
          const growth = Gprior === 0 ? null : G / Gprior - 1;
          // G/G' ≥ 1 + g rather than G/G' − 1 ≥ g: 30000/25000 − 1 is 0.19999999999999996 in floating point.
          earned = growth !== null && G / Gprior >= 1 + t.condition.growth - 1e-12;
          gap = earned || growth === null ? null : (t.condition.growth - growth) * 100;
        }
        if (!earned) expected = 0;
      }
      if (options.compound) running -= expected;
      costs.push({
        term: t.name,
        canonical: t.canonical,
        kind: t.kind,
        basis: t.basis,
        rate: t.rate,
        amount: t.amount,
        conditional: t.condition !== null,
        expected,
        basisValue,
        earned,
        gapToThreshold: gap,
        ref: t,
      });
    }
    const stageCost = costs.filter((c) => STAGE[c.kind] === stage).reduce((a, c) => a + c.expected, 0);
    if (stage === "invoice") invoiceSales = G - stageCost;
    if (stage === "net") netSales = invoiceSales - stageCost;
  }

  const byKind = { "on-invoice": 0, "unconditional-rebate": 0, "conditional-rebate": 0, "fixed-fee": 0, marketing: 0, logistics: 0, financial: 0 } as Record<
    TermKind,
    number
  >;
  for (const c of costs) byKind[c.kind] += c.expected;
  const netNetSales = netSales - costs.filter((c) => STAGE[c.kind] === "net-net").reduce((a, c) => a + c.expected, 0);

  let units = 0;
  let cogs: number | null = 0;
  if (sellIn) {
    for (let i = 0; i < sellIn.gross.length; i++) {
      if (!inSpan(sellIn, i, period)) continue;
      if (!Number.isNaN(sellIn.units[i])) units += sellIn.units[i];
      if (Number.isNaN(sellIn.cost[i])) cogs = null;
      else if (cogs !== null) cogs += sellIn.cost[i];
    }
  }
  const tradeSpend = G - netNetSales;
  const contribution = cogs === null ? null : netNetSales - cogs;
  return {
    costs: costs.sort((a, b) => a.ref.order - b.ref.order),
    waterfall: {
      grossSales: G,
      invoiceSales,
      netSales,
      netNetSales,
      tradeSpend,
      tradeSpendPct: G === 0 ? null : (tradeSpend / G) * 100,
      cogs,
      contribution,
      contributionPct: contribution === null || netNetSales === 0 ? null : (contribution / netNetSales) * 100,
      units,
      byKind,
    },
  };
}

/** The 12 calendar months ending with the last month of P, and the 12 before them (the walk-away view). */
export function rollingYears(p: Span): { thisYear: Span; lastYear: Span } {
  const { year, month } = ymdFromDay(p.end);
  const first = addMonths(year, month, -11);
  const end = lastDayOfMonth(year, month);
  const start = dayFromYmd(first.year, first.month, 1);
  const prevFirst = addMonths(first.year, first.month, -12);
  return { thisYear: { start, end }, lastYear: { start: dayFromYmd(prevFirst.year, prevFirst.month, 1), end: start - 1 } };
}
