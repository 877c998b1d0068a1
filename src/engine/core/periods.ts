/**
 * Review periods (metrics.md "Periods"): calendar keys 2026-M03, 2026-Q3, 2026-H2, 2026 and
 * fiscal keys FY2027-Q1 (etc.) when a fiscal-year start month is set. A fiscal year is named by
 * the calendar year it ends in: with start month 2, FY2027 runs Feb 2026 – Jan 2027.
 */
import { DayNumber, addMonths, dayFromYmd, lastDayOfMonth, pad2, ymdFromDay } from "./dates";

export type Grain = "month" | "quarter" | "half" | "year";
export type CompareMode = "yoy" | "pop";

export interface Period {
  key: string;
  grain: Grain;
  /** Fiscal (FY…) or calendar key. */
  fiscal: boolean;
  /** Year as named in the key (the fiscal year for FY keys). */
  year: number;
  /** 1-based index within the year: month 1–12, quarter 1–4, half 1–2, year 1. */
  index: number;
  start: DayNumber;
  end: DayNumber;
}

const MONTHS_IN: Record<Grain, number> = { month: 1, quarter: 3, half: 6, year: 12 };
const PER_YEAR: Record<Grain, number> = { month: 12, quarter: 4, half: 2, year: 1 };

/** First calendar month of fiscal year `fy` (as {year, month}). */
function fiscalYearStart(fy: number, startMonth: number): { year: number; month: number } {
  return startMonth === 1 ? { year: fy, month: 1 } : { year: fy - 1, month: startMonth };
}

export function makePeriod(grain: Grain, year: number, index: number, fiscal: boolean, fyStartMonth = 1): Period {
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
  };
}

function periodKey(grain: Grain, year: number, index: number, fiscal: boolean): string {
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

/**
 * Parse a period key as the user types it on the command line or in a Targets sheet.
 * Fiscal keys need the fiscal start month; without one (or with 1) FY2027 is calendar 2027.
 */
export function parsePeriodKey(text: string, fyStartMonth = 1): Period | null {
  const t = text.trim().toUpperCase().replace(/\s+/g, "");
  const m = /^(FY)?(\d{4})(?:-?(M|Q|H)(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const fiscal = m[1] === "FY";
  const year = Number(m[2]);
  if (!m[3]) return makePeriod("year", year, 1, fiscal, fyStartMonth);
  const grain: Grain = m[3] === "M" ? "month" : m[3] === "Q" ? "quarter" : "half";
  const index = Number(m[4]);
  if (index < 1 || index > PER_YEAR[grain]) return null;
  return makePeriod(grain, year, index, fiscal, fyStartMonth);
}

/** The period `n` steps of the same grain after p (n may be negative). */
export function shiftPeriod(p: Period, n: number, fyStartMonth = 1): Period {
  const per = PER_YEAR[p.grain];
  const ordinal = p.year * per + (p.index - 1) + n;
  return makePeriod(p.grain, Math.floor(ordinal / per), (ordinal % per) + 1, p.fiscal, fyStartMonth);
}

/** P': the same period a year earlier (yoy) or the period just before (pop). */
export function comparisonPeriod(p: Period, mode: CompareMode, fyStartMonth = 1): Period {
  return shiftPeriod(p, mode === "yoy" ? -PER_YEAR[p.grain] : -1, fyStartMonth);
}

/** The period of the given grain that contains day d. */
export function periodContaining(d: DayNumber, grain: Grain, fiscal: boolean, fyStartMonth = 1): Period {
  const { year, month } = ymdFromDay(d);
  if (!fiscal || fyStartMonth === 1) {
    return makePeriod(grain, year, Math.floor((month - 1) / MONTHS_IN[grain]) + 1, fiscal, fyStartMonth);
  }
  // Months since the fiscal year began; the fiscal year is named by the year it ends in.
  const monthsIntoFy = (month - fyStartMonth + 12) % 12;
  const fy = month >= fyStartMonth ? year + 1 : year;
  return makePeriod(grain, fy, Math.floor(monthsIntoFy / MONTHS_IN[grain]) + 1, true, fyStartMonth);
}

/**
 * The default review period: the latest quarter that the sell-out covers to its last day
 * (fiscal quarters when a fiscal start month other than January is set).
 */
export function latestCompleteQuarter(lastDataDay: DayNumber, fyStartMonth = 1): Period {
  const fiscal = fyStartMonth !== 1;
  const q = periodContaining(lastDataDay, "quarter", fiscal, fyStartMonth);
  return q.end === lastDataDay ? q : shiftPeriod(q, -1, fyStartMonth);
}

export function weeksIn(p: { start: DayNumber; end: DayNumber }): number {
  return (p.end - p.start + 1) / 7;
}

/** A labelled span (a row's period): what a period label in a sheet means. */
export interface Span {
  start: DayNumber;
  end: DayNumber;
}

export type LabelResult = { span: Span; fiscalAssumed?: boolean } | null;

const FULLWIDTH_DIGITS = /[０-９]/g;

/**
 * Read a period label as written in account sheets: 2026-03, 2026/03, 202603, 2026年3月,
 * 2026-M03, 2026Q3, 2026-Q3, Q3 2026, 2026年第3季度, 2026年Q3, 2026-H2, 2026年上半年, 2026,
 * FY2027-Q1, Mar 2026. Returns the calendar span it labels, or null when it is not a period.
 */
export function parsePeriodLabel(raw: string, fyStartMonth = 1): LabelResult {
  const t = raw
    .replace(FULLWIDTH_DIGITS, (c) => String(c.charCodeAt(0) - 0xff10))
    .trim()
    .toUpperCase()
    .replace(/\s+/g, " ");
  let m: RegExpExecArray | null;
  const span = (p: Period | null): LabelResult => (p ? { span: { start: p.start, end: p.end } } : null);

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

/** Is the span wholly inside p, partly inside (straddles), or outside? */
export function spanPlacement(s: Span, p: Span): "inside" | "straddles" | "outside" {
  if (s.start >= p.start && s.end <= p.end) return "inside";
  if (s.end < p.start || s.start > p.end) return "outside";
  return "straddles";
}
