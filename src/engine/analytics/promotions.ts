/**
 * Promotion post-evaluation (metrics.md "Promotion evaluation"): every event of our SKUs at R that
 * starts in P, against a baseline of the SKU's own clean weeks — uplift, the dip after, what the
 * sister SKUs lost, and (internal) cost, incremental gross profit and ROI.
 *
 * Weeks follow the calendar of the data (ISO weeks, or the retail calendar); a week row is its week,
 * daily rows are summed into their week. With sell-out by month there is no evaluation.
 */
import { weekKeyOf, weekStartOf } from "../core/calendar";
import { formatDay } from "../core/dates";
import { Issue, IssueLog } from "../core/issues";
import { numColumn, tableRows } from "../core/table";
import { AnalysisContext } from "./context";

export interface PromotionOptions {
  /** Clean weeks in the baseline window (default 8). */
  baselineWeeks: number;
  /** Fewer clean weeks than this: no baseline (default 4). */
  minBaselineWeeks: number;
  /** Weeks after an event that are not clean, and the dip's window (default 2). */
  postWeeks: number;
  /** How far back the baseline looks for clean weeks, in weeks before the event (default 26). */
  lookbackWeeks: number;
}

export const DEFAULT_PROMOTION_OPTIONS: PromotionOptions = { baselineWeeks: 8, minBaselineWeeks: 4, postWeeks: 2, lookbackWeeks: 26 };

export type PromotionStatus = "evaluated" | "no clean baseline";

export interface PromotionEvent {
  promotion: string | null;
  sku: string;
  name: string | null;
  start: string;
  end: string;
  mechanic: string | null;
  status: PromotionStatus;
  weeks: number;
  baselineWeeks: number;
  baselineUnitsPerWeek: number | null;
  baselineValuePerWeek: number | null;
  units: number;
  baselineUnits: number | null;
  incrementalUnits: number | null;
  upliftPct: number | null;
  value: number;
  baselineValue: number | null;
  incrementalValue: number | null;
  dipUnits: number | null;
  dipValue: number | null;
  promoDepth: number | null;
  // Internal only.
  cannibalisedUnits: number | null;
  cannibalisedValue: number | null;
  netIncrementalValue: number | null;
  cost: number | null;
  incrementalGrossProfit: number | null;
  roi: number | null;
  netRoiPct: number | null;
  costPerIncrementalUnit: number | null;
  /** Extra keys: the event's weeks (first day of each); where it came from. */
  weekStarts: string[];
  source: "sheet" | "flag";
}

/** The weeks around an event, for its chart (not in the JSON): units each week and whether the event ran. */
export interface EventWeek {
  week: string;
  units: number | null;
  inEvent: boolean;
}

/** Weeks shown before and after an event in its chart. */
const CHART_WEEKS_BEFORE = 8;
const CHART_WEEKS_AFTER = 4;

/** Keys of PromotionEvent the retailer copy never carries (metrics.md: cost, margin, ROI and cannibalisation). */
export const INTERNAL_EVENT_KEYS = [
  "cannibalisedUnits",
  "cannibalisedValue",
  "netIncrementalValue",
  "cost",
  "incrementalGrossProfit",
  "roi",
  "netRoiPct",
  "costPerIncrementalUnit",
] as const;

/** One SKU's sell-out at R by week: units, value and whether the week has rows (a row of value 0 counts). */
interface WeekFigures {
  u: number;
  v: number;
  flagged: boolean;
}

interface RawEvent {
  sku: string;
  promotion: string | null;
  mechanic: string | null;
  startDay: number;
  endDay: number;
  /** First days of the weeks that overlap [start, end]. */
  weeks: number[];
  promoPrice: number | null;
  fixedCost: number | null;
  fundingPerUnit: number | null;
  source: "sheet" | "flag";
}

export interface PromotionResult {
  /** Null when the sell-out is by month (no week to evaluate). */
  events: PromotionEvent[] | null;
  /** Per event (same order): its weeks around it, for the section's chart. */
  windows: EventWeek[][];
  issues: Issue[];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function computePromotions(ctx: AnalysisContext, options: PromotionOptions = DEFAULT_PROMOTION_OPTIONS): PromotionResult {
  const log = new IssueLog();
  const t = ctx.sellOut;
  const sheet = ctx.input.tables.promotions;
  const flag = numColumn(t, "promo")?.values;
  const rIndex = ctx.retailers.indexOf(ctx.retailer);
  if (!ctx.coverage.weekData) {
    // Say why only where there is something to evaluate: a Promotions sheet or promo flags at R.
    let flaggedAtR = false;
    if (flag) for (let i = 0; i < t.n && !flaggedAtR; i++) flaggedAtR = flag[i] === 1 && ctx.rowRetailer[i] === rIndex;
    if (sheet || flaggedAtR)
      log.add({ sheet: null, row: null, column: null, severity: "info", code: "promotions-need-weeks", params: { retailer: ctx.retailer.name } });
    return { events: null, windows: [], issues: log.all() };
  }

  // Weekly series of every SKU of ours at R (sister SKUs included), daily rows summed into weeks.
  const cal = ctx.calendar;
  const series = new Map<string, Map<number, WeekFigures>>();
  const segmentOf = new Map<string, string | null>();
  const nameOf = new Map<string, string | null>();
  const skuCol = t.text.sku;
  const segCol = t.text.segment;
  const nameCol = t.text.productName;
  const units = t.num.units?.values;
  const value = t.num.value.values;
  const starts = t.num.spanStart.values;
  for (let i = 0; i < t.n; i++) {
    if (ctx.rowRetailer[i] !== rIndex || !ctx.rowOurs[i]) continue;
    const sku = skuCol.dict[skuCol.codes[i]];
    let weeks = series.get(sku);
    if (!weeks) {
      series.set(sku, (weeks = new Map()));
      segmentOf.set(sku, segCol.codes[i] >= 0 ? segCol.dict[segCol.codes[i]] : null);
      nameOf.set(sku, nameCol && nameCol.codes[i] >= 0 ? nameCol.dict[nameCol.codes[i]] : (ctx.input.products.get(sku)?.name ?? null));
    }
    const w = weekStartOf(starts[i], cal);
    let f = weeks.get(w);
    if (!f) weeks.set(w, (f = { u: 0, v: 0, flagged: false }));
    const u = units ? units[i] : NaN;
    if (u === u) f.u += u;
    f.v += value[i];
    if (flag && flag[i] === 1) f.flagged = true;
  }

  const raw = sheet ? eventsFromSheet(ctx, series, log) : eventsFromFlags(series);
  // A SKU's promotion weeks (any event of it at R, in P or not) and the weeks just after them.
  const promoWeeks = new Map<string, Set<number>>();
  const postWeeks = new Map<string, Set<number>>();
  for (const e of raw) {
    const p = promoWeeks.get(e.sku) ?? new Set<number>();
    const q = postWeeks.get(e.sku) ?? new Set<number>();
    for (const w of e.weeks) p.add(w);
    const last = e.weeks[e.weeks.length - 1];
    for (let k = 1; k <= options.postWeeks; k++) q.add(last + 7 * k);
    promoWeeks.set(e.sku, p);
    postWeeks.set(e.sku, q);
  }
  const none = new Set<number>();
  const clean = (sku: string, w: number) => series.get(sku)?.has(w) === true && !(promoWeeks.get(sku) ?? none).has(w) && !(postWeeks.get(sku) ?? none).has(w);
  /** The baseline of a SKU before the week `first`: the latest clean weeks within the lookback. */
  const baseline = (sku: string, first: number) => {
    const found: number[] = [];
    for (let k = 1; k <= options.lookbackWeeks && found.length < options.baselineWeeks; k++) if (clean(sku, first - 7 * k)) found.push(first - 7 * k);
    const weeks = series.get(sku)!;
    if (found.length < options.minBaselineWeeks) return { count: found.length, bu: null, bv: null };
    return {
      count: found.length,
      bu: sum(found.map((w) => weeks.get(w)!.u)) / found.length,
      bv: sum(found.map((w) => weeks.get(w)!.v)) / found.length,
    };
  };

  const events: PromotionEvent[] = [];
  const windows: EventWeek[][] = [];
  const inP = raw.filter((e) => e.startDay >= ctx.P.start && e.startDay <= ctx.P.end).sort((a, b) => a.startDay - b.startDay || a.sku.localeCompare(b.sku));
  for (const e of inP) {
    const weeks = series.get(e.sku) ?? new Map<number, WeekFigures>();
    const nE = e.weeks.length;
    const UE = sum(e.weeks.map((w) => weeks.get(w)?.u ?? 0));
    const VE = sum(e.weeks.map((w) => weeks.get(w)?.v ?? 0));
    const b = baseline(e.sku, e.weeks[0]);
    const has = b.bu !== null && b.bv !== null;
    const bu = b.bu;
    const bv = b.bv;
    const incrementalUnits = has ? UE - bu! * nE : null;
    const incrementalValue = has ? VE - bv! * nE : null;

    // The dip over the weeks after E, when none of them is another promotion of the SKU and each has rows.
    const post = Array.from({ length: options.postWeeks }, (_, k) => e.weeks[nE - 1] + 7 * (k + 1));
    const ownWeeks = new Set(e.weeks);
    const otherPromo = post.some((w) => (promoWeeks.get(e.sku) ?? none).has(w) && !ownWeeks.has(w));
    const dipKnown = has && !otherPromo && post.every((w) => weeks.has(w));
    const dipUnits = dipKnown ? bu! * post.length - sum(post.map((w) => weeks.get(w)!.u)) : null;
    const dipValue = dipKnown ? bv! * post.length - sum(post.map((w) => weeks.get(w)!.v)) : null;

    // Sister SKUs: ours, same segment, not on promotion in any week of E, with their own baseline.
    let cannUnits = 0;
    let cannValue = 0;
    let cannMargin: number | null = 0;
    const segment = segmentOf.get(e.sku) ?? null;
    for (const [sister, sw] of series) {
      if (sister === e.sku || segment === null || segmentOf.get(sister) !== segment) continue;
      if (e.weeks.some((w) => (promoWeeks.get(sister) ?? none).has(w))) continue;
      const sb = baseline(sister, e.weeks[0]);
      if (sb.bu === null || sb.bv === null) continue;
      const cu = sb.bu * nE - sum(e.weeks.map((w) => sw.get(w)?.u ?? 0));
      cannUnits += cu;
      cannValue += sb.bv * nE - sum(e.weeks.map((w) => sw.get(w)?.v ?? 0));
      const m = unitMargin(ctx, sister);
      cannMargin = cannMargin === null || m === null ? null : cannMargin + cu * m;
    }

    const netIncrementalValue = incrementalValue === null || dipValue === null ? null : incrementalValue - dipValue - cannValue;
    const promoDepth = e.promoPrice !== null && has && bu! > 0 && bv! > 0 ? 1 - e.promoPrice / (bv! / bu!) : null;
    const cost = e.fixedCost === null && e.fundingPerUnit === null ? null : (e.fixedCost ?? 0) + (e.fundingPerUnit ?? 0) * UE;
    const m = unitMargin(ctx, e.sku);
    const netUnits = incrementalUnits === null || dipUnits === null ? null : incrementalUnits - dipUnits;
    const igp = netUnits === null || m === null || cannMargin === null ? null : netUnits * m - cannMargin;
    const costed = cost !== null && cost !== 0;
    events.push({
      promotion: e.promotion,
      sku: e.sku,
      name: nameOf.get(e.sku) ?? null,
      start: formatDay(e.startDay),
      end: formatDay(e.endDay),
      mechanic: e.mechanic,
      status: has ? "evaluated" : "no clean baseline",
      weeks: nE,
      baselineWeeks: b.count,
      baselineUnitsPerWeek: bu,
      baselineValuePerWeek: bv,
      units: UE,
      baselineUnits: has ? bu! * nE : null,
      incrementalUnits,
      upliftPct: has && bu! !== 0 ? (incrementalUnits! / (bu! * nE)) * 100 : null,
      value: VE,
      baselineValue: has ? bv! * nE : null,
      incrementalValue,
      dipUnits,
      dipValue,
      promoDepth,
      cannibalisedUnits: cannUnits,
      cannibalisedValue: cannValue,
      netIncrementalValue,
      cost,
      incrementalGrossProfit: igp,
      roi: igp !== null && costed ? igp / cost! : null,
      netRoiPct: igp !== null && costed ? ((igp - cost!) / cost!) * 100 : null,
      costPerIncrementalUnit: costed && netUnits !== null && netUnits > 0 ? cost! / netUnits : null,
      weekStarts: e.weeks.map(formatDay),
      source: e.source,
    });
    const from = e.weeks[0] - 7 * CHART_WEEKS_BEFORE;
    const to = e.weeks[nE - 1] + 7 * CHART_WEEKS_AFTER;
    const window: EventWeek[] = [];
    for (let w = from; w <= to; w += 7) window.push({ week: weekKeyOf(w, cal), units: weeks.get(w)?.u ?? null, inEvent: ownWeeks.has(w) });
    windows.push(window);
  }
  return { events, windows, issues: log.all() };
}

/** Unit margin m = list price − unit cost (Products); null when either is missing. */
function unitMargin(ctx: AnalysisContext, sku: string): number | null {
  const p = ctx.input.products.get(sku);
  return p && p.listPrice !== null && p.unitCost !== null ? p.listPrice - p.unitCost : null;
}

/** The weeks (first days) overlapping [start, end]. */
function weeksOf(start: number, end: number, ctx: AnalysisContext): number[] {
  const out: number[] = [];
  for (let w = weekStartOf(start, ctx.calendar); w <= end; w += 7) out.push(w);
  return out;
}

/** Events from the Promotions sheet: rows of R (or of no retailer) for SKUs of ours; the others said. */
function eventsFromSheet(ctx: AnalysisContext, series: Map<string, Map<number, WeekFigures>>, log: IssueLog): RawEvent[] {
  const out: RawEvent[] = [];
  for (const r of tableRows(ctx.input.tables.promotions!)) {
    if (r.text.retailer && ctx.keyOf(r.text.retailer) !== ctx.retailer.key) continue;
    const sku = r.text.sku!;
    const start = r.num.start!;
    const end = r.num.end!;
    if (end < start) {
      log.add({
        sheet: r.sheet,
        row: r.row,
        column: null,
        severity: "warning",
        code: "promotion-dates-reversed",
        params: { row: r.row, start: formatDay(start), end: formatDay(end) },
      });
      continue;
    }
    if (!series.has(sku)) {
      log.add({
        sheet: r.sheet,
        row: r.row,
        column: null,
        severity: "warning",
        code: "promotion-sku-unknown",
        params: { row: r.row, sku, retailer: ctx.retailer.name },
      });
      continue;
    }
    out.push({
      sku,
      promotion: r.text.promotion,
      mechanic: r.text.mechanic,
      startDay: start,
      endDay: end,
      weeks: weeksOf(start, end, ctx),
      promoPrice: r.num.promoPrice,
      fixedCost: r.num.fixedCost,
      fundingPerUnit: r.num.fundingPerUnit,
      source: "sheet",
    });
  }
  return out;
}

/** Without a Promotions sheet: each run of consecutive weeks in which a SKU of ours carries the promo flag at R. */
function eventsFromFlags(series: Map<string, Map<number, WeekFigures>>): RawEvent[] {
  const out: RawEvent[] = [];
  for (const [sku, weeks] of series) {
    const flagged = [...weeks.entries()]
      .filter(([, f]) => f.flagged)
      .map(([w]) => w)
      .sort((a, b) => a - b);
    let run: number[] = [];
    const close = () => {
      if (run.length)
        out.push({
          sku,
          promotion: null,
          mechanic: null,
          startDay: run[0],
          endDay: run[run.length - 1] + 6,
          weeks: run,
          promoPrice: null,
          fixedCost: null,
          fundingPerUnit: null,
          source: "flag",
        });
      run = [];
    };
    for (const w of flagged) {
      if (run.length && w !== run[run.length - 1] + 7) close();
      run.push(w);
    }
    close();
  }
  return out;
}
