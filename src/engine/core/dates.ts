/**
 * Calendar arithmetic on "day numbers": whole days since 1970-01-01 (UTC).
 * Integers compare and subtract without time-zone surprises, and a day number
 * fits an Int32Array column, which matters at a million rows.
 */

export type DayNumber = number;

const MS_PER_DAY = 86_400_000;

export function dayFromYmd(year: number, month: number, day: number): DayNumber {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function ymdFromDay(d: DayNumber): { year: number; month: number; day: number } {
  const date = new Date(d * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** A valid calendar date? (Date.UTC silently rolls 2026-02-30 into March.) */
export function isValidYmd(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const back = ymdFromDay(dayFromYmd(year, month, day));
  return back.year === year && back.month === month && back.day === day;
}

export function formatDay(d: DayNumber): string {
  const { year, month, day } = ymdFromDay(d);
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

export function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * Excel's 1900 date system: serial 1 = 1900-01-01, and serial 60 is the
 * fictitious 1900-02-29 Lotus bug that Excel keeps; serial 25569 = 1970-01-01.
 */
export function dayFromExcelSerial(serial: number, date1904 = false): DayNumber {
  const whole = Math.floor(serial);
  if (date1904) return whole - 24107; // 1904-01-01 is serial 0 in the 1904 system
  return whole < 61 ? whole - 25568 : whole - 25569;
}

export function excelSerialFromDay(d: DayNumber): number {
  const serial = d + 25569;
  return serial < 61 ? serial - 1 : serial;
}

export function dayFromDate(date: Date): DayNumber {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

export function daysInclusive(start: DayNumber, end: DayNumber): number {
  return end - start + 1;
}

/** First day of the month `offset` months after (year, month). */
export function addMonths(year: number, month: number, offset: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + offset;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function lastDayOfMonth(year: number, month: number): DayNumber {
  const next = addMonths(year, month, 1);
  return dayFromYmd(next.year, next.month, 1) - 1;
}
