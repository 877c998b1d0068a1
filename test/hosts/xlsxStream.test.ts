/**
 * The streaming .xlsx reader against ExcelJS's in-memory reader: the same grids from every corpus
 * file and from the sample (values, Dates, errors, merged cells, hidden rows, 1904 dates), and the
 * same ingestion when a big sheet is streamed in blocks instead of held.
 */
import { promises as fs } from "fs";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { RawCell, SheetGrid, SheetOverride, ingestStored, ingestWorkbook } from "../../src/engine";
import { tableRows } from "../../src/engine/core/table";
import { workbookToGrids } from "./exceljsGrids";
import fc from "fast-check";
import { XlsxWorkbook, decimal, isDateFormat, readSheetGrid, xlsxToGrids, xmlDecode } from "../../src/hosts/xlsx/xlsxStream";
import { ingestXlsx, storeXlsx } from "../../src/hosts/xlsx/ingestFile";
import { CASES } from "../corpus/cases";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");

/** Rows compared as Excel shows them: trailing empty cells and trailing empty rows do not count. */
function shown(g: SheetGrid): RawCell[][] {
  const rows = g.rows.map((r) => {
    const out = (r ?? []).map((c) => (c === undefined ? null : c));
    while (out.length && out[out.length - 1] === null) out.pop();
    return out;
  });
  while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
  return rows;
}

/** A corpus case as the .xlsx ExcelJS writes for it. */
async function corpusBytes(c: (typeof CASES)[number]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  c.build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function both(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return { exceljs: workbookToGrids(wb), ours: xlsxToGrids(new Uint8Array(bytes)) };
}

function expectSameGrids(a: ReturnType<typeof workbookToGrids>, b: ReturnType<typeof workbookToGrids>): void {
  expect(b.sheets.map((s) => s.name)).toEqual(a.sheets.map((s) => s.name));
  expect(Boolean(b.date1904)).toBe(Boolean(a.date1904));
  a.sheets.forEach((s, i) => {
    expect(shown(b.sheets[i])).toEqual(shown(s));
    expect(b.sheets[i].hiddenRows ?? []).toEqual(s.hiddenRows ?? []);
  });
}

describe("the same grids as ExcelJS", () => {
  test("the sample workbook (53,007 rows over 12 sheets)", async () => {
    const { exceljs, ours } = await both(await fs.readFile(SAMPLE));
    expectSameGrids(exceljs, ours);
  }, 60_000);

  // ExcelJS's reader (saxes) refuses this one: its file carries characters XML forbids, as other
  // tools write them; our reader reads it, and the engine removes them (test/corpus/robustness.ts).
  const EXCELJS_CANNOT_READ = new Set(["r8-forbidden-characters"]);
  test.each(CASES.filter((c) => !EXCELJS_CANNOT_READ.has(c.id)).map((c) => [c.id, c] as const))(
    "corpus %s",
    async (_id, c) => {
      const { exceljs, ours } = await both(Buffer.from(await corpusBytes(c)));
      expectSameGrids(exceljs, ours);
    },
    60_000,
  );
});

describe("streamed in blocks, ingestion is the same as from a held grid", () => {
  test("the sample, with every sheet streamed (small-sheet threshold 0)", async () => {
    const bytes = new Uint8Array(await fs.readFile(SAMPLE));
    const held = ingestWorkbook(xlsxToGrids(bytes));
    const streamed = ingestXlsx(bytes, {}, { holdBelowBytes: 0, blockRows: 997 }).input;
    expect(streamed.issues).toEqual(held.issues);
    expect(streamed.reconciliation).toEqual(held.reconciliation);
    expect(streamed.detections).toEqual(held.detections);
    for (const [kind, t] of Object.entries(held.tables)) {
      const s = streamed.tables[kind as keyof typeof held.tables]!;
      expect(s.n).toBe(t.n);
      expect(s.rowNumber).toEqual(t.rowNumber);
      const texts = (col: { codes: Int32Array; dict: string[] }) => Array.from(col.codes, (c) => (c < 0 ? null : col.dict[c]));
      for (const f of Object.keys(t.text)) expect(texts(s.text[f])).toEqual(texts(t.text[f]));
      for (const f of Object.keys(t.num)) expect(s.num[f].values).toEqual(t.num[f].values);
    }
  }, 60_000);

  test("merged cells in a streamed sheet's data are reported, not silently read as blanks", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sell-out");
    ws.addRow(["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Sales value"]);
    for (let i = 0; i < 300; i++) ws.addRow(["Carrefour", `S${i % 7}`, "690001", "Sunrise Foods", "Biscuits", "2026-07", 10 + i]);
    ws.mergeCells("A100:A120");
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = ingestXlsx(bytes, {}, { holdBelowBytes: 0, blockRows: 50 });
    const issue = r.input.issues.find((i) => i.code === "merged-cells-streamed");
    expect(issue).toMatchObject({ sheet: "Sell-out", severity: "warning" });
    expect(issue!.params).toMatchObject({ ranges: "A100:A120", count: 1 });
  });
});

describe("stores (every column encoded, as the pane's worker keeps a workbook) resolve as the grids do", () => {
  const same = (a: ReturnType<typeof ingestWorkbook>, b: ReturnType<typeof ingestWorkbook>) => {
    expect(b.issues).toEqual(a.issues);
    expect(b.reconciliation).toEqual(a.reconciliation);
    expect(b.detections).toEqual(a.detections);
    expect(Object.keys(b.tables)).toEqual(Object.keys(a.tables));
    for (const [kind, t] of Object.entries(a.tables)) expect(tableRows(b.tables[kind as keyof typeof a.tables]!)).toEqual(tableRows(t));
  };

  test("the sample, read whole and streamed, under a changed mapping too", async () => {
    const bytes = new Uint8Array(await fs.readFile(SAMPLE));
    const grids = xlsxToGrids(bytes);
    const streamed = storeXlsx(bytes, { holdBelowBytes: 0, blockRows: 1009 });
    const whole = storeXlsx(bytes);
    const choices: Array<Record<string, SheetOverride>> = [{}, { 商品: { columns: { F: null } } }, { "Sell-out 2024-2025": { kind: "ignore" } }];
    for (const overrides of choices) {
      const held = ingestWorkbook(grids, { overrides });
      same(held, ingestStored(whole.sheets, { overrides }, whole.date1904));
      same(held, ingestStored(streamed.sheets, { overrides }, streamed.date1904));
    }
  }, 60_000);

  test.each(CASES.map((c) => [c.id, c] as const))(
    "corpus %s",
    async (_id, c) => {
      const bytes = await corpusBytes(c);
      const stored = storeXlsx(bytes);
      same(ingestWorkbook(xlsxToGrids(bytes)), ingestStored(stored.sheets, {}, stored.date1904));
    },
    60_000,
  );
});

test("parts written with a namespace prefix (<x:row>, as the OpenXML SDK writes them) read the same", async () => {
  const bytes = await fs.readFile(SAMPLE);
  const zip = await JSZip.loadAsync(bytes);
  const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/(worksheets\/sheet\d+|sharedStrings|workbook|styles)\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async("string");
    const prefixed = xml.replace(/<(\/?)([A-Za-z]\w*)(?=[\s>/])/g, "<$1x:$2").replace(`xmlns="${MAIN}"`, `xmlns:x="${MAIN}"`);
    expect(prefixed).toContain("<x:");
    zip.file(name, prefixed);
  }
  const rewritten = new Uint8Array(await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
  const a = xlsxToGrids(new Uint8Array(bytes));
  const b = xlsxToGrids(rewritten);
  expect(b.sheets.map((g) => g.name)).toEqual(a.sheets.map((g) => g.name));
  a.sheets.forEach((g, i) => expect(shown(b.sheets[i])).toEqual(shown(g)));
  expect(a.sheets.reduce((n, g) => n + g.rows.length, 0)).toBeGreaterThan(50_000);
}, 60_000);

describe("pieces", () => {
  test("XML text and date formats", () => {
    expect(xmlDecode("a &amp; b &lt;c&gt; &#20013;&#x6587; &quot;q&quot;")).toBe('a & b <c> 中文 "q"');
    expect(isDateFormat("yyyy-mm-dd")).toBe(true);
    expect(isDateFormat('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat("#,##0.00")).toBe(false);
    expect(isDateFormat('[Red]0.0"days"')).toBe(false);
  });

  test("numbers read in place are parseFloat's to the bit", () => {
    const same = (s: string) => expect(Object.is(decimal(s, 0, s.length), parseFloat(s))).toBe(true);
    for (const s of [
      "0",
      "-0",
      "510.6",
      "0.1",
      "1.50",
      "007",
      "-12.345",
      "123456789012345",
      "1234567890123456789",
      "1e5",
      "2.5E-3",
      ".",
      "-",
      "",
      " 12",
      "0.0000000000000000000000001",
      "9007199254740993",
    ])
      same(s);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => same(String(x))),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 8 }), (m, k) => same((m / 10 ** k).toFixed(k))),
      { numRuns: 5000 },
    );
  });

  test("a sheet's rows come in order with their Excel row numbers", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("S");
    ws.getCell("B2").value = "x";
    ws.getCell("D5").value = 3;
    ws.getRow(5).hidden = true;
    const x = new XlsxWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()));
    const seen: Array<[number, RawCell[]]> = [];
    const end = x.readSheet(0, (r, cells) => {
      seen.push([r, cells]);
    });
    expect(seen).toEqual([
      [2, [null, "x"]],
      [5, [null, null, null, 3]],
    ]);
    expect(end.hiddenRows).toEqual([5]);
    expect(readSheetGrid(x, 0).rows.length).toBe(5);
    expect(x.firstRows(0, 3).rows).toEqual([[], [null, "x"]]);
  });
});
