/**
 * The analysis context: the sell-out table viewed for one review (retailer R, periods P and P').
 * Per-row facts every section needs (which retailer, ours or not, in P or P') are computed once
 * here, through the text dictionaries, so each section is a plain loop over typed arrays.
 */
import { normalizeKey } from "../core/coerce";
import { ownCompanyKeys, retailerKey, userRetailerAliases } from "../core/retailers";

import { formatDay, ymdFromDay } from "../core/dates";
import type { ProductInfo } from "../ingest/products";
import type { Settings } from "../ingest/settings";
import type { IngestResult } from "../ingest/types";
import { Issue, IssueLog } from "../core/issues";
import { CompareMode, Coverage, Period, comparisonPeriod, latestCompleteQuarter, periodChoices, resolvePeriod, rowInPeriod } from "../core/periods";
import { Calendar } from "../core/calendar";
import { calendarOf } from "../ingest/settings";
import { Table } from "../core/table";

export interface RetailerInfo {
  key: string;
  /** As spelled in the data (the first spelling met in Sell-out). */
  name: string;
}

export interface ReviewOptions {
  /** Retailer to review, as the user writes it (any spelling or alias). */
  retailer: string;
  /** Period key; default the latest complete quarter in Sell-out. */
  period?: string;
  compare?: CompareMode;
  /** Overrides Settings' own company. */
  ourCompany?: string;
}

export interface AnalysisContext {
  input: IngestResult;
  settings: Settings;
  sellOut: Table;
  retailer: RetailerInfo;
  retailers: RetailerInfo[];
  /** The own company as shown (the first of the names Settings lists). */
  ourCompany: string | null;
  P: Period;
  /** P', or null when P has none (a 53rd week compared year on year). */
  Pc: Period | null;
  compare: CompareMode;
  /** The calendar periods are read in (the retail calendar only on week data). */
  calendar: Calendar;
  /** What the sell-out covers: its first and last day, and whether it is by week or day. */
  coverage: Coverage;
  /** Why comparison figures are empty, when they are: no P', P' only partly covered, or no rows of R in P'. */
  priorGap: "none" | "week-53" | "partly-covered" | "no-rows";
  /** Per row: index into `retailers`. */
  rowRetailer: Int32Array;
  /** Per row: 1 = ours. */
  rowOurs: Uint8Array;
  /** Per row: bit 1 = wholly inside P, bit 2 = wholly inside P'. */
  rowPeriod: Uint8Array;
  /** R has at least one sell-out row inside P'. */
  hasPrior: boolean;
  /** Issues found while preparing this review (straddling rows, own company unknown...). */
  issues: Issue[];
  /** A retailer name's matching key, with the user's aliases from Settings (compare with `retailer.key`). */
  keyOf(name: string): string;
}

export const IN_P = 1;
export const IN_PRIOR = 2;

export function listRetailers(sellOut: Table, aliases?: ReadonlyMap<string, string>): { retailers: RetailerInfo[]; codeToRetailer: Int32Array } {
  const col = sellOut.text.retailer;
  const retailers: RetailerInfo[] = [];
  const byKey = new Map<string, number>();
  const codeToRetailer = new Int32Array(col.dict.length);
  col.dict.forEach((name, code) => {
    const key = retailerKey(name, aliases);
    let idx = byKey.get(key);
    if (idx === undefined) {
      idx = retailers.length;
      retailers.push({ key, name });
      byKey.set(key, idx);
    }
    codeToRetailer[code] = idx;
  });
  return { retailers, codeToRetailer };
}

/** Rows dated far beyond the rest (a mistyped year): how many, and where the first one is. */
export interface FarRows {
  count: number;
  sheet: string;
  row: number;
  day: number;
}

/**
 * The last day the sell-out covers, for the default period (the latest quarter complete by then).
 * A few rows dated more than a year beyond all others — one row typed 2062-09 in data that ends in
 * 2026-09 — would make 2062-Q3 the default; they are left out of this day (not out of the data) when
 * they are at most 1 % of the rows (at least one row), and returned so a warning can name them.
 */
export function sellOutEnd(sellOut: Table): { day: number; far: FarRows | null } {
  const ends = sellOut.num.spanEnd.values;
  const perMonth = new Map<number, number>();
  for (let i = 0; i < ends.length; i++) {
    const e = ends[i];
    if (!Number.isFinite(e)) continue;
    const { year, month } = ymdFromDay(e);
    const m = year * 12 + month - 1;
    perMonth.set(m, (perMonth.get(m) ?? 0) + 1);
  }
  const months = [...perMonth.keys()].sort((a, b) => b - a);
  const allowed = Math.max(1, sellOut.n * 0.01);
  let beyond = 0;
  let cut: number | null = null;
  for (let k = 0; k < months.length - 1; k++) {
    beyond += perMonth.get(months[k])!;
    if (beyond > allowed) break;
    if (months[k] - months[k + 1] > 12) cut = months[k + 1];
  }
  let day = -Infinity;
  let far: FarRows | null = null;
  for (let i = 0; i < ends.length; i++) {
    const e = ends[i];
    if (!Number.isFinite(e)) continue;
    if (cut !== null) {
      const { year, month } = ymdFromDay(e);
      if (year * 12 + month - 1 > cut) {
        if (!far) far = { count: 0, sheet: sellOut.sheets[sellOut.sheetIndex[i]], row: sellOut.rowNumber[i], day: e };
        far.count++;
        continue;
      }
    }
    if (e > day) day = e;
  }
  return { day, far };
}

export function lastSellOutDay(sellOut: Table): number {
  return sellOutEnd(sellOut).day;
}

/** The first day the sell-out covers (its rows' earliest start). */
export function sellOutStart(sellOut: Table): number {
  const starts = sellOut.num.spanStart.values;
  let first = Infinity;
  for (let i = 0; i < starts.length; i++) if (starts[i] < first) first = starts[i];
  return first;
}

/** Sell-out by week or by day: every row spans at most 7 days (a month-labelled row makes it month data). */
export function isWeekData(sellOut: Table): boolean {
  const starts = sellOut.num.spanStart.values;
  const ends = sellOut.num.spanEnd.values;
  for (let i = 0; i < starts.length; i++) if (ends[i] - starts[i] > 6) return false;
  return starts.length > 0;
}

/** The calendar periods are read in: months do not fit retail weeks, so the retail calendar applies to sell-out by week or by day only. */
export function effectiveCalendar(settings: Settings, coverage: Coverage): Calendar {
  const cal = calendarOf(settings);
  return cal.retail && !coverage.weekData ? { ...cal, retail: null } : cal;
}

/**
 * The periods a review can be asked for (the pane's choice, the command line's check), the default
 * first — the latest complete quarter — then the others latest first.
 */
export function reviewablePeriods(input: IngestResult): Period[] {
  const sellOut = input.tables["sell-out"];
  if (!sellOut || sellOut.n === 0) return [];
  const coverage = sellOutCoverage(sellOut);
  return periodChoices(effectiveCalendar(input.settings, coverage), coverage);
}

/** What the sell-out covers, for the period choices (the pane, the command line) and for resolving keys. */
export function sellOutCoverage(sellOut: Table): Coverage {
  return { firstDay: sellOutStart(sellOut), lastDay: sellOutEnd(sellOut).day, weekData: isWeekData(sellOut) };
}

export type ContextResult = { ok: true; context: AnalysisContext } | { ok: false; issue: Issue };

export function buildContext(input: IngestResult, options: ReviewOptions): ContextResult {
  const sellOut = input.tables["sell-out"];
  if (!sellOut || sellOut.n === 0) return { ok: false, issue: { sheet: null, row: null, column: null, severity: "error", code: "no-sell-out", params: {} } };
  const settings = input.settings;
  const aliases = userRetailerAliases(settings.retailerAliases);
  const keyOf = (name: string) => retailerKey(name, aliases);
  const { retailers, codeToRetailer } = listRetailers(sellOut, aliases);
  const wanted = keyOf(options.retailer);
  const rIndex = retailers.findIndex((r) => r.key === wanted);
  if (rIndex < 0) {
    return {
      ok: false,
      issue: {
        sheet: null,
        row: null,
        column: null,
        severity: "error",
        code: "retailer-not-found",
        params: { name: options.retailer, list: retailers.map((r) => r.name).join(", ") },
      },
    };
  }
  const end = sellOutEnd(sellOut);
  const coverage: Coverage = { firstDay: sellOutStart(sellOut), lastDay: end.day, weekData: isWeekData(sellOut) };
  const log = new IssueLog();
  const calendar = effectiveCalendar(settings, coverage);
  if (settings.retailCalendar && !calendar.retail)
    log.add({ sheet: null, row: null, column: null, severity: "warning", code: "retail-calendar-month-data", params: {} });
  let P: Period;
  if (options.period) {
    const r = resolvePeriod(options.period, calendar, coverage);
    if (!r.ok) {
      const list = periodChoices(calendar, coverage)
        .slice(0, 12)
        .map((x) => x.key)
        .join(", ");
      return {
        ok: false,
        issue: {
          sheet: null,
          row: null,
          column: null,
          severity: "error",
          // A retail key (FY2027-W05, FY2027-P05) without a retail calendar says what is missing.
          code:
            /^FY\d{2,4}-?[WP]\d/i.test(options.period.trim()) && !calendar.retail
              ? "period-needs-retail-calendar"
              : r.reason === "needs-weeks"
                ? "period-needs-weeks"
                : "period-not-available",
          params: { period: options.period, list },
        },
      };
    }
    P = r.period;
  } else P = latestCompleteQuarter(end.day, calendar, coverage.weekData);
  const compare = options.compare ?? "yoy";
  const Pc = comparisonPeriod(P, compare, calendar);
  const ourCompany = options.ourCompany ?? settings.ourCompany;
  if (end.far)
    log.add({
      sheet: end.far.sheet,
      row: end.far.row,
      column: null,
      severity: "warning",
      code: "far-dated-rows",
      params: { count: end.far.count, sheet: end.far.sheet, row: end.far.row, date: formatDay(end.far.day), end: formatDay(end.day) },
    });
  reportRetailerSpellings(input, sellOut, retailers, rIndex, keyOf, log);

  const n = sellOut.n;
  const rowRetailer = new Int32Array(n);
  const retailerCodes = sellOut.text.retailer.codes;
  for (let i = 0; i < n; i++) rowRetailer[i] = codeToRetailer[retailerCodes[i]];

  const rowOurs = oursPerRow(sellOut, input.products, ownCompanyKeys(ourCompany));
  if (!ourCompany && !rowOurs.some((x) => x === 1)) {
    log.add({ sheet: null, row: null, column: null, severity: "error", code: "no-own-company", params: {} });
  } else if (ourCompany && !rowOurs.some((x) => x === 1)) {
    log.add({ sheet: null, row: null, column: null, severity: "error", code: "own-company-not-found", params: { name: ourCompany } });
  }

  const rowPeriod = new Uint8Array(n);
  const starts = sellOut.num.spanStart.values;
  const ends = sellOut.num.spanEnd.values;
  let hasPrior = false;
  const periods = Pc
    ? ([
        [P, IN_P],
        [Pc, IN_PRIOR],
      ] as const)
    : ([[P, IN_P]] as const);
  for (let i = 0; i < n; i++) {
    const s = starts[i];
    const e = ends[i];
    let flags = 0;
    for (const [p, bit] of periods) {
      if (rowInPeriod(s, e, p)) flags |= bit;
      else if (e - s !== 6 && s <= p.end && e >= p.start) {
        // Straddles: counted in neither period, and said so (metrics.md: never silently split).
        log.add({
          sheet: sellOut.sheets[sellOut.sheetIndex[i]],
          row: sellOut.rowNumber[i],
          column: null,
          severity: "warning",
          code: "straddles-period",
          params: { row: sellOut.rowNumber[i], span: `${formatDay(s)}..${formatDay(e)}`, period: p.key },
        });
      }
    }
    rowPeriod[i] = flags;
    if (flags & IN_PRIOR && rowRetailer[i] === rIndex) hasPrior = true;
  }
  let priorGap: AnalysisContext["priorGap"] = hasPrior ? "none" : "no-rows";
  if (!Pc) {
    priorGap = "week-53";
    log.add({ sheet: null, row: null, column: null, severity: "info", code: "no-comparison-week53", params: { period: P.key } });
  } else if (coverage.firstDay > Pc.start) {
    // A comparison against a partly covered span is not a growth figure: none is computed (metrics.md).
    hasPrior = false;
    priorGap = "partly-covered";
    log.add({
      sheet: null,
      row: null,
      column: null,
      severity: "info",
      code: "comparison-partly-covered",
      params: {
        first: formatDay(coverage.firstDay),
        compare: Pc.key,
        start: formatDay(Pc.start),
        missing: `${formatDay(Pc.start)}..${formatDay(Math.min(coverage.firstDay - 1, Pc.end))}`,
      },
    });
  }

  return {
    ok: true,
    context: {
      input,
      settings,
      sellOut,
      retailer: retailers[rIndex],
      retailers,
      ourCompany: ourCompany ? ourCompany.split(/[;；|、]/)[0].trim() : null,
      P,
      Pc,
      compare,
      calendar,
      coverage,
      priorGap,
      rowRetailer,
      rowOurs,
      rowPeriod,
      hasPrior,
      issues: log.all(),
      keyOf,
    },
  };
}

/** Edit distance, for "did you mean" (short names only: retailer keys). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/**
 * Retailer names are joined across every sheet by one key; a join that is not letter for letter is
 * said (both spellings named), and a name on another sheet that matches no sell-out retailer is a
 * warning with the closest ones, since its terms, targets or deductions would silently fall out.
 */
function reportRetailerSpellings(
  input: IngestResult,
  sellOut: Table,
  retailers: RetailerInfo[],
  rIndex: number,
  keyOf: (name: string) => string,
  log: IssueLog,
): void {
  const r = retailers[rIndex];
  const sellOutNames = sellOut.text.retailer.dict.filter((n) => keyOf(n) === r.key);
  if (sellOutNames.length > 1)
    log.add({
      sheet: null,
      row: null,
      column: null,
      severity: "info",
      code: "retailer-spellings-joined",
      params: { retailer: r.name, spellings: sellOutNames.join(", ") },
    });
  const known = new Set(retailers.map((x) => x.key));
  const exact = new Set(sellOutNames);
  for (const [kind, t] of Object.entries(input.tables)) {
    if (kind === "sell-out" || !t || !t.text.retailer) continue;
    const col = t.text.retailer;
    const firstRow = new Map<number, number>();
    for (let i = 0; i < t.n; i++) if (col.codes[i] >= 0 && !firstRow.has(col.codes[i])) firstRow.set(col.codes[i], i);
    for (const [code, i] of firstRow) {
      const written = col.dict[code];
      const key = keyOf(written);
      const where = { sheet: t.sheets[t.sheetIndex[i]], row: t.rowNumber[i] };
      if (key === r.key && !exact.has(written))
        log.add({ ...where, column: null, severity: "info", code: "retailer-spelling-joined", params: { written, retailer: r.name, sheet: where.sheet } });
      else if (!known.has(key)) {
        const closest = [...retailers]
          .sort((a, b) => distance(key, a.key) - distance(key, b.key))
          .slice(0, 3)
          .map((x) => x.name)
          .join(", ");
        log.add({ ...where, column: null, severity: "warning", code: "retailer-unmatched", params: { written, sheet: where.sheet, closest } });
      }
    }
  }
}

/** A row is ours when its product is flagged ours in Products, else when its manufacturer is the own company. */
function oursPerRow(sellOut: Table, products: Map<string, ProductInfo>, ownKeys: Set<string>): Uint8Array {
  const mfr = sellOut.text.manufacturer;
  const sku = sellOut.text.sku;
  const oursByMfr = mfr.dict.map((m) => (ownKeys.has(normalizeKey(m)) ? 1 : 0));
  const oursBySku = sku.dict.map((s) => {
    const flag = products.get(s)?.ours;
    return flag === true ? 1 : flag === false ? 0 : -1;
  });
  const out = new Uint8Array(sellOut.n);
  for (let i = 0; i < sellOut.n; i++) {
    const bySku = oursBySku[sku.codes[i]];
    const m = mfr.codes[i];
    out[i] = bySku >= 0 ? bySku : m >= 0 ? oursByMfr[m] : 0;
  }
  return out;
}
