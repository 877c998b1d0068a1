import { ISSUES_LISTED_PER_KIND, issueMessage, tableRowsOf } from "./helpers";
import { ingest, sheet, where } from "../../helpers";
import { dayFromYmd } from "../../../src/engine/core/dates";

// A messy sell-out sheet as a retailer portal exports it. Rows are Excel row numbers.
const messy = sheet("零售数据", [
  ["2026 Q3 零售数据 — 家乐福"], // 1 title
  [], // 2
  ["零售商", "门店", "条码", "厂家", "品类", "月份", "销量", "销售金额"], // 3 header
  ["家乐福", "S01", "0012", "Acme", "Biscuits", "2026-07", 10, "1,234.50"], // 4 used
  ["家乐福", "S01", "0013", "Acme", "Biscuits", "2026年8月", "5", "¥500"], // 5 used
  ["家乐福", "S02", "0012", "Acme", "Biscuits", "2026-08", 3, "#N/A"], // 6 rejected: error value
  ["家乐福", "S02", "0013", "Acme", "Biscuits", "not a month", 3, 300], // 7 rejected: period
  ["家乐福", "S03", "", "Acme", "Biscuits", "2026-09", 3, 200], // 8 rejected: no SKU
  ["小计", null, null, null, null, null, 18, 2234.5], // 9 rejected: subtotal
  [], // 10 blank
  ["家乐福", "S03", "0012", "Acme", "Biscuits", "2026-09", "x", 100], // 11 used, units unreadable
  ["家乐福", "S03", "0014", "Comp", "Biscuits", "2026-09", 2, "1.2万"], // 12 used
]);

describe("ingesting a messy sheet", () => {
  const result = ingest(messy);

  test("every problem is an issue with Excel's row and column", () => {
    expect(result.issues.map(where)).toEqual([
      { sheet: "零售数据", row: 6, column: "H", code: "cell-error", severity: "error" },
      { sheet: "零售数据", row: 7, column: "F", code: "not-a-period", severity: "error" },
      { sheet: "零售数据", row: 8, column: "C", code: "missing-value", severity: "error" },
      { sheet: "零售数据", row: 9, column: null, code: "subtotal-row", severity: "info" },
      { sheet: "零售数据", row: 11, column: "G", code: "not-a-number-optional", severity: "warning" },
    ]);
  });

  test("messages are in English and Chinese and say what to do", () => {
    const e = result.issues[0];
    expect(issueMessage(e, "en")).toBe("Cell H6 holds the Excel error #N/A; the row was left out. Fix the formula or value and regenerate.");
    expect(issueMessage(e, "zh")).toBe("单元格 H6 含 Excel 错误值 #N/A，该行已排除。请修正公式或数值后重新生成。");
    expect(issueMessage(result.issues[3], "en")).toContain('("小计")');
  });

  test("reconciliation: rows and money read = used + rejected", () => {
    // read: 1234.5 + 500 + 0 (#N/A) + 300 + 200 + 2234.5 + 100 + 12000 = 16569
    // used: 1234.5 + 500 + 100 + 12000 = 13834.5; rejected: 300 + 200 + 2234.5 = 2734.5
    expect(result.reconciliation).toEqual([
      {
        sheet: "零售数据",
        kind: "sell-out",
        rowsRead: 8,
        rowsUsed: 4,
        rowsRejected: 4,
        valueRead: 16569,
        valueUsed: 13834.5,
        valueRejected: 2734.5,
        blankRows: 1,
      },
    ]);
  });

  test("used rows are typed: codes keep leading zeros, money and periods are read", () => {
    const rows = tableRowsOf(result, "sell-out");
    expect(rows.map((r) => [r.row, r.text.sku, r.num.value, r.num.units])).toEqual([
      [4, "0012", 1234.5, 10],
      [5, "0013", 500, 5],
      [11, "0012", 100, null],
      [12, "0014", 12000, 2],
    ]);
    expect(rows[1].num.spanStart).toBe(dayFromYmd(2026, 8, 1));
    expect(rows[1].num.spanEnd).toBe(dayFromYmd(2026, 8, 31));
  });
});

describe("completing sell-out from Products and Settings", () => {
  const products = sheet("Products", [
    ["SKU", "Product name", "Manufacturer", "Category", "Segment", "Pack size"],
    ["A1", "Acme Cream 100g", "Acme", "Biscuits", "Cream", "100g"],
  ]);
  const sellOut = sheet("Sales", [
    ["Store", "SKU", "Date", "Sales value"],
    ["S1", "A1", "2026-07-03", 10],
    ["S1", "ZZ", "2026-07-03", 7],
  ]);

  test("without a retailer column and without a default retailer, the sheet is refused", () => {
    const r = ingest(products, sellOut);
    expect(r.issues.map(where)).toContainEqual({ sheet: "Sales", row: null, column: null, code: "no-retailer", severity: "error" });
    expect(r.tables["sell-out"]).toBeUndefined();
    // Refused whole, but not dropped silently: both rows are counted as rejected with their money.
    expect(r.reconciliation.find((x) => x.sheet === "Sales")).toMatchObject({
      rowsRead: 2,
      rowsUsed: 0,
      rowsRejected: 2,
      valueRead: 17,
      valueRejected: 7 + 10,
    });
  });

  test("the default retailer of Settings, and manufacturer/category from Products", () => {
    const r = ingest(
      sheet("Settings", [
        ["Retailer", "Carrefour"],
        ["Own company", "Acme"],
      ]),
      products,
      sellOut,
    );
    const rows = tableRowsOf(r, "sell-out");
    expect(rows.map((x) => [x.text.retailer, x.text.manufacturer, x.text.category, x.text.segment])).toEqual([["Carrefour", "Acme", "Biscuits", "Cream"]]);
    expect(r.issues.map(where)).toEqual([{ sheet: "Sales", row: 3, column: null, code: "unknown-manufacturer", severity: "error" }]);
    expect(r.reconciliation[1]).toMatchObject({ rowsRead: 2, rowsUsed: 1, rowsRejected: 1, valueRead: 17, valueUsed: 10, valueRejected: 7 });
    expect(r.products.get("A1")!.pack).toEqual({ amount: 0.1, base: "kg" });
  });
});

describe("Settings", () => {
  test("known keys in English or Chinese; unknown keys and bad values are reported", () => {
    const r = ingest(
      sheet("设置", [
        ["设置项", "值"],
        ["本公司", "日出食品"],
        ["币种", "cny"],
        ["财年起始月", 13],
        ["价格走廊", "90-110"],
        ["资金成本", "5%"],
        ["语言", "中文"],
        ["颜色", "blue"],
      ]),
    );
    expect(r.settings).toMatchObject({
      ourCompany: "日出食品",
      currency: "CNY",
      fiscalYearStartMonth: 1,
      corridorLow: 90,
      corridorHigh: 110,
      costOfCapital: 0.05,
      language: "zh",
    });
    expect(r.issues.map(where)).toEqual([
      { sheet: "设置", row: 4, column: "B", code: "settings-bad-value", severity: "warning" },
      { sheet: "设置", row: 8, column: "A", code: "settings-unknown-key", severity: "warning" },
      { sheet: null, row: null, column: null, code: "no-sell-out", severity: "error" },
    ]);
  });
});

describe("sheets that cannot be used say why", () => {
  test("a sheet missing a required column, an unknown sheet, an empty sheet", () => {
    const r = ingest(
      sheet("Notes", [["call the buyer"]]),
      sheet("Empty", []),
      sheet("Deductions", [
        ["Date", "Deduction", "Reference"],
        ["2026-07-01", "DM fee", "D1"],
      ]),
    );
    expect(r.issues.map(where)).toEqual([
      { sheet: "Notes", row: null, column: null, code: "sheet-not-recognised", severity: "info" },
      { sheet: "Empty", row: null, column: null, code: "sheet-empty", severity: "info" },
      { sheet: "Deductions", row: 1, column: null, code: "missing-required-column", severity: "error" },
      { sheet: null, row: null, column: null, code: "no-sell-out", severity: "error" },
    ]);
    expect(r.reconciliation).toEqual([
      {
        sheet: "Deductions",
        kind: "deductions",
        rowsRead: 1,
        rowsUsed: 0,
        rowsRejected: 1,
        valueRead: null,
        valueUsed: null,
        valueRejected: null,
        blankRows: 0,
      },
    ]);
    expect(issueMessage(r.issues[2], "en")).toBe(
      'Sheet Deductions looks like deductions but has no column for amount. Add a column headed "Amount / 扣款金额" or map an existing column to it; the sheet was not used.',
    );
  });
});

describe("coercions inside ingestion", () => {
  test("serial dates, text dates, ambiguous dates, rates as bare numbers", () => {
    const r = ingest(
      sheet("Terms", [
        ["Retailer", "Term", "Rate", "Valid from", "Valid to"],
        ["Carrefour", "Invoice discount", 3, 46023, "2026/12/31"],
        ["Carrefour", "DC fee", "2%", "4/5/2026", "2026年12月31日"],
      ]),
    );
    const rows = tableRowsOf(r, "trade-terms");
    expect(rows.map((x) => [x.num.rate, x.num.validFrom, x.num.validTo])).toEqual([
      [0.03, dayFromYmd(2026, 1, 1), dayFromYmd(2026, 12, 31)],
      [0.02, dayFromYmd(2026, 4, 5), dayFromYmd(2026, 12, 31)],
    ]);
    expect(r.issues.map(where)).toEqual([
      { sheet: "Terms", row: 2, column: "C", code: "percent-assumed", severity: "info" },
      { sheet: "Terms", row: 3, column: "D", code: "date-ambiguous", severity: "warning" },
      { sheet: null, row: null, column: null, code: "no-sell-out", severity: "error" },
    ]);
  });

  test("a date in a period column stands for its month; yyyymm numbers are months", () => {
    const r = ingest(
      sheet("Sell-out", [
        ["Retailer", "SKU", "Manufacturer", "Category", "Month", "Sales value"],
        ["R", "1", "M", "C", new Date(Date.UTC(2026, 6, 1)), 1],
        ["R", "1", "M", "C", 202608, 1],
      ]),
    );
    const rows = tableRowsOf(r, "sell-out");
    expect(rows.map((x) => [x.num.spanStart, x.num.spanEnd])).toEqual([
      [dayFromYmd(2026, 7, 1), dayFromYmd(2026, 7, 31)],
      [dayFromYmd(2026, 8, 1), dayFromYmd(2026, 8, 31)],
    ]);
  });

  test("total rows in English are caught, a product called 'Total Care' is not", () => {
    const r = ingest(
      sheet("Sell-out", [
        ["Retailer", "SKU", "Product", "Manufacturer", "Category", "Month", "Sales value"],
        ["R", "1", "Total Care Toothpaste", "M", "C", "2026-07", 5],
        ["Grand Total", null, null, null, null, null, 5],
        ["Total:", null, null, null, null, null, 5],
      ]),
    );
    expect(r.issues.filter((i) => i.code === "subtotal-row").map((i) => i.row)).toEqual([3, 4]);
    expect(r.reconciliation[0]).toMatchObject({ rowsUsed: 1, rowsRejected: 2, valueRead: 15, valueUsed: 5, valueRejected: 10 });
  });

  test("a million identical problems are listed up to a limit and counted after it", () => {
    const rows: (string | number)[][] = [["Retailer", "SKU", "Manufacturer", "Category", "Month", "Sales value"]];
    for (let i = 0; i < 30; i++) rows.push(["R", "1", "M", "C", "2026-07", "n/a"]);
    const r = ingest(sheet("Sell-out", rows));
    const notNumbers = r.issues.filter((i) => i.code === "not-a-number");
    expect(notNumbers).toHaveLength(ISSUES_LISTED_PER_KIND);
    const more = r.issues.find((i) => i.code === "more-like-this")!;
    expect(where(more)).toEqual({ sheet: "Sell-out", row: null, column: "F", code: "more-like-this", severity: "error" });
    expect(more.params.count).toBe(30 - ISSUES_LISTED_PER_KIND);
    expect(r.reconciliation[0]).toMatchObject({ rowsRead: 30, rowsUsed: 0, rowsRejected: 30 });
  });
});

describe("more coercion cases with their exact issues", () => {
  test("a required date that cannot be read, a fiscal label without a fiscal start, an unreadable flag", () => {
    const r = ingest(
      sheet("Sell-out", [
        ["Retailer", "SKU", "Manufacturer", "Category", "Date", "Sales value", "Promo"],
        ["R", "1", "M", "C", "31/31/2026", 5, "Y"], // 2: not a date -> rejected
        ["R", "1", "M", "C", "2026-07-01", 5, "maybe"], // 3: flag unreadable -> used, promo empty
      ]),
      sheet("Sell-in", [
        ["Period", "Retailer", "SKU", "Gross value"],
        ["FY2027-Q1", "R", "1", 100], // 2: fiscal label, no fiscal start in Settings: calendar, with a warning
      ]),
    );
    expect(r.issues.map(where)).toEqual([
      { sheet: "Sell-out", row: 2, column: "E", code: "not-a-date", severity: "error" },
      { sheet: "Sell-out", row: 3, column: "G", code: "not-a-flag", severity: "warning" },
      { sheet: "Sell-in", row: 2, column: "A", code: "fiscal-assumed", severity: "warning" },
    ]);
    expect(r.reconciliation.map((x) => [x.sheet, x.rowsUsed, x.rowsRejected, x.valueRejected])).toEqual([
      ["Sell-out", 1, 1, 5],
      ["Sell-in", 1, 0, 0],
    ]);
  });

  test("numbers with currency marks, separators, 万 and negatives in parentheses add up in the reconciliation", () => {
    const r = ingest(
      sheet("Sell-out", [
        ["Retailer", "SKU", "Manufacturer", "Category", "Month", "Sales value"],
        ["R", "1", "M", "C", "2026-07", "RMB 1,000.50"],
        ["R", "1", "M", "C", "2026-07", "￥2,000"],
        ["R", "1", "M", "C", "2026-07", "0.3万"],
        ["R", "1", "M", "C", "2026-07", "(500)"],
        ["R", "1", "M", "C", "2026-07", "１００"],
      ]),
    );
    // 1000.50 + 2000 + 3000 − 500 + 100 = 5600.50
    expect(r.issues).toEqual([]);
    expect(r.reconciliation[0]).toMatchObject({ rowsRead: 5, rowsUsed: 5, valueRead: 5600.5, valueUsed: 5600.5, valueRejected: 0 });
  });
});

describe("reading each distinct text once per column", () => {
  test("a repeated cell still gets its issue on every row, and full-width totals are still caught", () => {
    const r = ingest(
      sheet("Sell-out", [
        ["Retailer", "SKU", "Manufacturer", "Category", "Date", "Sales value"],
        ["R", "1", "M", "C", "4/5/2026", 5],
        ["R", "1", "M", "C", "4/5/2026", 6],
        ["R", "1", "M", "C", "2026-07-01", "n/a"],
        ["R", "1", "M", "C", "2026-07-01", "n/a"],
        ["ＧＲＡＮＤ ＴＯＴＡＬ", null, null, null, null, 11],
      ]),
    );
    expect(r.issues.map(where)).toEqual([
      { sheet: "Sell-out", row: 2, column: "E", code: "date-ambiguous", severity: "warning" },
      { sheet: "Sell-out", row: 3, column: "E", code: "date-ambiguous", severity: "warning" },
      { sheet: "Sell-out", row: 4, column: "F", code: "not-a-number", severity: "error" },
      { sheet: "Sell-out", row: 5, column: "F", code: "not-a-number", severity: "error" },
      { sheet: "Sell-out", row: 6, column: null, code: "subtotal-row", severity: "info" },
    ]);
    expect(r.reconciliation[0]).toMatchObject({ rowsRead: 5, rowsUsed: 2, rowsRejected: 3, valueRead: 22, valueUsed: 11, valueRejected: 11 });
  });
});
