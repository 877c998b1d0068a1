import { dayFromYmd, formatDay } from "../../../src/engine/core/dates";
import {
  comparisonPeriod,
  latestCompleteQuarter,
  parsePeriodKey,
  parsePeriodLabel,
  periodContaining,
  spanPlacement,
  weeksIn,
} from "../../../src/engine/core/periods";

const span = (p: { start: number; end: number } | null) => (p ? `${formatDay(p.start)}..${formatDay(p.end)}` : null);

describe("period keys (metrics.md Periods)", () => {
  test.each([
    ["2026-M03", "2026-03-01..2026-03-31"],
    ["2026-Q3", "2026-07-01..2026-09-30"],
    ["2026-H2", "2026-07-01..2026-12-31"],
    ["2026", "2026-01-01..2026-12-31"],
    ["2024-M02", "2024-02-01..2024-02-29"],
  ])("%s spans %s", (key, expected) => {
    expect(span(parsePeriodKey(key))).toBe(expected);
  });

  test("fiscal years are named by the year they end in: start month 2 -> FY2027 = Feb 2026 .. Jan 2027", () => {
    expect(span(parsePeriodKey("FY2027", 2))).toBe("2026-02-01..2027-01-31");
    expect(span(parsePeriodKey("FY2027-Q1", 2))).toBe("2026-02-01..2026-04-30");
    expect(span(parsePeriodKey("FY2027-Q4", 2))).toBe("2026-11-01..2027-01-31");
    expect(span(parsePeriodKey("FY2027-H2", 4))).toBe("2026-10-01..2027-03-31");
    expect(periodContaining(dayFromYmd(2026, 1, 15), "quarter", true, 2).key).toBe("FY2026-Q4");
    expect(periodContaining(dayFromYmd(2026, 2, 1), "quarter", true, 2).key).toBe("FY2027-Q1");
  });

  test("invalid keys are refused", () => {
    expect(parsePeriodKey("2026-Q5")).toBeNull();
    expect(parsePeriodKey("2026-M13")).toBeNull();
    expect(parsePeriodKey("Q3")).toBeNull();
  });

  test("comparison: yoy is the same period a year earlier, pop the one just before", () => {
    const p = parsePeriodKey("2026-Q1")!;
    expect(comparisonPeriod(p, "yoy")!.key).toBe("2025-Q1");
    expect(comparisonPeriod(p, "pop")!.key).toBe("2025-Q4");
    expect(comparisonPeriod(parsePeriodKey("2026-M01")!, "pop")!.key).toBe("2025-M12");
    expect(comparisonPeriod(parsePeriodKey("FY2027-Q1", 2)!, "pop", 2)!.key).toBe("FY2026-Q4");
  });

  test("the default period is the latest quarter the data covers to its last day", () => {
    expect(latestCompleteQuarter(dayFromYmd(2026, 9, 30)).key).toBe("2026-Q3");
    expect(latestCompleteQuarter(dayFromYmd(2026, 10, 31)).key).toBe("2026-Q3");
    expect(latestCompleteQuarter(dayFromYmd(2026, 9, 29)).key).toBe("2026-Q2");
    expect(latestCompleteQuarter(dayFromYmd(2026, 4, 30), 2).key).toBe("FY2027-Q1");
  });

  test("weeks in P = days / 7: a quarter of 92 days is 13.14 weeks", () => {
    expect(weeksIn(parsePeriodKey("2026-Q3")!)).toBeCloseTo(92 / 7, 12);
    expect(weeksIn(parsePeriodKey("2026-Q3")!).toFixed(2)).toBe("13.14");
  });
});

describe("period labels in sheets", () => {
  test.each([
    ["2026-03", "2026-03-01..2026-03-31"],
    ["2026/3", "2026-03-01..2026-03-31"],
    ["202603", "2026-03-01..2026-03-31"],
    ["2026年3月", "2026-03-01..2026-03-31"],
    ["2026-M03", "2026-03-01..2026-03-31"],
    ["Mar 2026", "2026-03-01..2026-03-31"],
    ["2026Q3", "2026-07-01..2026-09-30"],
    ["2026-Q3", "2026-07-01..2026-09-30"],
    ["Q3 2026", "2026-07-01..2026-09-30"],
    ["2026年第3季度", "2026-07-01..2026-09-30"],
    ["2026年第三季度", "2026-07-01..2026-09-30"],
    ["2026年Q3", "2026-07-01..2026-09-30"],
    ["2026-H2", "2026-07-01..2026-12-31"],
    ["2026年上半年", "2026-01-01..2026-06-30"],
    ["2026", "2026-01-01..2026-12-31"],
    ["２０２６年３月", "2026-03-01..2026-03-31"],
  ])("%s labels %s", (label, expected) => {
    expect(span(parsePeriodLabel(label)?.span ?? null)).toBe(expected);
  });

  test("fiscal labels use the fiscal start month, and say when none is set", () => {
    expect(parsePeriodLabel("FY2027-Q1", 2)).toEqual({ span: { start: dayFromYmd(2026, 2, 1), end: dayFromYmd(2026, 4, 30) }, fiscalAssumed: false });
    expect(parsePeriodLabel("FY2027-Q1", 1)).toMatchObject({ fiscalAssumed: true });
  });

  test.each([["2026-13"], ["March"], ["Q5 2026"], ["abc"]])("%s is not a period", (label) => {
    expect(parsePeriodLabel(label)).toBeNull();
  });

  test("a span inside, straddling or outside P", () => {
    const q3 = parsePeriodKey("2026-Q3")!;
    expect(spanPlacement(parsePeriodKey("2026-M08")!, q3)).toBe("inside");
    expect(spanPlacement(parsePeriodKey("2026-H2")!, q3)).toBe("straddles");
    expect(spanPlacement(parsePeriodKey("2026-M06")!, q3)).toBe("outside");
  });
});
