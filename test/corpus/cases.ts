/**
 * The corpus of bad and awkward inputs (issue: reliability). Each case builds a real .xlsx with
 * ExcelJS — so the file reader is part of every test — says why it is there, and states its exact
 * outcome: the figures, or the issue with sheet, row, column and code. `npm run corpus` writes the
 * files to out/corpus/ for a person to open; test/corpus/corpus.test.ts runs them.
 */
import ExcelJS from "exceljs";
import { IngestResult, ReviewResult, dayFromYmd, formatDay } from "../../src/engine";
import { expectEqual, settings } from "./build";
import { ROBUSTNESS_CASES } from "./robustness";

export interface CaseResult {
  input: IngestResult;
  /** The review of the case's retailer (Carrefour) for 2026-Q3, when the case asks for one. */
  review: ReviewResult | null;
}

export interface CorpusCase {
  id: string;
  /** Why the case exists: what real files do. */
  why: string;
  build(wb: ExcelJS.Workbook): void;
  /** Review Carrefour 2026-Q3 too (default true when the case has sell-out). */
  review?: boolean;
  check(r: CaseResult): void;
}

export const HEADER = ["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Units", "Sales value"];
type Row = ExcelJS.CellValue[];

/** A clean sell-out sheet: Carrefour and Walmart, ours (Acme) and a competitor, 2025-Q3 and 2026-Q3. */
export function baseRows(): Row[] {
  return [
    ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 10, 300],
    ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2026-08", 10, 700],
    ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2025-07", 10, 200],
    ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2025-08", 10, 800],
    ["Walmart", "W1", "A1", "Acme", "Biscuits", "2026-09", 10, 100],
    ["Walmart", "W1", "C1", "Rival", "Biscuits", "2026-09", 10, 100],
  ];
}

function sellOut(wb: ExcelJS.Workbook, rows: Row[] = baseRows(), header: Row = HEADER, name = "Sell-out"): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return ws;
}

const issuesOf = (r: CaseResult, code: string) => r.input.issues.filter((i) => i.code === code).map((i) => ({ sheet: i.sheet, row: i.row, column: i.column }));
const recOf = (r: CaseResult, sheet = "Sell-out") => r.input.reconciliation.find((x) => x.sheet === sheet)!;
function ms(r: CaseResult) {
  if (!r.review || !r.review.ok) throw new Error(`no review: ${JSON.stringify(r.review && !r.review.ok ? r.review.issues.map((i) => i.code) : null)}`);
  return r.review.review.marketShare;
}
function expectClose(actual: number | null, expected: number, what: string): void {
  if (actual === null || Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(expected))) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}

/** Share of ours at Carrefour in 2026-Q3 in the clean data: 300 / 1000. */
const BASE_SHARE = 0.3;

export const CASES: CorpusCase[] = [
  // What users' own files did (issue: never drop or double-count a real row in silence): test/corpus/robustness.ts.
  ...ROBUSTNESS_CASES,
  {
    id: "01-merged-header",
    why: "Portal exports put a merged group label ('Sales') over 'Amount' and 'Qty'.",
    build(wb) {
      settings(wb);
      const ws = wb.addWorksheet("Sell-out");
      ws.addRow(["", "", "", "", "", "", "Sales", ""]);
      ws.mergeCells("G1:H1");
      ws.addRow(["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Amount", "Qty"]);
      for (const r of baseRows()) ws.addRow([...r.slice(0, 6), r[7], r[6]]);
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
          ["G", "value"],
          ["H", "units"],
        ],
        "mapping",
      );
      expectClose(ms(r).total.valueShare, BASE_SHARE, "share");
    },
  },
  {
    id: "02-two-header-rows",
    why: "Two header rows without merging: group labels above, field names below.",
    build(wb) {
      settings(wb);
      const ws = wb.addWorksheet("Sell-out");
      ws.addRow(["Account", "", "Item", "", "", "Time", "Sales", "Sales"]);
      ws.addRow(["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Qty", "Amount"]);
      for (const r of baseRows()) ws.addRow(r);
    },
    check(r) {
      expectEqual(r.input.detections.find((x) => x.sheet === "Sell-out")!.headerRow, 2, "header row");
      expectEqual(recOf(r).rowsUsed, 6, "rows used");
      expectClose(ms(r).total.valueShare, BASE_SHARE, "share");
    },
  },
  {
    id: "03-header-in-row-7",
    why: "Reports start with a title, a date line, filters and blank rows.",
    build(wb) {
      settings(wb);
      const ws = wb.addWorksheet("Report");
      ws.addRow(["POS report"]);
      ws.addRow(["Generated 2026-10-02"]);
      ws.addRow([]);
      ws.addRow(["Filter: all stores"]);
      ws.addRow([]);
      ws.addRow([]);
      ws.addRow(HEADER);
      for (const r of baseRows()) ws.addRow(r);
    },
    check(r) {
      const d = r.input.detections.find((x) => x.sheet === "Report")!;
      expectEqual([d.kind, d.headerRow], ["sell-out", 7], "kind and header row");
      expectEqual(recOf(r, "Report").rowsRead, 6, "rows read");
    },
  },
  {
    id: "04-duplicate-column-names",
    why: "Two columns both headed 'Sales value' (gross and net, say): the first is used, the second is reported.",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        baseRows().map((r) => [...r, 9999]),
        [...HEADER, "Sales value"],
      );
    },
    check(r) {
      expectEqual(issuesOf(r, "duplicate-field"), [{ sheet: "Sell-out", row: 1, column: "I" }], "duplicate issue");
      expectEqual(recOf(r).valueRead, 2200, "the first column is the money read");
    },
  },
  {
    id: "05-empty-column-name",
    why: "A column with data but no header is not silently ignored.",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        baseRows().map((r) => [...r, "note"]),
        [...HEADER, null],
      );
    },
    check(r) {
      expectEqual(issuesOf(r, "unnamed-column"), [{ sheet: "Sell-out", row: 1, column: "I" }], "unnamed column");
    },
  },
  {
    id: "06-only-headers",
    why: "An export with no rows (a filter that matched nothing).",
    review: false,
    build(wb) {
      settings(wb);
      sellOut(wb, []);
    },
    check(r) {
      expectEqual(
        r.input.issues.filter((i) => i.severity === "error").map((i) => [i.code, i.params.sheets]),
        [["no-sell-out-rows", "Sell-out"]],
        "error",
      );
      expectEqual(recOf(r).rowsRead, 0, "rows read");
    },
  },
  {
    id: "07-mixed-separators",
    why: "European and English decimal marks in one column: 1.234,56 and 1,234.56.",
    build(wb) {
      settings(wb);
      sellOut(wb, [
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 1, "1.234,56"],
        ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2026-07", 1, "1,234.56"],
      ]);
    },
    check(r) {
      expectEqual(recOf(r).valueRead, 2469.12, "value read");
      expectClose(ms(r).total.valueShare, 0.5, "share");
    },
  },
  {
    id: "08-wan-yi",
    why: "Chinese reports write 万 (10^4) and 亿 (10^8).",
    build(wb) {
      settings(wb);
      sellOut(wb, [
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 1, "1.5万"],
        ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2026-07", 1, "0.001亿"],
      ]);
    },
    check(r) {
      expectEqual(recOf(r).valueRead, 115000, "15,000 + 100,000");
      expectClose(ms(r).total.valueShare, 15000 / 115000, "share");
    },
  },
  {
    id: "09-negative-returns",
    why: "Returns appear as negative sales; they count in value, and do not make a store a selling store.",
    build(wb) {
      settings(wb);
      sellOut(wb, [
        ...baseRows(),
        ["Carrefour", "S2", "A1", "Acme", "Biscuits", "2026-08", -2, -60],
        ["Carrefour", "S2", "C1", "Rival", "Biscuits", "2026-08", 5, 100],
      ]);
    },
    check(r) {
      expectClose(ms(r).total.ourValue, 240, "ours 300 − 60");
      expectClose(ms(r).total.categoryValue, 1040, "category");
      if (!r.review?.ok) throw new Error("no review");
      expectEqual(r.review.review.assortment.skus[0].storesSelling, 1, "S2 is not selling A1");
    },
  },
  {
    id: "10-dates-as-text",
    why: "Five text date styles in one Date column.",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        ["2026-07-05", "2026/7/5", "2026年7月5日", "05.07.2026", "20260705"].map((d, i) => [
          "Carrefour",
          "S1",
          i === 0 ? "A1" : "C1",
          i === 0 ? "Acme" : "Rival",
          "Biscuits",
          d,
          1,
          100,
        ]),
        ["Retailer", "Store", "SKU", "Manufacturer", "Category", "Date", "Units", "Sales value"],
      );
    },
    check(r) {
      expectEqual(recOf(r).rowsUsed, 5, "rows used");
      expectClose(ms(r).total.valueShare, 0.2, "share");
    },
  },
  {
    id: "11-dates-before-1900",
    why: "Excel cannot store dates before 1900 as dates; they arrive as text and are read.",
    build(wb) {
      settings(wb);
      sellOut(wb);
      const st = wb.addWorksheet("Stores");
      st.addRow(["Store", "Retailer", "Open date"]);
      st.addRow(["S1", "Carrefour", "1899-12-31"]);
    },
    check(r) {
      const t = r.input.tables.stores!;
      expectEqual(formatDay(t.num.openDate.values[0]), "1899-12-31", "open date");
      if (!r.review?.ok) throw new Error("no review");
      expectEqual(r.review.review.assortment.universe, ["S1"], "universe");
    },
  },
  {
    id: "12-1904-date-system",
    why: "Old Mac workbooks count dates from 1904.",
    build(wb) {
      (wb.properties as { date1904?: boolean }).date1904 = true;
      settings(wb);
      const ws = sellOut(
        wb,
        baseRows().map((r) => [...r.slice(0, 5), new Date(Date.UTC(Number(String(r[5]).slice(0, 4)), Number(String(r[5]).slice(5)) - 1, 15)), r[6], r[7]]),
        ["Retailer", "Store", "SKU", "Manufacturer", "Category", "Date", "Units", "Sales value"],
      );
      ws.getColumn(6).numFmt = "yyyy-mm-dd";
    },
    check(r) {
      expectEqual(formatDay(r.input.tables["sell-out"]!.num.spanStart.values[0]), "2026-07-15", "first date");
      expectClose(ms(r).total.valueShare, BASE_SHARE, "share");
    },
  },
  {
    id: "13-na-and-div0",
    why: "Formula errors in the value column: the rows are rejected with the cell named.",
    build(wb) {
      settings(wb);
      sellOut(wb, [
        ...baseRows(),
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 1, { error: "#N/A" } as ExcelJS.CellErrorValue],
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 1, "#DIV/0!"],
      ]);
    },
    check(r) {
      expectEqual(
        issuesOf(r, "cell-error"),
        [
          { sheet: "Sell-out", row: 8, column: "H" },
          { sheet: "Sell-out", row: 9, column: "H" },
        ],
        "errors",
      );
      expectClose(ms(r).total.valueShare, BASE_SHARE, "share unchanged");
    },
  },
  {
    id: "14-formulas-with-cached-values",
    why: "Sheets computed by formulas: the cached result is what the user sees and what is read.",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        baseRows().map((r) => [...r.slice(0, 7), { formula: `G${1}*0+${r[7]}`, result: r[7] } as ExcelJS.CellFormulaValue]),
      );
    },
    check(r) {
      expectEqual(recOf(r).valueRead, 2200, "value read");
      expectClose(ms(r).total.valueShare, BASE_SHARE, "share");
    },
  },
  {
    id: "15-hidden-rows",
    why: "Hidden rows are the user's data: read, and said so.",
    build(wb) {
      settings(wb);
      const ws = sellOut(wb);
      ws.getRow(3).hidden = true;
    },
    check(r) {
      expectEqual(issuesOf(r, "hidden-rows-included"), [{ sheet: "Sell-out", row: null, column: null }], "info");
      expectEqual(recOf(r).rowsUsed, 6, "all rows used");
    },
  },
  {
    id: "16-hidden-columns",
    why: "A hidden column is still a column.",
    build(wb) {
      settings(wb);
      const ws = sellOut(wb);
      ws.getColumn(8).hidden = true;
    },
    check(r) {
      expectClose(ms(r).total.valueShare, BASE_SHARE, "share");
    },
  },
  {
    id: "17-filtered-table",
    why: "An Excel table with an autofilter hiding rows: every row counts.",
    build(wb) {
      settings(wb);
      const ws = wb.addWorksheet("Sell-out");
      ws.addTable({ name: "SellOut", ref: "A1", headerRow: true, columns: HEADER.map((h) => ({ name: String(h), filterButton: true })), rows: baseRows() });
      ws.getRow(4).hidden = true;
      ws.getRow(5).hidden = true;
    },
    check(r) {
      expectEqual(recOf(r).rowsUsed, 6, "rows used");
      expectEqual(r.input.issues.find((i) => i.code === "hidden-rows-included")?.params.count, 2, "hidden count");
    },
  },
  {
    id: "18-retailer-three-spellings",
    why: "家乐福 / Carrefour / CARREFOUR in one sheet are one retailer.",
    build(wb) {
      settings(wb);
      const rows = baseRows();
      rows[1][0] = "家乐福";
      rows[2][0] = "CARREFOUR";
      sellOut(wb, rows);
    },
    check(r) {
      if (!r.review?.ok) throw new Error("no review");
      expectEqual(
        r.review.review.context.retailers.map((x) => x.name),
        ["Carrefour", "Walmart"],
        "retailers",
      );
      expectClose(ms(r).total.valueShare, BASE_SHARE, "share");
    },
  },
  {
    id: "19-sku-leading-zeros",
    why: "Codes like 00123 lose their zeros when Excel stores them as numbers; Products keeps them.",
    build(wb) {
      settings(wb);
      const p = wb.addWorksheet("Products");
      p.addRow(["SKU", "Manufacturer", "Category"]);
      p.addRow(["00123", "Acme", "Biscuits"]);
      p.addRow(["00999", "Rival", "Biscuits"]);
      const ws = wb.addWorksheet("Sell-out");
      ws.addRow(["Retailer", "Store", "SKU", "Month", "Sales value"]);
      ws.addRow(["Carrefour", "S1", "00123", "2026-07", 100]);
      ws.addRow(["Carrefour", "S1", 123, "2026-08", 200]);
      ws.addRow(["Carrefour", "S1", 999, "2026-08", 700]);
    },
    check(r) {
      expectEqual(r.input.tables["sell-out"]!.text.sku.dict, ["00123", "00999"], "codes keep their zeros");
      expectEqual(issuesOf(r, "sku-leading-zeros").length, 2, "said so twice");
      expectClose(ms(r).total.valueShare, 0.3, "share");
    },
  },
  {
    id: "20-trailing-spaces",
    why: "'Carrefour  ' and 'Acme ' with trailing spaces are the same names.",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        baseRows().map((r) => r.map((c) => (typeof c === "string" ? `${c}  ` : c))),
      );
    },
    check(r) {
      expectClose(ms(r).total.valueShare, BASE_SHARE, "share");
    },
  },
  {
    id: "21-full-width",
    why: "Full-width letters and digits in headers and values (Chinese input methods).",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        baseRows().map((r) => [
          r[0],
          r[1],
          r[2] === "A1" ? "Ａ１" : "Ｃ１",
          r[3],
          r[4],
          r[5],
          r[6],
          `${r[7]}`.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
        ]),
        ["ＲＥＴＡＩＬＥＲ", "Ｓｔｏｒｅ", "ＳＫＵ", "Manufacturer", "Category", "Month", "Units", "ＳＡＬＥＳ　ＶＡＬＵＥ"],
      );
    },
    check(r) {
      expectEqual(r.input.tables["sell-out"]!.text.sku.dict, ["A1", "C1"], "codes folded");
      expectClose(ms(r).total.valueShare, BASE_SHARE, "share");
    },
  },
  {
    id: "22-empty-workbook",
    why: "A workbook with one empty sheet.",
    review: false,
    build(wb) {
      wb.addWorksheet("Sheet1");
    },
    check(r) {
      expectEqual(
        r.input.issues.map((i) => i.code),
        ["sheet-empty", "no-sell-out"],
        "issues",
      );
    },
  },
  {
    id: "23-only-competitor-data",
    why: "A file with no row of ours: no review (0.0 % shares would be read as a fact); the error says the own company matched nothing.",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        baseRows().filter((r) => r[3] !== "Acme"),
      );
    },
    check(r) {
      if (!r.review || r.review.ok) throw new Error("a review with no row of ours was produced");
      expectEqual(
        r.review.issues.filter((i) => i.code === "own-company-not-found").map((i) => i.severity),
        ["error"],
        "the reason, as an error",
      );
    },
  },
  {
    id: "24-no-prior-year",
    why: "A first year of data: every comparison figure is null, not a growth from zero.",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        baseRows().filter((r) => String(r[5]).startsWith("2026")),
      );
    },
    check(r) {
      const t = ms(r).total;
      expectEqual([t.valueSharePrior, t.shareChangePp, t.growthPct, t.categoryGrowthPct, t.shareOfGrowth], [null, null, null, null, null], "nulls");
    },
  },
  {
    id: "25-16384-columns",
    why: "A sheet as wide as Excel allows (A..XFD).",
    build(wb) {
      settings(wb);
      const ws = sellOut(wb);
      ws.getCell(1, 16384).value = "Note";
      ws.getCell(2, 16384).value = "x";
    },
    check(r) {
      expectEqual(issuesOf(r, "columns-not-used"), [{ sheet: "Sell-out", row: 1, column: null }], "reported");
      expectEqual(r.input.issues.find((i) => i.code === "columns-not-used")!.params.list, 'XFD "Note"', "the last column");
      expectClose(ms(r).total.valueShare, BASE_SHARE, "share");
    },
  },
  {
    id: "26-cell-32767-characters",
    why: "Excel's longest cell, in a product name.",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        baseRows().map((r) => [...r.slice(0, 3), "P".repeat(32767), ...r.slice(3)]),
        ["Retailer", "Store", "SKU", "Product", "Manufacturer", "Category", "Month", "Units", "Sales value"],
      );
    },
    check(r) {
      expectEqual(r.input.tables["sell-out"]!.text.productName.dict[0].length, 32767, "kept whole");
      expectClose(ms(r).total.valueShare, BASE_SHARE, "share");
    },
  },
  {
    id: "27-subtotal-rows",
    why: "合计 / Grand Total / 小计 rows inside the data.",
    build(wb) {
      settings(wb);
      sellOut(wb, [
        ...baseRows().slice(0, 2),
        ["合计", null, null, null, null, null, 20, 1000],
        ...baseRows().slice(2),
        ["Grand Total", null, null, null, null, null, null, 2200],
        ["华东小计", null, null, null, null, null, null, 5],
      ]);
    },
    check(r) {
      expectEqual(
        r.input.issues.filter((i) => i.code === "subtotal-row").map((i) => i.row),
        [4, 9, 10],
        "subtotal rows",
      );
      expectEqual([recOf(r).valueRejected, recOf(r).valueUsed], [3205, 2200], "money");
    },
  },
  {
    id: "28-currency-marks",
    why: "¥, ￥, RMB, CNY and $ on amounts stored as text.",
    build(wb) {
      settings(wb);
      sellOut(wb, [
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 1, "¥100"],
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 1, "RMB 100"],
        ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2026-07", 1, "￥1,000"],
        ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2026-07", 1, "CNY 600"],
        ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2026-07", 1, "$200"],
      ]);
    },
    check(r) {
      expectEqual(recOf(r).valueUsed, 2000, "read");
      expectClose(ms(r).total.valueShare, 0.1, "share");
    },
  },
  {
    id: "29-percent-in-a-money-column",
    why: "'12%' where money is expected is refused, not read as 0.12.",
    build(wb) {
      settings(wb);
      sellOut(wb, [...baseRows(), ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 1, "12%"]]);
    },
    check(r) {
      expectEqual(issuesOf(r, "not-a-number"), [{ sheet: "Sell-out", row: 8, column: "H" }], "issue");
    },
  },
  {
    id: "30-boolean-in-a-money-column",
    why: "TRUE in a value column.",
    build(wb) {
      settings(wb);
      sellOut(wb, [...baseRows(), ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 1, true]]);
    },
    check(r) {
      expectEqual(issuesOf(r, "not-a-number"), [{ sheet: "Sell-out", row: 8, column: "H" }], "issue");
    },
  },
  {
    id: "31-row-straddling-the-period",
    why: "A half-year row cannot be split into the quarter silently.",
    build(wb) {
      settings(wb);
      sellOut(wb, [...baseRows(), ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-H2", 1, 5000]]);
    },
    check(r) {
      if (!r.review?.ok) throw new Error("no review");
      expectEqual(
        r.review.review.issues.filter((i) => i.code === "straddles-period").map((i) => i.row),
        [8],
        "warning",
      );
      expectClose(ms(r).total.valueShare, BASE_SHARE, "not counted");
    },
  },
  {
    id: "32-unrecognised-sheet",
    why: "A notes sheet is reported, not guessed at.",
    build(wb) {
      settings(wb);
      sellOut(wb);
      wb.addWorksheet("Notes").addRow(["Call the buyer on Monday"]);
    },
    check(r) {
      expectEqual(issuesOf(r, "sheet-not-recognised"), [{ sheet: "Notes", row: null, column: null }], "info");
    },
  },
  {
    id: "33-missing-required-column",
    why: "A sell-out sheet without a value column cannot be used; the user is told which column to add.",
    review: false,
    build(wb) {
      settings(wb);
      const ws = wb.addWorksheet("Sell-out");
      ws.addRow(["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Units"]);
      ws.addRow(["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 1]);
    },
    check(r) {
      expectEqual(
        r.input.issues.filter((i) => i.severity === "error").map((i) => i.code),
        ["missing-required-column", "no-sell-out-rows"],
        "errors",
      );
    },
  },
  {
    id: "34-bad-setting",
    why: "A fiscal start month of 13 is refused with the row named.",
    build(wb) {
      settings(wb, [["Fiscal year start month", 13]]);
      sellOut(wb);
    },
    check(r) {
      expectEqual(issuesOf(r, "settings-bad-value"), [{ sheet: "Settings", row: 2, column: "B" }], "issue");
      expectEqual(r.input.settings.fiscalYearStartMonth, 1, "default kept");
    },
  },
  {
    id: "35-fiscal-labels",
    why: "FY2027-Q1 with a fiscal year starting in February is Feb–Apr 2026.",
    review: false,
    build(wb) {
      settings(wb, [["Fiscal year start month", 2]]);
      sellOut(wb, [["Carrefour", "S1", "A1", "Acme", "Biscuits", "FY2027-Q1", 1, 100]]);
    },
    check(r) {
      const t = r.input.tables["sell-out"]!;
      expectEqual([formatDay(t.num.spanStart.values[0]), formatDay(t.num.spanEnd.values[0])], ["2026-02-01", "2026-04-30"], "span");
    },
  },
  {
    id: "36-ambiguous-date",
    why: "4/5/2026 could be 4 May or 5 April: read month-first, and said so.",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        [...baseRows(), ["Carrefour", "S1", "A1", "Acme", "Biscuits", "4/5/2026", 1, 1]],
        ["Retailer", "Store", "SKU", "Manufacturer", "Category", "Date", "Units", "Sales value"],
      );
    },
    check(r) {
      expectEqual(issuesOf(r, "date-ambiguous"), [{ sheet: "Sell-out", row: 8, column: "F" }], "warning");
      const t = r.input.tables["sell-out"]!;
      expectEqual(t.num.spanStart.values[[...t.rowNumber].indexOf(8)], dayFromYmd(2026, 4, 5), "read as 5 April");
    },
  },
  {
    id: "37-ean-as-number",
    why: "A 13-digit EAN stored as a number is the same code as text.",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        baseRows().map((r) => [r[0], r[1], r[2] === "A1" ? 6901234567890 : "6920000000001", ...r.slice(3)]),
      );
    },
    check(r) {
      expectEqual(r.input.tables["sell-out"]!.text.sku.dict, ["6901234567890", "6920000000001"], "codes");
    },
  },
  {
    id: "38-blank-value",
    why: "A row whose value is empty is rejected with the cell named.",
    build(wb) {
      settings(wb);
      sellOut(wb, [...baseRows(), ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 1, null]]);
    },
    check(r) {
      expectEqual(issuesOf(r, "missing-value"), [{ sheet: "Sell-out", row: 8, column: "H" }], "issue");
    },
  },
  {
    id: "39-chinese-headers",
    why: "A Chinese portal export.",
    build(wb) {
      settings(wb);
      sellOut(wb, baseRows(), ["零售商", "门店", "条码", "厂家", "品类", "月份", "销量", "销售金额"], "零售数据");
    },
    check(r) {
      expectEqual(r.input.detections.find((d) => d.sheet === "零售数据")!.kind, "sell-out", "kind");
      expectClose(ms(r).total.valueShare, BASE_SHARE, "share");
    },
  },
  {
    id: "40-unknown-sku",
    why: "A sell-out without manufacturer and category columns, for a SKU that Products does not list.",
    build(wb) {
      settings(wb);
      const p = wb.addWorksheet("Products");
      p.addRow(["SKU", "Manufacturer", "Category"]);
      p.addRow(["A1", "Acme", "Biscuits"]);
      p.addRow(["C1", "Rival", "Biscuits"]);
      const ws = wb.addWorksheet("Sell-out");
      ws.addRow(["Retailer", "Store", "SKU", "Month", "Sales value"]);
      for (const r of baseRows()) ws.addRow([r[0], r[1], r[2], r[5], r[7]]);
      ws.addRow(["Carrefour", "S1", "Z9", "2026-07", 50]);
    },
    check(r) {
      expectEqual(issuesOf(r, "unknown-manufacturer"), [{ sheet: "Sell-out", row: 8, column: null }], "issue");
      expectEqual([recOf(r).valueRejected, recOf(r).rowsRejected], [50, 1], "rejected");
    },
  },
  {
    id: "41-split-sheets",
    why: "Sell-out split over two sheets (by year) gives the same figures as one.",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        baseRows().filter((r) => String(r[5]).startsWith("2025")),
        HEADER,
        "Sell-out 2025",
      );
      sellOut(
        wb,
        baseRows().filter((r) => String(r[5]).startsWith("2026")),
        HEADER,
        "Sell-out 2026",
      );
    },
    check(r) {
      const t = ms(r).total;
      expectClose(t.valueShare, BASE_SHARE, "share");
      expectClose(t.valueSharePrior, 0.2, "prior share");
    },
  },
  {
    id: "42-formula-looking-text",
    why: "A deduction note '=cmd|...' and a product '+1' stay text in the output.",
    build(wb) {
      settings(wb);
      sellOut(
        wb,
        baseRows().map((r) => [...r.slice(0, 3), r[2] === "A1" ? '=HYPERLINK("http://x","y")' : "+1", ...r.slice(3)]),
        ["Retailer", "Store", "SKU", "Product", "Manufacturer", "Category", "Month", "Units", "Sales value"],
      );
    },
    check(r) {
      expectEqual(r.input.tables["sell-out"]!.text.productName.dict, ['=HYPERLINK("http://x","y")', "+1"], "read as text");
    },
  },
  {
    id: "43-units-with-separators",
    why: "Units written '1,200' and a volume in full-width digits.",
    build(wb) {
      settings(wb);
      sellOut(wb, [
        ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", "1,200", 300],
        ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2026-07", "８００", 700],
      ]);
    },
    check(r) {
      expectEqual(ms(r).total.ourVolume, 1200, "ours");
      expectEqual(ms(r).total.categoryVolume, 2000, "category");
    },
  },
];
