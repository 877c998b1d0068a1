import {
  NRF_YEAR_END,
  RetailCalendar,
  isoWeekOf,
  parseCalendarPattern,
  parseRetailYearEnd,
  periodWeeks,
  retailYear,
  retailYearOf,
  weekStartOf,
  weekdayOf,
} from "../../../src/engine/core/calendar";
import { dayFromYmd, formatDay } from "../../../src/engine/core/dates";
import { availablePeriods, comparisonPeriod, parsePeriodKey, parsePeriodLabel, resolvePeriod } from "../../../src/engine/core/periods";

const nrf: RetailCalendar = { pattern: "4-5-4", ...NRF_YEAR_END };
const cal = { fyStartMonth: 1, retail: nrf };
const day = (s: string) => {
  const [y, m, d] = s.split("-").map(Number);
  return dayFromYmd(y, m, d);
};
const span = (p: { start: number; end: number } | null) => (p ? `${formatDay(p.start)}..${formatDay(p.end)}` : null);

describe("NRF retail years: FY N ends on the Saturday nearest 31 January of N", () => {
  // 31 Jan 2023 is a Tuesday: Saturday 28 Jan is 3 days before, 4 Feb 4 after -> 2023-01-28.
  // 2024-01-31 Wed -> Sat 3 Feb (3 after; 27 Jan is 4 before).  2025-01-31 Fri -> Sat 1 Feb.
  // 2026-01-31 is a Saturday.  2027-01-31 Sun -> Sat 30 Jan.  2028-01-31 Mon -> Sat 29 Jan.
  // 2029-01-31 Wed -> Sat 3 Feb.  2030-01-31 Thu -> Sat 2 Feb.
  // A year runs from the day after the previous year's end: 371 days (53 weeks) when the end moves
  // 8 days later in the calendar (28 Jan -> 3 Feb), 364 (52 weeks) otherwise.
  test.each([
    [2024, "2023-01-29", "2024-02-03", 53],
    [2025, "2024-02-04", "2025-02-01", 52],
    [2026, "2025-02-02", "2026-01-31", 52],
    [2027, "2026-02-01", "2027-01-30", 52],
    [2028, "2027-01-31", "2028-01-29", 52],
    [2029, "2028-01-30", "2029-02-03", 53],
    [2030, "2029-02-04", "2030-02-02", 52],
  ])("FY%i runs %s to %s: %i weeks", (fy, start, end, weeks) => {
    const y = retailYear(nrf, fy);
    expect([formatDay(y.start), formatDay(y.end), y.weeks]).toEqual([start, end, weeks]);
    expect(weekdayOf(y.start)).toBe(0); // weeks start on Sunday, the day after the year end's Saturday
    expect(retailYearOf(nrf, y.start).year).toBe(fy);
    expect(retailYearOf(nrf, y.end).year).toBe(fy);
  });

  test("'last Saturday on or before 01-31' never moves past 31 January", () => {
    const last = { ...NRF_YEAR_END, rule: "last" as const };
    // 2024-01-31 Wed -> Sat 27 Jan (the NRF rule gives 3 Feb).
    expect(formatDay(retailYear(last, 2024).end)).toBe("2024-01-27");
    expect(formatDay(retailYear(last, 2026).end)).toBe("2026-01-31");
  });
});

describe("retail periods P01–P12", () => {
  test.each([
    ["4-4-5", [4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 4, 5]],
    ["4-5-4", [4, 5, 4, 4, 5, 4, 4, 5, 4, 4, 5, 4]],
    ["5-4-4", [5, 4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 4]],
  ] as const)("%s: weeks per period, 52 in all; a 53rd week goes into P12", (pattern, weeks) => {
    expect(Array.from({ length: 12 }, (_, i) => periodWeeks(pattern, i + 1, 52))).toEqual(weeks);
    expect(weeks.reduce((a, b) => a + b, 0)).toBe(52);
    expect(periodWeeks(pattern, 12, 53)).toBe(weeks[11] + 1);
    expect(periodWeeks(pattern, 11, 53)).toBe(weeks[10]);
  });

  test("keys of a 4-5-4 year: W, P, Q, H and the year, from FY2027's start (2026-02-01)", () => {
    // P01 = weeks 1–4: 2026-02-01..2026-02-28; P02 = weeks 5–9 (5 weeks): 2026-03-01..2026-04-04.
    expect(span(parsePeriodKey("FY2027-P01", cal))).toBe("2026-02-01..2026-02-28");
    expect(span(parsePeriodKey("FY2027-P02", cal))).toBe("2026-03-01..2026-04-04");
    expect(parsePeriodKey("FY2027-P02", cal)!.weeks).toBe(5);
    // Week 5 starts 4 weeks after 2026-02-01.
    expect(span(parsePeriodKey("FY2027-W05", cal))).toBe("2026-03-01..2026-03-07");
    // Q2 = weeks 14–26: 2026-05-03..2026-08-01 (13 weeks); H1 = weeks 1–26.
    expect(span(parsePeriodKey("FY2027-Q2", cal))).toBe("2026-05-03..2026-08-01");
    expect(parsePeriodKey("FY2027-Q2", cal)!.weeks).toBe(13);
    expect(span(parsePeriodKey("FY2027-H1", cal))).toBe("2026-02-01..2026-08-01");
    expect(span(parsePeriodKey("FY2027", cal))).toBe("2026-02-01..2027-01-30");
    // FY2024 has 53 weeks: Q4 has 14 and ends with the year; week 53 exists, and not in FY2025.
    expect(parsePeriodKey("FY2024-Q4", cal)!.weeks).toBe(14);
    expect(parsePeriodKey("FY2024-Q4", cal)!.end).toBe(day("2024-02-03"));
    expect(span(parsePeriodKey("FY2024-W53", cal))).toBe("2024-01-28..2024-02-03");
    expect(parsePeriodKey("FY2025-W53", cal)).toBeNull();
    // Without a retail calendar a retail key is not a key (FY2027-Q2 is a fiscal quarter then).
    expect(parsePeriodKey("FY2027-W05", 1)).toBeNull();
  });
});

describe("comparisons of week-based periods", () => {
  test("yoy by week number; a 53rd week has no prior (null); pop is the same number of weeks just before", () => {
    expect(comparisonPeriod(parsePeriodKey("FY2027-W05", cal)!, "yoy", cal)!.key).toBe("FY2026-W05");
    expect(comparisonPeriod(parsePeriodKey("FY2024-W53", cal)!, "yoy", cal)).toBeNull();
    expect(comparisonPeriod(parsePeriodKey("FY2027-Q2", cal)!, "yoy", cal)!.key).toBe("FY2026-Q2");
    // FY2025-Q4 (13 weeks) against FY2024-Q4 (14 weeks, with week 53): the same key, by week number.
    expect(comparisonPeriod(parsePeriodKey("FY2025-Q4", cal)!, "yoy", cal)!.weeks).toBe(14);
    // pop of Q2 is Q1 (both 13 weeks); of P02 (5 weeks) the 5 weeks before it, not P01 (4 weeks).
    expect(comparisonPeriod(parsePeriodKey("FY2027-Q2", cal)!, "pop", cal)!.key).toBe("FY2027-Q1");
    const popP02 = comparisonPeriod(parsePeriodKey("FY2027-P02", cal)!, "pop", cal)!;
    expect(popP02.key).toBe("L5W:FY2027-W04"); // FY2026-W52 and FY2027-W01..W04: 2026-01-25..2026-02-28
    expect(span(popP02)).toBe("2026-01-25..2026-02-28");
  });

  test("rolling week spans compare with the span ending 52 weeks earlier", () => {
    const l13 = parsePeriodKey("L13W:FY2027-W30", cal)!;
    // FY2027-W30 = 2026-08-23..29; 13 weeks back to 2026-05-31.
    expect(span(l13)).toBe("2026-05-31..2026-08-29");
    expect(l13.weeks).toBe(13);
    expect(comparisonPeriod(l13, "yoy", cal)!.key).toBe("L13W:FY2026-W30");
    expect(comparisonPeriod(l13, "pop", cal)!.key).toBe("L13W:FY2027-W17");
    // After a 53-week year, 52 weeks earlier is one week number later: FY2025-W10 - 52 weeks = FY2024-W11.
    expect(comparisonPeriod(parsePeriodKey("L4W:FY2025-W10", cal)!, "yoy", cal)!.key).toBe("L4W:FY2024-W11");
    // YTD on weeks: by week number (W01–W30 with W01–W30).
    expect(comparisonPeriod(parsePeriodKey("YTD:FY2027-W30", cal)!, "yoy", cal)!.key).toBe("YTD:FY2026-W30");
    expect(parsePeriodKey("YTD:FY2027-W30", cal)!.weeks).toBe(30);
  });
});

describe("rolling periods end at the last complete month or week", () => {
  // Month data to 2026-09-30: the last complete month is 2026-M09.
  const months = { firstDay: day("2024-01-01"), lastDay: day("2026-09-30"), weekData: false };
  test("on month data: MAT, YTD, L3M; week spans are refused", () => {
    const mat = resolvePeriod("MAT", 1, months);
    expect(mat.ok && mat.period.key).toBe("MAT:2026-M09");
    expect(mat.ok && span(mat.period)).toBe("2025-10-01..2026-09-30");
    expect(mat.ok && comparisonPeriod(mat.period, "yoy", 1)!.key).toBe("MAT:2025-M09");
    const ytd = resolvePeriod("YTD", 1, months);
    expect(ytd.ok && span(ytd.period)).toBe("2026-01-01..2026-09-30");
    // With a fiscal year from February, YTD starts 2026-02-01.
    const ytdFiscal = resolvePeriod("YTD", 2, months);
    expect(ytdFiscal.ok && span(ytdFiscal.period)).toBe("2026-02-01..2026-09-30");
    expect(ytdFiscal.ok && comparisonPeriod(ytdFiscal.period, "pop", 2)!.key).toBe("L8M:2026-M01");
    // Data to 2026-09-15: September is not complete, August is the end.
    const partial = resolvePeriod("L3M", 1, { ...months, lastDay: day("2026-09-15") });
    expect(partial.ok && partial.period.key).toBe("L3M:2026-M08");
    expect(resolvePeriod("L13W", 1, months)).toEqual({ ok: false, reason: "needs-weeks" });
    expect(resolvePeriod("2026-W27", 1, months)).toEqual({ ok: false, reason: "needs-weeks" });
    // An end may be given.
    const given = resolvePeriod("MAT:2026-M06", 1, months);
    expect(given.ok && span(given.period)).toBe("2025-07-01..2026-06-30");
  });

  test("on week data: MAT is 52 weeks, L13W the last 13 complete weeks (ISO weeks without a retail calendar)", () => {
    // ISO week 2026-W35 is Mon 2026-08-24..Sun 2026-08-30. Data to Sat 2026-08-29: W35 is not complete.
    const weeks = { firstDay: day("2024-12-30"), lastDay: day("2026-08-29"), weekData: true };
    const l13 = resolvePeriod("L13W", 1, weeks);
    expect(l13.ok && l13.period.key).toBe("L13W:2026-W34");
    expect(l13.ok && span(l13.period)).toBe("2026-05-25..2026-08-23");
    const mat = resolvePeriod("MAT", 1, weeks);
    expect(mat.ok && mat.period.weeks).toBe(52);
    // On a retail calendar, data to Sat 2026-08-29 completes FY2027-W30.
    const r = resolvePeriod("L13W", cal, weeks);
    expect(r.ok && r.period.key).toBe("L13W:FY2027-W30");
    const ytd = resolvePeriod("YTD", cal, weeks);
    expect(ytd.ok && span(ytd.period)).toBe("2026-02-01..2026-08-29");
  });

  test("the choices the data supports, the latest first", () => {
    const weeks = { firstDay: day("2025-02-02"), lastDay: day("2026-08-29"), weekData: true };
    const keys = availablePeriods(cal, weeks).map((p) => p.key);
    // Latest end first, the longer first on one end; P07 (4 weeks, W27–W30) and L4W are the same span.
    expect(keys.slice(0, 7)).toEqual(["MAT:FY2027-W30", "YTD:FY2027-W30", "L13W:FY2027-W30", "FY2027-P07", "L4W:FY2027-W30", "FY2027-W30", "FY2027-W29"]);
    expect(keys).toContain("FY2027-Q2");
    expect(keys).toContain("FY2026");
    expect(keys).not.toContain("FY2027-Q3"); // not complete
    expect(keys).not.toContain("FY2025-Q4"); // before the data starts
  });
});

describe("week labels and weekdays", () => {
  test("ISO week labels without a retail calendar", () => {
    // ISO 2026-W27: Monday 2026-06-29..Sunday 2026-07-05.
    for (const label of ["2026-W27", "2026W27", "W27 2026", "Wk 27 2026", "2026年第27周", "week 27 2026"])
      expect(span((parsePeriodLabel(label, 1) as { span: { start: number; end: number } }).span)).toBe("2026-06-29..2026-07-05");
    expect(isoWeekOf(day("2026-01-01"))).toEqual({ year: 2026, week: 1 }); // Thursday: week 1
    expect(isoWeekOf(day("2027-01-01"))).toEqual({ year: 2026, week: 53 }); // Friday: the last week of 2026
  });
  test("retail week labels need a retail calendar; with one, week numbers are the retail year's", () => {
    expect(parsePeriodLabel("FY27 Wk5", 1)).toEqual({ span: null, needsRetailCalendar: true });
    expect(span((parsePeriodLabel("FY27 Wk5", cal) as { span: { start: number; end: number } }).span)).toBe("2026-03-01..2026-03-07");
    expect(span((parsePeriodLabel("FY2027-W05", cal) as { span: { start: number; end: number } }).span)).toBe("2026-03-01..2026-03-07");
    expect(parsePeriodLabel("2027年第5周", cal)).toMatchObject({ retailWeek: true });
  });
  test("the retail year after its week (#24): Wk 05 FY2027 and Week 5 FY27 are FY27 Wk5", () => {
    for (const label of ["Wk 05 FY2027", "Week 5 FY27", "wk5 fy27", "W05-FY2027", "Week 05, FY 2027"]) {
      expect([label, parsePeriodLabel(label, 1)]).toEqual([label, { span: null, needsRetailCalendar: true }]);
      expect([label, span((parsePeriodLabel(label, cal) as { span: { start: number; end: number } }).span)]).toEqual([label, "2026-03-01..2026-03-07"]);
    }
    expect(parsePeriodLabel("Week 54 FY27", cal)).toBeNull();
  });
  test("a week containing a date, in the calendar's weeks", () => {
    // Saturday 2026-07-04: the ISO week starts Monday 06-29, the NRF week Sunday 06-28.
    expect(formatDay(weekStartOf(day("2026-07-04"), { fyStartMonth: 1, retail: null }))).toBe("2026-06-29");
    expect(formatDay(weekStartOf(day("2026-07-04"), cal))).toBe("2026-06-28");
  });
});

describe("Settings: Calendar and Retail year end as people write them", () => {
  test.each([
    ["Saturday nearest 01-31", { weekday: 6, month: 1, day: 31, rule: "nearest" }],
    ["Sat nearest Jan 31", { weekday: 6, month: 1, day: 31, rule: "nearest" }],
    ["last Saturday 01-31", { weekday: 6, month: 1, day: 31, rule: "last" }],
    ["last Sunday on or before 31 Aug", { weekday: 0, month: 8, day: 31, rule: "last" }],
    ["最接近1月31日的星期六", { weekday: 6, month: 1, day: 31, rule: "nearest" }],
    ["1月31日前最后一个周六", { weekday: 6, month: 1, day: 31, rule: "last" }],
  ])("%s", (text, expected) => expect(parseRetailYearEnd(text)).toEqual(expected));
  test.each(["31 January", "Saturday 01-31", "Saturday nearest 02-30", "end of January"])("%s cannot be read", (text) =>
    expect(parseRetailYearEnd(text)).toBeNull(),
  );
  test("patterns", () => {
    expect(["4-4-5", "445", "4–5–4", "５-４-４", "calendar", "weekly"].map(parseCalendarPattern)).toEqual(["4-4-5", "4-4-5", "4-5-4", "5-4-4", "months", null]);
  });
});
