/**
 * Weeks and retail calendars (metrics.md "Week data and retail (4-4-5) calendars").
 *
 * Without a retail calendar, weeks are ISO weeks (Monday start; week 1 holds the year's first
 * Thursday). With one, retail year FY N ends on a weekday nearest to (or last on or before) a day of
 * calendar year N — the NRF rule is "Saturday nearest 31 January" — and starts the day after FY N−1
 * ends, so it has 52 or 53 weeks, each starting the day after the year end's weekday. Its twelve
 * periods follow the pattern per quarter (4-4-5, 4-5-4 or 5-4-4 weeks); a 53rd week goes into P12.
 */
import { DayNumber, dayFromYmd, isValidYmd, ymdFromDay } from "./dates";

export type RetailPattern = "4-4-5" | "4-5-4" | "5-4-4";
export type YearEndRule = "nearest" | "last";

export interface RetailYearEnd {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  month: number;
  day: number;
  rule: YearEndRule;
}

export interface RetailCalendar extends RetailYearEnd {
  pattern: RetailPattern;
}

/** How the workbook counts time: a fiscal start month for month-based years, and an optional retail calendar. */
export interface Calendar {
  fyStartMonth: number;
  retail: RetailCalendar | null;
}

export const CALENDAR_MONTHS: Calendar = { fyStartMonth: 1, retail: null };

/** The NRF's rule, the default when a Calendar is set without a Retail year end. */
export const NRF_YEAR_END: RetailYearEnd = { weekday: 6, month: 1, day: 31, rule: "nearest" };

/** The NRF's 4-5-4 calendar: for reading a key where the workbook's calendar is not at hand. */
export const NRF_CALENDAR: Calendar = { fyStartMonth: 1, retail: { pattern: "4-5-4", ...NRF_YEAR_END } };

/** Weekday of a day number, 0 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(d: DayNumber): number {
  return (((d + 4) % 7) + 7) % 7;
}

/** The last day of retail year `fy`: the weekday nearest to (or last on or before) month/day of calendar year fy. */
export function retailYearEnd(cal: RetailYearEnd, fy: number): DayNumber {
  const target = dayFromYmd(fy, cal.month, cal.day);
  const back = (weekdayOf(target) - cal.weekday + 7) % 7; // days back to that weekday, 0–6
  if (cal.rule === "last") return target - back;
  // Nearest: never a tie, since the two candidates are 7 days apart.
  return back <= 3 ? target - back : target + (7 - back);
}

export interface RetailYear {
  year: number;
  start: DayNumber;
  end: DayNumber;
  weeks: 52 | 53;
}

export function retailYear(cal: RetailYearEnd, fy: number): RetailYear {
  const start = retailYearEnd(cal, fy - 1) + 1;
  const end = retailYearEnd(cal, fy);
  return { year: fy, start, end, weeks: (end - start + 1) / 7 === 53 ? 53 : 52 };
}

/** The retail year containing day d. */
export function retailYearOf(cal: RetailYearEnd, d: DayNumber): RetailYear {
  let fy = ymdFromDay(d).year;
  // FY N ends within a week of month/day of year N, so d lies in FY year−1, year or year+1.
  if (d > retailYearEnd(cal, fy)) fy++;
  else if (d <= retailYearEnd(cal, fy - 1)) fy--;
  return retailYear(cal, fy);
}

const PATTERNS: Record<RetailPattern, number[]> = { "4-4-5": [4, 4, 5], "4-5-4": [4, 5, 4], "5-4-4": [5, 4, 4] };

/** Weeks in retail period P01–P12 of a year of 52 or 53 weeks (the 53rd week goes into P12). */
export function periodWeeks(pattern: RetailPattern, period: number, yearWeeks: 52 | 53): number {
  const w = PATTERNS[pattern][(period - 1) % 3];
  return period === 12 && yearWeeks === 53 ? w + 1 : w;
}

/** First week number (1-based) of retail period P01–P12. */
export function periodFirstWeek(pattern: RetailPattern, period: number): number {
  let week = 1;
  for (let p = 1; p < period; p++) week += periodWeeks(pattern, p, 52);
  return week;
}

/** Monday of ISO week 1 of ISO year y (the week holding 4 January). */
function isoYearStart(y: number): DayNumber {
  const jan4 = dayFromYmd(y, 1, 4);
  return jan4 - ((weekdayOf(jan4) + 6) % 7);
}

export function isoWeeksInYear(y: number): 52 | 53 {
  return (isoYearStart(y + 1) - isoYearStart(y)) / 7 === 53 ? 53 : 52;
}

/** ISO year and week of day d. */
export function isoWeekOf(d: DayNumber): { year: number; week: number } {
  let y = ymdFromDay(d).year;
  if (d >= isoYearStart(y + 1)) y++;
  else if (d < isoYearStart(y)) y--;
  return { year: y, week: Math.floor((d - isoYearStart(y)) / 7) + 1 };
}

/** Monday of ISO week `week` of ISO year y, or null when the year has no such week. */
export function isoWeekStart(y: number, week: number): DayNumber | null {
  if (!Number.isInteger(week) || week < 1 || week > isoWeeksInYear(y)) return null;
  return isoYearStart(y) + (week - 1) * 7;
}

/** First day of retail week `week` of FY fy, or null when the year has no such week. */
export function retailWeekStart(cal: RetailYearEnd, fy: number, week: number): DayNumber | null {
  const y = retailYear(cal, fy);
  if (!Number.isInteger(week) || week < 1 || week > y.weeks) return null;
  return y.start + (week - 1) * 7;
}

/** First day of the week containing d, in the workbook's calendar (retail weeks, else ISO weeks). */
export function weekStartOf(d: DayNumber, cal: Calendar): DayNumber {
  const firstWeekday = cal.retail ? (cal.retail.weekday + 1) % 7 : 1;
  return d - ((weekdayOf(d) - firstWeekday + 7) % 7);
}

/** The week containing d as a key: FY2027-W05 with a retail calendar, else the ISO week 2026-W27. */
export function weekKeyOf(d: DayNumber, cal: Calendar): string {
  if (cal.retail) {
    const y = retailYearOf(cal.retail, d);
    return `FY${y.year}-W${String(Math.floor((d - y.start) / 7) + 1).padStart(2, "0")}`;
  }
  const w = isoWeekOf(d);
  return `${w.year}-W${String(w.week).padStart(2, "0")}`;
}

const WEEKDAYS_EN = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const WEEKDAYS_ZH = "日一二三四五六";
const MONTHS_EN = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * A Retail year end as people write it: "Saturday nearest 01-31" (the NRF rule), "Sat nearest Jan 31",
 * "last Saturday 01-31", "last Saturday on or before 31 Jan", zh "最接近1月31日的星期六",
 * "1月31日前最后一个星期六". Null when it cannot be read (the caller says what to write).
 */
export function parseRetailYearEnd(text: string): RetailYearEnd | null {
  const t = text
    .replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10))
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");
  let weekday = -1;
  const en = /\b(sun|mon|tue|wed|thu|fri|sat)[a-z]*\b/.exec(t);
  if (en) weekday = WEEKDAYS_EN.indexOf(en[1]);
  const zh = /(?:星期|周|礼拜)([日天一二三四五六])/.exec(t);
  if (zh) weekday = zh[1] === "天" ? 0 : WEEKDAYS_ZH.indexOf(zh[1]);
  if (weekday < 0) return null;

  let month = 0;
  let day = 0;
  let m: RegExpExecArray | null;
  if ((m = /(\d{1,2})月(\d{1,2})[日号]/.exec(t))) [month, day] = [Number(m[1]), Number(m[2])];
  else if ((m = /\b(\d{1,2})[-/.](\d{1,2})\b/.exec(t))) [month, day] = [Number(m[1]), Number(m[2])];
  else if ((m = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2})\b/.exec(t))) [month, day] = [MONTHS_EN.indexOf(m[1]) + 1, Number(m[2])];
  else if ((m = /\b(\d{1,2}) (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/.exec(t))) [month, day] = [MONTHS_EN.indexOf(m[2]) + 1, Number(m[1])];
  // A year end on 29 February would not exist in most years.
  if (!isValidYmd(2025, month, day)) return null;

  const nearest = /nearest|closest|最接近|最靠近|最近/.test(t);
  const last = /\blast\b|on or before|最后一个|之前最后|前最后/.test(t);
  if (nearest === last) return null; // neither or both: say which
  return { weekday, month, day, rule: nearest ? "nearest" : "last" };
}

/** A Calendar setting: a retail pattern, or "calendar"/"months" for none; null when unreadable. */
export function parseCalendarPattern(text: string): RetailPattern | "months" | null {
  const t = text
    .replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10))
    .trim()
    .toLowerCase()
    .replace(/[\s\-–—_/]/g, "");
  if (t === "445") return "4-4-5";
  if (t === "454") return "4-5-4";
  if (t === "544") return "5-4-4";
  if (["calendar", "gregorian", "months", "monthly", "month", "自然月", "公历", "日历月", "月"].includes(t)) return "months";
  return null;
}
