import { coerceDate, coerceNumber, coerceRate, coerceText, decimalMarkOf } from "../../../src/engine/core/coerce";
import { dayFromYmd, dayFromExcelSerial, excelSerialFromDay } from "../../../src/engine/core/dates";

const num = (cell: Parameters<typeof coerceNumber>[0], percent = false) => {
  const r = coerceNumber(cell, { percent });
  return r.ok ? r.value : r.reason;
};

describe("numbers as account sheets write them", () => {
  test.each([
    [1234.56, 1234.56],
    ["1234.56", 1234.56],
    ["1,234.56", 1234.56],
    ["1,234,567", 1234567],
    ["  12 345 ", 12345],
    ["¥1,234.50", 1234.5],
    ["￥1,234.50", 1234.5],
    ["RMB 1,234", 1234],
    ["CNY 88", 88],
    ["$12.30", 12.3],
    ["1234元", 1234],
    ["1.2万", 12000],
    ["3亿", 300000000],
    ["0.35万", 3500],
    ["１２３４．５", 1234.5],
    ["（123）", -123],
    ["(1,234.00)", -1234],
    ["-56", -56],
    ["-¥12", -12],
    ["¥-12", -12],
    ["1.234,56", 1234.56],
    ["1.234.567", 1234567],
    ["12,5", 12.5],
  ])("%p -> %p", (cell, expected) => {
    expect(num(cell)).toBeCloseTo(expected as number, 10);
  });

  test("万 and 亿 scale exactly, without float drift", () => {
    expect(num("1.2万")).toBe(12000);
    expect(num("1.23456万")).toBe(12345.6);
    expect(num("2.5亿")).toBe(250000000);
  });

  test("percentages only where a rate is expected", () => {
    expect(num("12%", true)).toBeCloseTo(0.12, 12);
    expect(num("12%", false)).toBe("not-a-number");
  });

  test.each([
    [null, "blank"],
    ["", "blank"],
    ["   ", "blank"],
    ["#N/A", "error-value"],
    ["#DIV/0!", "error-value"],
    [{ error: "#REF!" }, "error-value"],
    ["abc", "not-a-number"],
    ["12abc", "not-a-number"],
    ["1,2,3", "not-a-number"],
    [true, "not-a-number"],
  ])("%p is refused as %p", (cell, reason) => {
    expect(num(cell)).toBe(reason);
  });
});

describe("rates", () => {
  test("5% and 0.05 are the same rate; a bare 5 is read as 5% with a note", () => {
    expect(coerceRate("5%")).toEqual({ ok: true, value: 0.05 });
    expect(coerceRate(0.05)).toEqual({ ok: true, value: 0.05 });
    expect(coerceRate(5)).toEqual({ ok: true, value: 0.05, note: "percent-assumed" });
  });
});

describe("dates", () => {
  const day = (cell: Parameters<typeof coerceDate>[0], date1904 = false) => {
    const r = coerceDate(cell, date1904);
    return r.ok ? r.value : r.reason;
  };
  const d = dayFromYmd(2026, 3, 5);
  test.each([["2026-03-05"], ["2026/3/5"], ["2026.3.5"], ["2026年3月5日"], ["05.03.2026"], ["20260305"], ["3/5/2026"], ["２０２６－０３－０５"]])(
    "%p is 2026-03-05",
    (text) => {
      expect(day(text)).toBe(d);
    },
  );

  test("Excel serial numbers, both date systems, and Date objects", () => {
    // 2026-03-05 is serial 46086 in the 1900 system (25569 = 1970-01-01, +20517 days).
    expect(day(46086)).toBe(d);
    expect(day(46086 - 1462, true)).toBe(d); // the 1904 system is 1,462 days behind
    expect(day(new Date(Date.UTC(2026, 2, 5)))).toBe(d);
    expect(excelSerialFromDay(d)).toBe(46086);
    // Serial 59 is 1900-02-28; Excel's fictitious 1900-02-29 (60) is skipped over.
    expect(dayFromExcelSerial(59)).toBe(dayFromYmd(1900, 2, 28));
    expect(dayFromExcelSerial(61)).toBe(dayFromYmd(1900, 3, 1));
  });

  test("day-first when the first number cannot be a month; ambiguous ones say so", () => {
    expect(day("25/3/2026")).toBe(dayFromYmd(2026, 3, 25));
    expect(coerceDate("4/3/2026")).toEqual({ ok: true, value: dayFromYmd(2026, 4, 3), note: "date-ambiguous" });
  });

  test.each([["2026-02-30"], ["2026-13-01"], ["next week"], [-5], [3e6]])("%p is not a date", (cell) => {
    expect(day(cell)).toBe("not-a-date");
  });
});

describe("text and codes", () => {
  test("codes keep leading zeros; full-width is folded; spaces are trimmed", () => {
    expect(coerceText("  00123 ")).toEqual({ ok: true, value: "00123" });
    expect(coerceText("ＡＢＣ１２３")).toEqual({ ok: true, value: "ABC123" });
    expect(coerceText(6901234567890)).toEqual({ ok: true, value: "6901234567890" });
  });
});

test("decimal marks (#24, 6): what a number's text says, and a column's decided mark for lone separators", () => {
  expect(["15.625,00", "1,5", "1.234.567", "1,200.50", "12.5", "1.250", "1,250", "¥1.250", "2026-07", "abc", "0.250"].map(decimalMarkOf)).toEqual([
    ",",
    ",",
    ",",
    ".",
    ".",
    "ambiguous",
    "ambiguous",
    "ambiguous",
    null,
    null,
    ".",
  ]);
  expect(coerceNumber("1.250", { decimal: "," })).toEqual({ ok: true, value: 1250 });
  expect(coerceNumber("1,250", { decimal: "," })).toEqual({ ok: true, value: 1.25 });
  expect(coerceNumber("1.250", { decimal: "." })).toEqual({ ok: true, value: 1.25 });
  expect(coerceNumber("1,250", { decimal: "." })).toEqual({ ok: true, value: 1250 });
  // Both marks, or a mark the grouping rules out, read as they always did.
  expect(coerceNumber("15.625,00", { decimal: "." })).toEqual({ ok: true, value: 15625 });
  expect(coerceNumber("12.5", { decimal: "," })).toEqual({ ok: true, value: 12.5 });
  expect(coerceNumber("1.250")).toEqual({ ok: true, value: 1.25 });
});
