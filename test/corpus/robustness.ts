/**
 * Corpus cases from what users' own files did to the engine (issue: never drop or double-count a real
 * row in silence). Each builds the shape a real workbook has, through ExcelJS and the file reader, and
 * states the figure a person expects or the exact issue. Named r-NN after the issue's numbered cases.
 */
import ExcelJS from "exceljs";
import type { Issue } from "../../src/engine";
import { expectEqual, settings } from "./build";
import type { CaseResult, CorpusCase } from "./cases";

type Row = ExcelJS.CellValue[];
const HEADER = ["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Units", "Sales value"];

function base(): Row[] {
  return [
    ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 10, 300],
    ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2026-08", 10, 700],
    ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2025-07", 10, 200],
    ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2025-08", 10, 800],
    ["Walmart", "W1", "A1", "Acme", "Biscuits", "2026-09", 10, 100],
    ["Walmart", "W1", "C1", "Rival", "Biscuits", "2026-09", 10, 100],
  ];
}

function sheetOf(wb: ExcelJS.Workbook, name: string, header: Row, rows: Row[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return ws;
}

function reviewOf(r: CaseResult) {
  if (!r.review || !r.review.ok) throw new Error(`no review: ${JSON.stringify(r.review && !r.review.ok ? r.review.issues.map((i) => i.code) : null)}`);
  return r.review.review;
}
const codes = (issues: Issue[], code: string) => issues.filter((i) => i.code === code);
const rec = (r: CaseResult, sheet = "Sell-out") => r.input.reconciliation.find((x) => x.sheet === sheet)!;

export const ROBUSTNESS_CASES: CorpusCase[] = [
  {
    id: "r2-retailer-spellings",
    why: "Terms and targets for 家乐福(中国), deductions for 家樂福 (traditional), sell-out rows as 家樂福, CARREFOUR（中国） and Carrefour China Co., Ltd.: one retailer; a name matching none is a warning with the closest ones.",
    build(wb) {
      settings(wb);
      sheetOf(wb, "Sell-out", HEADER, [
        ...base(),
        ["家樂福", "S2", "A1", "Acme", "Biscuits", "2026-07", 1, 50],
        ["CARREFOUR（中国）", "S3", "A1", "Acme", "Biscuits", "2026-08", 1, 40],
        ["Carrefour China Co., Ltd.", "S4", "C1", "Rival", "Biscuits", "2026-09", 1, 10],
      ]);
      sheetOf(
        wb,
        "Trade terms",
        ["Retailer", "Term", "Basis", "Rate", "Amount", "Condition", "Valid from", "Valid to"],
        [["家乐福(中国)", "Invoice discount 票折", "gross", "3%", null, null, "2026-01-01", "2026-12-31"]],
      );
      sheetOf(wb, "出货数据", ["日期", "零售商", "条码", "数量", "出厂价", "出货金额"], [["2026-07-05", "家樂福", "A1", 100, 5, 500]]);
      sheetOf(wb, "扣款明细", ["日期", "零售商", "扣款项目", "扣款金额"], [["2026-07-25", "家樂福", "票折", 15]]);
      sheetOf(wb, "Targets", ["Retailer", "KPI", "Period", "Target"], [["家乐福(中国)", "Sales value", "2026-Q3", 300]]);
      sheetOf(wb, "Actions", ["Retailer", "Action", "Status"], [["Carefour", "Second facing", "Open"]]);
    },
    check(r) {
      const review = reviewOf(r);
      expectEqual(review.marketShare.total.ourValue, 300 + 50 + 40, "ours: every spelling of Carrefour");
      expectEqual(review.marketShare.total.categoryValue, 1000 + 50 + 40 + 10, "category");
      expectEqual(review.tradeTerms?.terms.length ?? 0, 1, "the contract's term, written 家乐福(中国)");
      expectEqual(review.tradeTerms!.grossSales, 500, "sell-in written 家樂福");
      expectEqual(review.scorecard.length, 1, "the target written 家乐福(中国)");
      expectEqual(codes(review.issues, "retailer-spellings-joined").length, 1, "the sell-out's spellings named");
      // The terms and targets' spelling is said; 家樂福 on the deductions and sell-in is a sell-out spelling already.
      expectEqual(
        codes(review.issues, "retailer-spelling-joined").map((i) => [i.sheet, i.params.written]),
        [
          ["Trade terms", "家乐福(中国)"],
          ["Targets", "家乐福(中国)"],
        ],
        "other sheets' spellings",
      );
      expectEqual(review.tradeTerms!.chargesTotal, 15, "the deduction written 家樂福");
      const unmatched = codes(review.issues, "retailer-unmatched");
      expectEqual(
        unmatched.map((i) => [i.sheet, i.params.written, String(i.params.closest).split(", ")[0]]),
        [["Actions", "Carefour", "Carrefour"]],
        "a misspelt name: warned, closest first",
      );
    },
  },
  {
    id: "r2-retailer-alias-setting",
    why: "A spelling no list knows ('CRF北京'), joined by the user's own alias in Settings.",
    build(wb) {
      settings(wb, [["Retailer aliases", "CRF北京=Carrefour"]]);
      sheetOf(wb, "Sell-out", HEADER, [...base(), ["CRF北京", "S9", "A1", "Acme", "Biscuits", "2026-07", 1, 100]]);
    },
    check(r) {
      expectEqual(reviewOf(r).marketShare.total.ourValue, 400, "ours with the alias");
    },
  },
  {
    id: "r3-total-words-in-real-rows",
    why: "A segment 'Total Care', a store 'Total Mall 2', a maker 'Total Foods', 合计 in a note and in a side table: ordinary rows, all used.",
    build(wb) {
      settings(wb);
      const ws = sheetOf(
        wb,
        "Sell-out",
        [...HEADER, "Segment", "Note"],
        [
          ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 10, 300, "Total Care", "本月合计促销"],
          ["Carrefour", "Total Mall 2", "C1", "Total Foods", "Biscuits", "2026-08", 10, 700, "Cookies", null],
          ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2025-07", 10, 200, "Total Care", null],
          ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2025-08", 10, 800, "Cookies", null],
        ],
      );
      // A side table two columns right of the data, as people keep one.
      ws.getCell("L1").value = "合计";
      ws.getCell("M1").value = 1000;
    },
    check(r) {
      expectEqual(codes(r.input.issues, "subtotal-row").length, 0, "no row taken for a total");
      expectEqual([rec(r).rowsUsed, rec(r).valueUsed], [4, 2000], "all rows and money used");
      expectEqual(reviewOf(r).marketShare.total.categoryValue, 1000, "category value");
    },
  },
  {
    id: "r3-subtotal-by-shape",
    why: "A 'Total' row with SKU and store equal to the rows above is a subtotal; a 'Subtotal' row that does not add up is a warning and is used.",
    build(wb) {
      settings(wb);
      sheetOf(wb, "Sell-out", HEADER, [
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 10, 300],
        ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2026-08", 10, 700],
        ["Total", "S1", "C1", "Rival", "Biscuits", "2026-08", 20, 1000],
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2025-07", 10, 200],
        ["Carrefour", "Subtotal", "C1", "Rival", "Biscuits", "2025-08", 10, 800],
      ]);
    },
    check(r) {
      expectEqual(
        codes(r.input.issues, "subtotal-row").map((i) => i.row),
        [4],
        "the row equal to the rows above",
      );
      expectEqual(
        codes(r.input.issues, "total-label-in-data").map((i) => [i.row, i.column, i.severity]),
        [[6, "B", "warning"]],
        "the row that does not add up",
      );
      expectEqual([rec(r).rowsUsed, rec(r).valueUsed, rec(r).valueRejected], [4, 2000, 1000], "reconciled");
    },
  },
  {
    id: "r4-copied-sheets",
    why: "A visible copy 'Sell-out (2)', a hidden and a very hidden backup of the sell-out: every figure counted once, each copy named in a warning, hidden sheets said so.",
    build(wb) {
      settings(wb);
      sheetOf(wb, "Sell-out", HEADER, base());
      sheetOf(wb, "Sell-out (2)", HEADER, base());
      sheetOf(wb, "Backup", HEADER, base().slice(0, 4)).state = "hidden";
      sheetOf(wb, "Old", HEADER, base()).state = "veryHidden";
    },
    check(r) {
      const review = reviewOf(r);
      expectEqual(review.marketShare.total.categoryValue, 1000, "category value, once");
      expectEqual(review.marketShare.total.valueShare, 0.3, "share");
      expectEqual(
        codes(r.input.issues, "sheet-repeats-rows").map((i) => [i.sheet, i.params.other, i.params.count]),
        [
          ["Sell-out (2)", "Sell-out", 6],
          ["Backup", "Sell-out", 4],
          ["Old", "Sell-out", 6],
        ],
        "each copy named",
      );
      expectEqual(
        codes(r.input.issues, "sheet-hidden").map((i) => [i.sheet, i.params.state]),
        [
          ["Backup", "hidden"],
          ["Old", "veryHidden"],
        ],
        "hidden",
      );
      expectEqual(
        r.input.detections.filter((d) => d.hidden).map((d) => d.sheet),
        ["Backup", "Old"],
        "flagged for Sources",
      );
      expectEqual(
        [rec(r, "Sell-out (2)").rowsUsed, rec(r, "Sell-out (2)").rowsRejected, rec(r, "Sell-out (2)").valueRejected],
        [0, 6, 2200],
        "the copy's rows rejected",
      );
    },
  },
  {
    id: "r4-overlapping-exports",
    why: "Two exports whose months overlap (2025-07..2026-07 and 2026-07..2026-09): the overlapping rows are counted once.",
    build(wb) {
      settings(wb);
      const rows = base();
      sheetOf(wb, "Export 1", HEADER, [rows[0], rows[2], rows[3]]);
      sheetOf(wb, "Export 2", HEADER, [rows[0], rows[1], rows[4], rows[5]]);
    },
    check(r) {
      expectEqual(reviewOf(r).marketShare.total.categoryValue, 1000, "category value");
      expectEqual(
        codes(r.input.issues, "sheet-repeats-rows").map((i) => i.params.count),
        [1],
        "one repeated row",
      );
    },
  },
  {
    id: "r5-two-row-header-merged",
    why: "Header cells merged down two rows and 'Sales' merged over Units | Value: read as one header per column, not as Settings.",
    build(wb) {
      settings(wb);
      const ws = wb.addWorksheet("Sell-out");
      ws.addRow(["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Sales", null]);
      ws.addRow([null, null, null, null, null, null, "Units", "Value"]);
      for (const c of ["A", "B", "C", "D", "E", "F"]) ws.mergeCells(`${c}1:${c}2`);
      ws.mergeCells("G1:H1");
      for (const row of base()) ws.addRow(row);
    },
    check(r) {
      const d = r.input.detections.find((x) => x.sheet === "Sell-out")!;
      expectEqual([d.kind, d.headerRow], ["sell-out", 2], "a sell-out with its header on row 2");
      expectEqual(codes(r.input.issues, "settings-unknown-key").length, 0, "no bogus settings");
      expectEqual(reviewOf(r).marketShare.total.categoryValue, 1000, "value, not units");
      expectEqual(reviewOf(r).marketShare.total.ourVolume, 10, "units");
    },
  },
  {
    id: "r5-two-row-header-grouped",
    why: "'Sales' over Units | Value without vertical merges (the cells below the other headers empty): units are not summed as money.",
    build(wb) {
      settings(wb);
      const ws = wb.addWorksheet("Sell-out");
      ws.addRow(["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Sales", null]);
      ws.addRow([null, null, null, null, null, null, "Units", "Value"]);
      ws.mergeCells("G1:H1");
      for (const row of base()) ws.addRow(row);
    },
    check(r) {
      const d = r.input.detections.find((x) => x.sheet === "Sell-out")!;
      expectEqual(
        d.columns.filter((c) => c.field).map((c) => [c.column, c.field]),
        [
          ["A", "retailer"],
          ["B", "store"],
          ["C", "sku"],
          ["D", "manufacturer"],
          ["E", "category"],
          ["F", "period"],
          ["G", "units"],
          ["H", "value"],
        ],
        "mapping",
      );
      expectEqual([rec(r).rowsUsed, rec(r).valueUsed], [6, 2200], "money from Value");
    },
  },
  {
    id: "r6-store-codes-lost-zeros",
    why: "Store codes 1, 2 in Stores and '001', '002' in the sell-out: the same stores (ND is not 0).",
    build(wb) {
      settings(wb);
      sheetOf(
        wb,
        "Stores",
        ["Store", "Retailer"],
        [
          [1, "Carrefour"],
          [2, "Carrefour"],
        ],
      );
      sheetOf(wb, "Sell-out", HEADER, [
        ["Carrefour", "001", "A1", "Acme", "Biscuits", "2026-07", 10, 300],
        ["Carrefour", "002", "C1", "Rival", "Biscuits", "2026-08", 10, 700],
        ["Carrefour", "001", "A1", "Acme", "Biscuits", "2025-07", 10, 200],
        ["Carrefour", "002", "C1", "Rival", "Biscuits", "2025-08", 10, 800],
      ]);
    },
    check(r) {
      const a1 = reviewOf(r).assortment.skus.find((s) => s.sku === "A1")!;
      expectEqual(a1.numericDistribution, 0.5, "A1 sells in 1 of the 2 stores");
      expectEqual(codes(r.input.issues, "store-leading-zeros").length, 4, "each matched code said");
    },
  },
  {
    id: "r6-sku-as-float",
    why: "A SKU written 6901234500001.0 in some rows (a number pasted through a float) and 6.901234500001E+12 in another: one SKU, its prior not 0.",
    build(wb) {
      settings(wb);
      sheetOf(wb, "Sell-out", HEADER, [
        ["Carrefour", "S1", "6901234500001", "Acme", "Biscuits", "2026-07", 10, 300],
        ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2026-08", 10, 700],
        ["Carrefour", "S1", "6901234500001.0", "Acme", "Biscuits", "2025-07", 10, 150],
        ["Carrefour", "S1", "6.901234500001E+12", "Acme", "Biscuits", "2025-08", 10, 50],
        ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2025-08", 10, 800],
      ]);
    },
    check(r) {
      const skus = reviewOf(r).assortment.skus.filter((s) => s.sku.startsWith("69"));
      expectEqual(
        skus.map((s) => [s.sku, s.value, s.valuePrior]),
        [["6901234500001", 300, 200]],
        "one SKU with its prior",
      );
      expectEqual(
        codes(r.input.issues, "code-float-form").map((i) => i.params.written),
        ["6901234500001.0", "6.901234500001E+12"],
        "said",
      );
    },
  },
  {
    id: "r7-numbers-read-right",
    why: "A month typed as the number 2026.07, '0,500' units, a 400-digit number: the first and last are errors on their cells, '0,500' is 0.5.",
    build(wb) {
      settings(wb);
      sheetOf(wb, "Sell-out", HEADER, [
        ...base(),
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", 2026.07, 1, 5],
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", "0,500", 5],
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 1, "9".repeat(400)],
      ]);
    },
    check(r) {
      expectEqual(
        r.input.issues.filter((i) => i.severity === "error").map((i) => [i.row, i.column, i.code]),
        [
          [8, "F", "not-a-period"],
          [10, "H", "not-a-number"],
        ],
        "errors on their cells",
      );
      const t = reviewOf(r).marketShare.total;
      expectEqual([t.ourValue, t.categoryValue, t.ourVolume], [305, 1005, 10.5], "finite totals, 0,500 = 0.5");
    },
  },
  {
    id: "r7-lone-far-row",
    why: "One mistyped row dated 2062-09 among data that ends 2026-09: the default period stays 2026-Q3, a warning names the row.",
    build(wb) {
      settings(wb);
      sheetOf(wb, "Sell-out", HEADER, [...base(), ...base(), ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2062-09", 1, 1]]);
    },
    review: false,
    check(r) {
      // The default period, as the command line and the pane choose it.

      const { runReview } = require("../../src/engine") as typeof import("../../src/engine");
      const res = runReview(r.input, { retailer: "Carrefour" });
      if (!res.ok) throw new Error("no review");
      expectEqual(res.review.context.P.key, "2026-Q3", "default period");
      expectEqual(
        codes(res.review.issues, "far-dated-rows").map((i) => [i.sheet, i.row, i.params.count]),
        [["Sell-out", 14, 1]],
        "named",
      );
    },
  },
  {
    id: "r7-term-dates-reversed",
    why: "A trade term whose valid-from is after its valid-to: an error on its row, not a term that vanishes.",
    build(wb) {
      settings(wb);
      sheetOf(wb, "Sell-out", HEADER, base());
      sheetOf(
        wb,
        "Trade terms",
        ["Retailer", "Term", "Basis", "Rate", "Amount", "Condition", "Valid from", "Valid to"],
        [
          ["Carrefour", "Invoice discount 票折", "gross", "3%", null, null, "2026-12-31", "2026-01-01"],
          ["Carrefour", "Year-end rebate 年终返利", "invoice", "2%", null, null, "2026-01-01", "2026-12-31"],
        ],
      );
    },
    check(r) {
      expectEqual(
        codes(reviewOf(r).issues, "term-dates-reversed").map((i) => [i.sheet, i.row, i.severity]),
        [["Trade terms", 2, "error"]],
        "the reversed row",
      );
    },
  },
  {
    id: "r8-forbidden-characters",
    why: "U+FFFE and control characters pasted into a product name: removed (and said) so the review's XML stays valid.",
    build(wb) {
      settings(wb);
      sheetOf(
        wb,
        "Sell-out",
        ["Retailer", "Store", "SKU", "Product", "Manufacturer", "Category", "Month", "Units", "Sales value"],
        base().map((x) => [...x.slice(0, 3), x[2] === "A1" ? "Sunny\uFFFE Cookies\u0007" : "Rival cookies", ...x.slice(3)]),
      );
    },
    check(r) {
      expectEqual(r.input.tables["sell-out"]!.text.productName.dict.includes("Sunny Cookies"), true, "cleaned text");
      expectEqual(codes(r.input.issues, "text-chars-removed").length > 0, true, "said");
    },
  },
  {
    id: "r8-no-own-company",
    why: "No own company anywhere: no review (0.0 % shares would be read as a fact), and the reason.",
    build(wb) {
      sheetOf(wb, "Sell-out", HEADER, base());
    },
    check(r) {
      if (!r.review || r.review.ok) throw new Error("a review was produced");
      expectEqual(
        r.review.issues.filter((i) => i.severity === "error").map((i) => i.code),
        ["no-own-company"],
        "the reason",
      );
    },
  },
  {
    id: "r24-undecodable-retailer",
    why: "A sheet pasted from a CSV read in the wrong encoding: 家乐福 became U+FFFD. Those rows are an error each (text-undecodable, row and column), never a retailer of their own, nor the Settings default retailer.",
    build(wb) {
      settings(wb, [["Retailer", "Carrefour"]]);
      sheetOf(wb, "Sell-out", HEADER, [...base(), ["\uFFFD\uFFFD\uFFFD", "S1", "A1", "Acme", "Biscuits", "2026-09", 5, 51394]]);
    },
    check(r) {
      expectEqual(
        codes(r.input.issues, "text-undecodable").map((i) => [i.row, i.column, i.severity]),
        [[8, "A", "error"]],
        "the issue",
      );
      expectEqual(rec(r).valueRejected, 51394, "left out, counted as rejected");
      expectEqual(
        r.input.tables["sell-out"]!.text.retailer.dict.some((x) => x.includes("\uFFFD")),
        false,
        "no retailer named �",
      );
    },
  },
  {
    id: "r24-decimal-comma-text",
    why: "A German portal's export pasted as text: values 15.625,00 and units 1.250 (1,250). The units follow the sheet's decimal comma instead of reading as 1.25.",
    build(wb) {
      settings(wb);
      sheetOf(wb, "Sell-out", HEADER, [
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", "1.250", "15.625,00"],
        ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2026-08", "10", "700,50"],
      ]);
    },
    review: false,
    check(r) {
      const t = r.input.tables["sell-out"]!;
      expectEqual(Array.from(t.num.units.values), [1250, 10], "units");
      expectEqual(Array.from(t.num.value.values), [15625, 700.5], "values");
      expectEqual(codes(r.input.issues, "decimal-mark-assumed").length, 0, "decided, not assumed");
    },
  },
  {
    id: "r24-week-after-year",
    why: "Retail weeks written with the year after the week, Wk 05 FY2027 and Week 5 FY27, on a 4-5-4 calendar: read as FY27 Wk5 (2026-03-01..03-07), not refused as month formats.",
    build(wb) {
      settings(wb, [
        ["Calendar", "4-5-4"],
        ["Retail year end", "Saturday nearest 01-31"],
      ]);
      sheetOf(
        wb,
        "Sell-out",
        ["Retailer", "Store", "SKU", "Manufacturer", "Category", "Fiscal week", "Sales value"],
        [
          ["Carrefour", "S1", "A1", "Acme", "Biscuits", "Wk 05 FY2027", 100],
          ["Carrefour", "S1", "C1", "Rival", "Biscuits", "Week 5 FY27", 300],
        ],
      );
    },
    review: false,
    check(r) {
      expectEqual(rec(r).rowsUsed, 2, "both rows used");
      expectEqual(
        r.input.issues.filter((i) => i.severity === "error").map((i) => i.code),
        [],
        "no error",
      );
    },
  },
];
