/**
 * Review periods (metrics.md "Periods", "Week data and retail (4-4-5) calendars", "Rolling periods").
 * Calendar keys 2026-M03, 2026-Q3, 2026-H2, 2026 and ISO weeks 2026-W27; fiscal keys FY2027-Q1 when a
 * fiscal-year start month is set (a fiscal year is named by the calendar year it ends in: with start
 * month 2, FY2027 runs Feb 2026 – Jan 2027); with a retail calendar every FY key is a retail one
 * (FY2027-W05, -P05, -Q2, -H1, FY2027); rolling spans MAT, YTD, L3M, L4W, L13W, L52W with their end
 * (MAT:2026-M09, L13W:FY2027-W30).
 */
import {
  CALENDAR_MONTHS,
  Calendar,
  NRF_CALENDAR,
  RetailCalendar,
  isoWeekOf,
  isoWeekStart,
  isoWeeksInYear,
  periodFirstWeek,
  periodWeeks,
  retailWeekStart,
  retailYear,
  retailYearOf,
} from "./calendar";
import { DayNumber, addMonths, dayFromYmd, lastDayOfMonth, pad2, ymdFromDay } from "./dates";

export type Grain = "week" | "month" | "quarter" | "half" | "year" | "rolling";
export type CompareMode = "yoy" | "pop";

/** A rolling span: MAT, YTD, or the last n months / weeks, ending with a month or a week. */
export interface Rolling {
  kind: "MAT" | "YTD" | "L";
  unit: "month" | "week";
  /** Months or weeks in the span. */
  length: number;
  /** The span's last month or week. */
  endPeriod: Period;
}

export interface Period {
  key: string;
  grain: Grain;
  /** Fiscal (FY…) or calendar key. */
  fiscal: boolean;
  /** A retail-calendar key (FY2027-W05, -P05, -Q2, -H1, FY2027). */
  retail: boolean;
  /** Year as named in the key (the fiscal or retail year for FY keys; the ISO year for ISO weeks). */
  year: number;
  /** 1-based index within the year: week 1–53, month or retail period 1–12, quarter 1–4, half 1–2, year 1. */
  index: number;
  start: DayNumber;
  end: DayNumber;
  /** Week-based periods (weeks, retail keys, rolling week spans): their number of weeks; else null. */
  weeks: number | null;
  rolling: Rolling | null;
}

const MONTHS_IN: Record<"month" | "quarter" | "half" | "year", number> = { month: 1, quarter: 3, half: 6, year: 12 };
const PER_YEAR: Record<"month" | "quarter" | "half" | "year", number> = { month: 12, quarter: 4, half: 2, year: 1 };
type MonthGrain = keyof typeof MONTHS_IN;

/** The calendar a caller gives: a Calendar, or (for month-based keys only) a fiscal start month. */
export type CalendarLike = Calendar | number;
export function asCalendar(cal: CalendarLike | undefined): Calendar {
  if (cal === undefined) return CALENDAR_MONTHS;
  return typeof cal === "number" ? { fyStartMonth: cal, retail: null } : cal;
}

/** First calendar month of fiscal year `fy` (as {year, month}). */
function fiscalYearStart(fy: number, startMonth: number): { year: number; month: number } {
  return startMonth === 1 ? { year: fy, month: 1 } : { year: fy - 1, month: startMonth };
}

export function makePeriod(grain: MonthGrain, year: number, index: number, fiscal: boolean, fyStartMonth = 1): Period {
  const yearStart = fiscal ? fiscalYearStart(year, fyStartMonth) : { year, month: 1 };
  const first = addMonths(yearStart.year, yearStart.month, (index - 1) * MONTHS_IN[grain]);
  const last = addMonths(first.year, first.month, MONTHS_IN[grain] - 1);
  return {
    key: periodKey(grain, year, index, fiscal),
    grain,
    fiscal,
    year,
    index,
    start: dayFromYmd(first.year, first.month, 1),
    end: lastDayOfMonth(last.year, last.month),
    weeks: null,
    retail: false,
    rolling: null,
  };
}

function periodKey(grain: MonthGrain, year: number, index: number, fiscal: boolean): string {
  const y = fiscal ? `FY${year}` : String(year);
  switch (grain) {
    case "month":
      return `${y}-M${pad2(index)}`;
    case "quarter":
      return `${y}-Q${index}`;
    case "half":
      return `${y}-H${index}`;
    case "year":
      return y;
  }
}

/** A week of the ISO calendar (Monday start): 2026-W27. */
export function isoWeekPeriod(year: number, week: number): Period | null {
  const start = isoWeekStart(year, week);
  if (start === null) return null;
  return { key: `${year}-W${pad2(week)}`, grain: "week", fiscal: false, retail: false, year, index: week, start, end: start + 6, weeks: 1, rolling: null };
}

const RETAIL_LETTER: Record<"week" | "month" | "quarter" | "half", string> = { week: "W", month: "P", quarter: "Q", half: "H" };

/** A period of retail year fy: week 1–53, period P01–P12, quarter, half or the year. */
export function retailPeriod(grain: "week" | "month" | "quarter" | "half" | "year", fy: number, index: number, cal: RetailCalendar): Period | null {
  const y = retailYear(cal, fy);
  let firstWeek: number;
  let weeks: number;
  if (grain === "week") {
    if (retailWeekStart(cal, fy, index) === null) return null;
    [firstWeek, weeks] = [index, 1];
  } else if (grain === "year") {
    if (index !== 1) return null;
    [firstWeek, weeks] = [1, y.weeks];
  } else {
    // A quarter is three periods, a half two quarters: sum the weeks of the periods they span.
    const periods = grain === "month" ? 1 : grain === "quarter" ? 3 : 6;
    if (!Number.isInteger(index) || index < 1 || index > 12 / periods) return null;
    const first = (index - 1) * periods + 1;
    firstWeek = periodFirstWeek(cal.pattern, first);
    weeks = 0;
    for (let p = first; p < first + periods; p++) weeks += periodWeeks(cal.pattern, p, y.weeks);
  }
  const start = y.start + (firstWeek - 1) * 7;
  const key = grain === "year" ? `FY${fy}` : `FY${fy}-${RETAIL_LETTER[grain]}${grain === "week" || grain === "month" ? pad2(index) : index}`;
  return { key, grain, fiscal: true, retail: true, year: fy, index, start, end: start + weeks * 7 - 1, weeks, rolling: null };
}

/** The month (calendar) or week (retail, else ISO) containing day d. */
export function unitContaining(d: DayNumber, unit: "month" | "week", cal: Calendar): Period {
  if (unit === "month") {
    const { year, month } = ymdFromDay(d);
    return makePeriod("month", year, month, false);
  }
  if (cal.retail) {
    const y = retailYearOf(cal.retail, d);
    return retailPeriod("week", y.year, Math.floor((d - y.start) / 7) + 1, cal.retail)!;
  }
  const w = isoWeekOf(d);
  return isoWeekPeriod(w.year, w.week)!;
}

/** The month or week `n` units after p (a month or a week). */
function shiftUnit(p: Period, n: number, cal: Calendar): Period {
  if (p.grain === "month" && !p.fiscal) {
    const m = addMonths(p.year, p.index, n);
    return makePeriod("month", m.year, m.month, false);
  }
  return unitContaining(p.start + n * 7, "week", cal);
}

/**
 * A rolling span ending with the month or week `end`: MAT (12 months or 52 weeks), YTD (from the start
 * of its year: the fiscal year for months, the retail or else ISO year for weeks), or the last n units.
 */
export function rollingPeriod(kind: Rolling["kind"], end: Period, cal: Calendar, length?: number): Period | null {
  const unit = end.grain === "month" ? "month" : end.grain === "week" ? "week" : null;
  if (!unit || (end.grain === "month" && end.fiscal)) return null;
  let start: DayNumber;
  let n: number;
  if (kind === "YTD") {
    if (unit === "month") {
      const fyStart = periodContaining(end.start, "year", cal.fyStartMonth !== 1, cal.fyStartMonth).start;
      start = fyStart;
      const s = ymdFromDay(fyStart);
      n = (end.year - s.year) * 12 + end.index - s.month + 1;
    } else {
      start = cal.retail ? retailYearOf(cal.retail, end.start).start : isoWeekStart(isoWeekOf(end.start).year, 1)!;
      n = (end.end - start + 1) / 7;
    }
  } else {
    n = kind === "MAT" ? (unit === "month" ? 12 : 52) : length!;
    if (!Number.isInteger(n) || n < 1) return null;
    start = shiftUnit(end, -(n - 1), cal).start;
  }
  const label = kind === "L" ? `L${n}${unit === "month" ? "M" : "W"}` : kind;
  return {
    key: `${label}:${end.key}`,
    grain: "rolling",
    fiscal: end.fiscal,
    retail: end.retail,
    year: end.year,
    index: end.index,
    start,
    end: end.end,
    weeks: unit === "week" ? n : null,
    rolling: { kind, unit, length: n, endPeriod: end },
  };
}

const ROLLING_KEY = /^(MAT|YTD|L(\d{1,3})([MW]))(?::(.+))?$/;

/** Is this a rolling key (MAT, YTD, L13W, with or without an end)? */
export function isRollingKey(text: string): boolean {
  return ROLLING_KEY.test(text.trim().toUpperCase().replace(/\s+/g, ""));
}

/**
 * Parse a period key as the user types it on the command line or in a Targets sheet. Fiscal keys need
 * the fiscal start month; without one (or with 1) FY2027 is calendar 2027; with a retail calendar
 * every FY key is a retail one. A rolling key needs its end here (MAT:2026-M09); a bare MAT is
 * resolved against the data by resolvePeriod.
 */
export function parsePeriodKey(text: string, calendar: CalendarLike = 1): Period | null {
  const cal = asCalendar(calendar);
  const t = text.trim().toUpperCase().replace(/\s+/g, "");
  let m: RegExpExecArray | null;
  if ((m = ROLLING_KEY.exec(t))) {
    if (!m[4]) return null;
    const end = parsePeriodKey(m[4], cal);
    if (!end || (end.grain !== "month" && end.grain !== "week")) return null;
    if (m[2]) {
      const unit = m[3] === "M" ? "month" : "week";
      if (end.grain !== unit) return null;
      if (Number(m[2]) > (unit === "month" ? 36 : 156)) return null;
      return rollingPeriod("L", end, cal, Number(m[2]));
    }
    return rollingPeriod(m[1] as "MAT" | "YTD", end, cal);
  }
  if ((m = /^(\d{4})-?W(\d{1,2})$/.exec(t))) return isoWeekPeriod(Number(m[1]), Number(m[2]));
  if (cal.retail) {
    if ((m = /^FY(\d{4})(?:-?(W|P|Q|H)(\d{1,2}))?$/.exec(t))) {
      const grain = !m[2] ? "year" : m[2] === "W" ? "week" : m[2] === "P" ? "month" : m[2] === "Q" ? "quarter" : "half";
      return retailPeriod(grain, Number(m[1]), m[2] ? Number(m[3]) : 1, cal.retail);
    }
    if (/^FY/.test(t)) return null;
  }
  m = /^(FY)?(\d{4})(?:-?(M|Q|H)(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const fiscal = m[1] === "FY";
  const year = Number(m[2]);
  if (!m[3]) return makePeriod("year", year, 1, fiscal, cal.fyStartMonth);
  const grain: MonthGrain = m[3] === "M" ? "month" : m[3] === "Q" ? "quarter" : "half";
  const index = Number(m[4]);
  if (index < 1 || index > PER_YEAR[grain]) return null;
  return makePeriod(grain, year, index, fiscal, cal.fyStartMonth);
}

/** The period `n` steps of the same grain after p (n may be negative); a rolling span moves its end by n of its units. */
export function shiftPeriod(p: Period, n: number, calendar: CalendarLike = 1): Period {
  const cal = asCalendar(calendar);
  if (p.rolling) {
    const end = shiftUnit(p.rolling.endPeriod, n, cal);
    return rollingPeriod(p.rolling.kind, end, cal, p.rolling.length)!;
  }
  if (p.grain === "week" && !p.retail) return unitContaining(p.start + n * 7, "week", cal);
  if (p.retail && cal.retail) {
    // Step through retail years: a year has 52 or 53 weeks, and 12 periods, 4 quarters, 2 halves.
    const per = (fy: number) =>
      p.grain === "week" ? retailYear(cal.retail!, fy).weeks : p.grain === "month" ? 12 : p.grain === "quarter" ? 4 : p.grain === "half" ? 2 : 1;
    let fy = p.year;
    let index = p.index + n;
    while (index < 1) index += per(--fy);
    while (index > per(fy)) index -= per(fy++);
    return retailPeriod(p.grain as "week", fy, index, cal.retail)!;
  }
  const g = p.grain as MonthGrain;
  const perYear = PER_YEAR[g];
  const ordinal = p.year * perYear + (p.index - 1) + n;
  return makePeriod(g, Math.floor(ordinal / perYear), (ordinal % perYear) + 1, p.fiscal, cal.fyStartMonth);
}

/** Why a period has no comparison period. */
export type NoComparison = "week-53";

/**
 * P' (metrics.md): yoy — month-based keys the same period a year earlier; retail keys and ISO weeks
 * the same key of the previous year, by week number (a 53rd week has none: null); rolling month spans
 * 12 months earlier; rolling week spans the span ending 52 weeks earlier (YTD on weeks by week
 * number). pop — the period just before, of the same length (the same number of weeks for
 * week-based periods; a span of that length, L<n>W or L<n>M, when no key of p's grain has it).
 */
export function comparisonPeriod(p: Period, mode: CompareMode, calendar: CalendarLike = 1): Period | null {
  const cal = asCalendar(calendar);
  if (mode === "pop") {
    if (p.rolling) {
      // A span of the same length ending just before p starts: MAT and L<n> keep their kind; a YTD's is L<n>.
      const end = unitContaining(p.start - 1, p.rolling.unit, cal);
      return rollingPeriod(p.rolling.kind === "YTD" ? "L" : p.rolling.kind, end, cal, p.rolling.length);
    }
    const before = shiftPeriod(p, -1, cal);
    if (p.weeks === null || before.end - before.start === p.end - p.start) return before;
    // A retail period of 5 weeks after one of 4: the 5 weeks just before it.
    return rollingPeriod("L", unitContaining(p.start - 1, "week", cal), cal, p.weeks);
  }
  if (p.rolling) {
    const end = p.rolling.endPeriod;
    if (p.rolling.unit === "month") return rollingPeriod(p.rolling.kind, shiftUnit(end, -12, cal), cal, p.rolling.length);
    if (p.rolling.kind === "YTD") {
      // By week number in the previous year; week 53 compares with the whole of a 52-week year.
      const prior = weekOfPreviousYear(end, cal, true)!;
      return rollingPeriod("YTD", prior, cal);
    }
    return rollingPeriod(p.rolling.kind, shiftUnit(end, -52, cal), cal, p.rolling.length);
  }
  if (p.grain === "week") return weekOfPreviousYear(p, cal, false);
  if (p.retail && cal.retail) return retailPeriod(p.grain as "week", p.year - 1, p.index, cal.retail);
  return shiftPeriod(p, -PER_YEAR[p.grain as MonthGrain], cal);
}

/** The week with p's number in the previous (retail or ISO) year; null for a 53rd week with none, unless clamped. */
function weekOfPreviousYear(p: Period, cal: Calendar, clamp: boolean): Period | null {
  const last = p.retail && cal.retail ? retailYear(cal.retail, p.year - 1).weeks : isoWeeksInYear(p.year - 1);
  const week = p.index > last ? (clamp ? last : null) : p.index;
  if (week === null) return null;
  return p.retail && cal.retail ? retailPeriod("week", p.year - 1, week, cal.retail) : isoWeekPeriod(p.year - 1, week);
}

/** The period of the given grain that contains day d (month-based grains). */
export function periodContaining(d: DayNumber, grain: MonthGrain, fiscal: boolean, fyStartMonth = 1): Period {
  const { year, month } = ymdFromDay(d);
  if (!fiscal || fyStartMonth === 1) {
    return makePeriod(grain, year, Math.floor((month - 1) / MONTHS_IN[grain]) + 1, fiscal, fyStartMonth);
  }
  // Months since the fiscal year began; the fiscal year is named by the year it ends in.
  const monthsIntoFy = (month - fyStartMonth + 12) % 12;
  const fy = month >= fyStartMonth ? year + 1 : year;
  return makePeriod(grain, fy, Math.floor(monthsIntoFy / MONTHS_IN[grain]) + 1, true, fyStartMonth);
}

/** The retail period of a grain containing day d. */
export function retailPeriodContaining(d: DayNumber, grain: "week" | "month" | "quarter" | "half" | "year", cal: RetailCalendar): Period {
  const y = retailYearOf(cal, d);
  const per = grain === "week" ? y.weeks : grain === "month" ? 12 : grain === "quarter" ? 4 : grain === "half" ? 2 : 1;
  for (let i = 1; i <= per; i++) {
    const p = retailPeriod(grain, y.year, i, cal)!;
    if (d <= p.end) return p;
  }
  return retailPeriod(grain, y.year, per, cal)!;
}

/**
 * The default review period: the latest quarter that the sell-out covers to its last day (fiscal
 * quarters when a fiscal start month other than January is set; retail quarters on week data with a
 * retail calendar).
 */
export function latestCompleteQuarter(lastDataDay: DayNumber, calendar: CalendarLike = 1, weekData = false): Period {
  return latestComplete(lastDataDay, "quarter", calendar, weekData);
}

/** The latest period of a grain that the data covers to its last day (retail periods on week data with a retail calendar). */
export function latestComplete(lastDataDay: DayNumber, grain: MonthGrain, calendar: CalendarLike = 1, weekData = false): Period {
  const cal = asCalendar(calendar);
  const p =
    cal.retail && weekData
      ? retailPeriodContaining(lastDataDay, grain, cal.retail)
      : periodContaining(lastDataDay, grain, cal.fyStartMonth !== 1, cal.fyStartMonth);
  return p.end === lastDataDay ? p : shiftPeriod(p, -1, cal);
}

/** The latest month or week whose last day the data covers. */
export function lastCompleteUnit(lastDataDay: DayNumber, unit: "month" | "week", cal: Calendar): Period {
  const u = unitContaining(lastDataDay, unit, cal);
  return u.end === lastDataDay ? u : shiftUnit(u, -1, cal);
}

/** Weeks in P: its number of weeks for a week-based period, else days / 7 (a quarter of 92 days is 13.14). */
export function weeksIn(p: { start: DayNumber; end: DayNumber; weeks?: number | null }): number {
  return p.weeks ?? (p.end - p.start + 1) / 7;
}

/** What the sell-out covers, for resolving a period key against it. */
export interface Coverage {
  firstDay: DayNumber;
  lastDay: DayNumber;
  /** Every sell-out row is a week or a day (week data): MAT is 52 weeks, L13W can be asked. */
  weekData: boolean;
}

export type Resolved = { ok: true; period: Period } | { ok: false; reason: "not-a-key" | "needs-weeks" };

/**
 * A period key resolved against the data: a bare rolling key ends at the last complete month (or week,
 * on week data); a week-based key asks for week data. `MAT` on data to 2026-09-30 is MAT:2026-M09.
 */
export function resolvePeriod(text: string, calendar: CalendarLike, coverage: Coverage): Resolved {
  const cal = asCalendar(calendar);
  const t = text.trim().toUpperCase().replace(/\s+/g, "");
  const m = ROLLING_KEY.exec(t);
  let p: Period | null;
  if (m && !m[4]) {
    const unit = m[3] === "M" ? "month" : m[3] === "W" ? "week" : coverage.weekData ? "week" : "month";
    if (unit === "week" && !coverage.weekData) return { ok: false, reason: "needs-weeks" };
    const end = lastCompleteUnit(coverage.lastDay, unit, cal);
    p = m[2] ? rollingPeriod("L", end, cal, Number(m[2])) : rollingPeriod(m[1] as "MAT" | "YTD", end, cal);
  } else p = parsePeriodKey(t, cal);
  if (!p) return { ok: false, reason: "not-a-key" };
  if (p.weeks !== null && !coverage.weekData) return { ok: false, reason: "needs-weeks" };
  return { ok: true, period: p };
}

/** A labelled span (a row's period): what a period label in a sheet means. */
export interface Span {
  start: DayNumber;
  end: DayNumber;
}

export type LabelResult =
  | { span: Span; fiscalAssumed?: boolean; retailWeek?: boolean }
  /** A retail week label (FY27 Wk5) in a workbook without a retail calendar. */
  | { span: null; needsRetailCalendar: true }
  | null;

const FULLWIDTH_DIGITS = /[０-９]/g;

/**
 * Read a period label as written in account sheets: 2026-03, 2026/03, 202603, 2026年3月,
 * 2026-M03, 2026Q3, 2026-Q3, Q3 2026, 2026年第3季度, 2026年Q3, 2026-H2, 2026年上半年, 2026,
 * FY2027-Q1, Mar 2026; weeks 2026-W27, 2026W27, W27 2026, Wk 27 2026, 2026年第27周 (ISO weeks, or
 * the retail year's weeks when a retail calendar is set: retailWeek), FY2027-W05, FY27 Wk5, Wk 05 FY2027,
 * Week 5 FY27.
 * Returns the calendar span it labels, or null when it is not a period.
 */
export function parsePeriodLabel(raw: string, calendar: CalendarLike = 1): LabelResult {
  const cal = asCalendar(calendar);
  const fyStartMonth = cal.fyStartMonth;
  const t = raw
    .replace(FULLWIDTH_DIGITS, (c) => String(c.charCodeAt(0) - 0xff10))
    .trim()
    .toUpperCase()
    .replace(/\s+/g, " ");
  let m: RegExpExecArray | null;
  const span = (p: Period | null): LabelResult => (p ? { span: { start: p.start, end: p.end } } : null);

  // The retail year before or after its week: FY27 Wk5, FY2027-W05, and Wk 05 FY2027, Week 5 FY27.
  const yearFirst = /^FY ?(\d{2}|\d{4}) ?-? ?(?:W|WK|WEEK) ?(\d{1,2})$/.exec(t);
  const weekFirst = yearFirst ? null : /^(?:W|WK|WEEK) ?(\d{1,2}) ?[-/,]? ?FY ?(\d{2}|\d{4})$/.exec(t);
  const retailWeek = yearFirst ? [yearFirst[1], yearFirst[2]] : weekFirst ? [weekFirst[2], weekFirst[1]] : null;
  if (retailWeek) {
    if (!cal.retail) return { span: null, needsRetailCalendar: true };
    const fy = retailWeek[0].length === 2 ? 2000 + Number(retailWeek[0]) : Number(retailWeek[0]);
    return span(retailPeriod("week", fy, Number(retailWeek[1]), cal.retail));
  }
  let week: [number, number] | null = null;
  if ((m = /^(\d{4}) ?-? ?(?:W|WK|WEEK) ?(\d{1,2})$/.exec(t)) || (m = /^(\d{4}) ?年 ?第? ?(\d{1,2}) ?周$/.exec(t))) week = [Number(m[1]), Number(m[2])];
  else if ((m = /^(?:W|WK|WEEK) ?(\d{1,2}) ?[-/,]? ?(\d{4})$/.exec(t))) week = [Number(m[2]), Number(m[1])];
  if (week) {
    // With a retail calendar, a week number is the retail year's (retailers number their own weeks).
    if (cal.retail) {
      const p = retailPeriod("week", week[0], week[1], cal.retail);
      return p ? { span: { start: p.start, end: p.end }, retailWeek: true } : null;
    }
    return span(isoWeekPeriod(week[0], week[1]));
  }
  if (cal.retail && (m = /^FY ?(\d{4})(?:[- ]?(Q|H|P)(\d{1,2}))?$/.exec(t))) {
    return span(parsePeriodKey(`FY${m[1]}${m[2] ? `-${m[2]}${m[3]}` : ""}`, cal));
  }
  if ((m = /^FY ?(\d{4})(?:[- ]?(Q|H|M)(\d{1,2}))?$/.exec(t))) {
    const key = `FY${m[1]}${m[2] ? `-${m[2]}${m[3]}` : ""}`;
    const p = parsePeriodKey(key, fyStartMonth);
    return p ? { span: { start: p.start, end: p.end }, fiscalAssumed: fyStartMonth === 1 } : null;
  }
  if ((m = /^(\d{4})[-/.]M?(\d{1,2})$/.exec(t)) || (m = /^(\d{4})年(\d{1,2})月(?:份)?$/.exec(t)) || (m = /^(\d{4})(\d{2})$/.exec(t))) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? span(makePeriod("month", Number(m[1]), month, false)) : null;
  }
  if ((m = /^(\d{4}) ?-? ?Q([1-4])$/.exec(t)) || (m = /^(\d{4})年(?:第)?([1-4一二三四])季(?:度)?$/.exec(t)) || (m = /^(\d{4})年Q([1-4])$/.exec(t))) {
    return span(makePeriod("quarter", Number(m[1]), chineseOrdinal(m[2]), false));
  }
  if ((m = /^Q([1-4]) ?-? ?(\d{4})$/.exec(t))) {
    return span(makePeriod("quarter", Number(m[2]), Number(m[1]), false));
  }
  if ((m = /^(\d{4}) ?-? ?H([12])$/.exec(t))) {
    return span(makePeriod("half", Number(m[1]), Number(m[2]), false));
  }
  if ((m = /^(\d{4})年(上|下)半年$/.exec(t))) {
    return span(makePeriod("half", Number(m[1]), m[2] === "上" ? 1 : 2, false));
  }
  if ((m = /^(\d{4})年?$/.exec(t))) {
    return span(makePeriod("year", Number(m[1]), 1, false));
  }
  if ((m = /^([A-Z]{3})[A-Z]* ?[-']? ?(\d{4})$/.exec(t))) {
    const month = MONTH_NAMES.indexOf(m[1]) + 1;
    return month > 0 ? span(makePeriod("month", Number(m[2]), month, false)) : null;
  }
  return null;
}

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

function chineseOrdinal(s: string): number {
  const i = "一二三四".indexOf(s);
  return i >= 0 ? i + 1 : Number(s);
}

/**
 * Does a row of span [s, e] belong to p? A week row (7 days) by its week's start date — a week is never
 * split and never straddles (metrics.md) — and any other row when its whole span lies inside p.
 */
export function rowInPeriod(s: DayNumber, e: DayNumber, p: Span): boolean {
  return e - s === 6 ? s >= p.start && s <= p.end : s >= p.start && e <= p.end;
}

/** Is the span wholly inside p, partly inside (straddles), or outside? */
export function spanPlacement(s: Span, p: Span): "inside" | "straddles" | "outside" {
  if (s.start >= p.start && s.end <= p.end) return "inside";
  if (s.end < p.start || s.start > p.end) return "outside";
  return "straddles";
}

/**
 * The periods a review can be asked for on this data, latest first (by end, the longer first on the same
 * end): complete quarters, halves, years, months (retail periods on a retail calendar), weeks on week
 * data, and the rolling spans at the last complete month or week (L4W and L13W on week data only; L52W
 * is MAT there).
 * Only periods the sell-out covers from their first day to their last.
 */
export function availablePeriods(calendar: CalendarLike, coverage: Coverage): Period[] {
  const cal = asCalendar(calendar);
  const { firstDay, lastDay, weekData } = coverage;
  if (!Number.isFinite(firstDay) || !Number.isFinite(lastDay)) return [];
  const covered = (p: Period | null): p is Period => p !== null && p.start >= firstDay && p.end <= lastDay;
  const out: Period[] = [];
  const series = (latest: Period, count: number) => {
    for (let k = 0, p = latest; k < count && p.start >= firstDay; k++, p = shiftPeriod(p, -1, cal)) if (covered(p)) out.push(p);
  };
  const latestOf = (grain: MonthGrain) => latestComplete(lastDay, grain, cal, weekData);
  series(latestOf("quarter"), 8);
  series(latestOf("half"), 2);
  series(latestOf("year"), 2);
  series(latestOf("month"), 6);
  if (weekData) series(lastCompleteUnit(lastDay, "week", cal), 4);
  const monthEnd = lastCompleteUnit(lastDay, "month", cal);
  const weekEnd = lastCompleteUnit(lastDay, "week", cal);
  const rolling: Array<Period | null> = weekData
    ? // L52W is MAT on week data: offered once, as MAT (it is still a key --period accepts).
      [
        rollingPeriod("MAT", weekEnd, cal),
        rollingPeriod("YTD", weekEnd, cal),
        rollingPeriod("L", weekEnd, cal, 13),
        rollingPeriod("L", weekEnd, cal, 4),
        rollingPeriod("L", monthEnd, cal, 3),
      ]
    : [rollingPeriod("MAT", monthEnd, cal), rollingPeriod("YTD", monthEnd, cal), rollingPeriod("L", monthEnd, cal, 3)];
  for (const p of rolling) if (covered(p)) out.push(p);
  const seen = new Set<string>();
  return out
    .filter((p) => !seen.has(p.key) && seen.add(p.key))
    .sort((a, b) => b.end - a.end || b.end - b.start - (a.end - a.start) || a.key.localeCompare(b.key));
}

/**
 * Is this written like a period key (before the data says which it supports)? Month-based, ISO-week and
 * retail keys and rolling spans; the review then resolves it against the workbook's calendar and data.
 */
export function isPeriodKeyShape(text: string): boolean {
  // Any retail calendar tells the shape of a retail key (which weeks and periods exist hardly differs).
  return isRollingKey(text) || parsePeriodKey(text, 1) !== null || parsePeriodKey(text, NRF_CALENDAR) !== null;
}

/** The periods offered to the user: the default review period (latest complete quarter) first, then availablePeriods. */
export function periodChoices(calendar: CalendarLike, coverage: Coverage): Period[] {
  const all = availablePeriods(calendar, coverage);
  if (!Number.isFinite(coverage.lastDay)) return all;
  const first = latestCompleteQuarter(coverage.lastDay, calendar, coverage.weekData);
  return [...all.filter((p) => p.key === first.key), ...all.filter((p) => p.key !== first.key)];
}
