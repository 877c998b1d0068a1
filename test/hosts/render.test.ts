/**
 * The review workbook read back: by ExcelJS (sheets, tables, formats, conditional formats, print
 * setup), by unzipping (chart parts and their series ranges), and by LibreOffice, an independent
 * reader that must turn it into a PDF (installed by .ci/run; skipped only where it is absent locally).
 */
import { execFileSync } from "child_process";
import { existsSync, promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { IngestResult, composeReview, ingestWorkbook, runReview } from "../../src/engine";
import { readWorkbookFile } from "../../src/hosts/xlsx/file";
import { reviewFileBytes } from "../../src/hosts/xlsx/reviewFile";
import { rangeRef } from "../../src/hosts/xlsx/charts";
import { TablePlacement } from "../../src/hosts/xlsx/render";
import { INTERNAL_SHEETS_EN, ingest, sheet } from "../helpers";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");
let input: IngestResult;
let tmp: string;
beforeAll(async () => {
  input = ingestWorkbook(await readWorkbookFile(SAMPLE));
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-review-render-"));
}, 30_000);
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function render(retailer: string, opts: { period?: string; audience?: "internal" | "retailer"; lang?: "en" | "zh" } = {}) {
  const res = runReview(input, { retailer, period: opts.period });
  if (!res.ok) throw new Error("review failed");
  const model = composeReview(res.review, { lang: opts.lang ?? "en", audience: opts.audience ?? "internal", today: new Date(Date.UTC(2026, 10, 30)) });
  const out = await reviewFileBytes(model);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(out.bytes.buffer.slice(out.bytes.byteOffset, out.bytes.byteOffset + out.bytes.byteLength) as ArrayBuffer);
  return { bytes: out.bytes, tables: out.rendered.tables, charts: out.rendered.charts, wb, zip: await JSZip.loadAsync(out.bytes), review: res.review };
}

describe("the internal review of Carrefour", () => {
  let r: Awaited<ReturnType<typeof render>>;
  beforeAll(async () => {
    r = await render("Carrefour");
  }, 30_000);

  test("one sheet per section, in the layout's order", () => {
    expect(r.wb.worksheets.map((w) => w.name)).toEqual(INTERNAL_SHEETS_EN);
  });

  test("native tables with their headers, number formats and frozen headers", () => {
    const ms = r.wb.getWorksheet("Market share")!;
    const tables = (ms as unknown as { getTables(): Array<{ table: { name: string; tableRef: string } }> }).getTables().map((t) => t.table);
    expect(tables.map((t) => [t.name, t.tableRef])).toEqual([
      ["KA_marketShare_shares", "A22:P30"],
      ["KA_marketShare_shareTrend", "R22:U30"],
    ]);
    expect(ms.getCell("A22").value).toBe("Level");
    expect(ms.getCell("A23").value).toBe("Total");
    expect(ms.getCell("D23").numFmt).toBe('"¥"#,##0.00;("¥"#,##0.00)');
    expect(ms.getCell("F23").numFmt).toBe("0.0%");
    expect(ms.getCell("H23").numFmt).toBe('+0.0" pp";-0.0" pp";0.0" pp"');
    expect(ms.getCell("O23").numFmt).toBe("0");
    expect(ms.getCell("D23").value).toBe(r.review.marketShare.total.ourValue);
    const sku = r.wb.getWorksheet("SKU mix")!;
    expect(sku.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(r.wb.getWorksheet("Action plan")!.views[0]).toMatchObject({ state: "frozen", ySplit: 5 });
  });

  test("conditional formats: traffic lights, data bars, corridor colours, overdue rows", () => {
    type Cf = { ref: string; rules: Array<{ type: string }> };
    const cf = (name: string) =>
      (r.wb.getWorksheet(name) as unknown as { conditionalFormattings: Cf[] }).conditionalFormattings.map((c) => [c.ref, c.rules.map((x) => x.type)]);
    expect(cf("Cover")).toEqual([["G10:G15", ["expression", "expression", "expression"]]]);
    expect(cf("SKU mix")).toEqual([["G23:G47", ["dataBar"]]]);
    expect(cf("Price position")[0][0]).toBe("L23:L47");
    expect(cf("Action plan")).toEqual([["A6:H7", ["expression"]]]);
    expect(cf("Deductions check")[0][1]).toEqual(expect.arrayContaining(["expression"]));
  });

  test("print setup: landscape, one page wide, header rows repeated, footers (internal ones marked)", () => {
    for (const ws of r.wb.worksheets) {
      expect([ws.name, ws.pageSetup.orientation, ws.pageSetup.fitToWidth, ws.pageSetup.fitToHeight]).toEqual([ws.name, "landscape", 1, 0]);
    }
    expect(r.wb.getWorksheet("Market share")!.pageSetup.printTitlesRow).toBe("22:22");
    expect(r.wb.getWorksheet("Cover")!.headerFooter.oddFooter).toBe("&LCarrefour · 2026-Q3&C&R&P / &N");
    expect(r.wb.getWorksheet("Trade terms")!.headerFooter.oddFooter).toBe("&LCarrefour · 2026-Q3&CInternal – not for the retailer&R&P / &N");
  });

  test("four native charts, each series pointing at its table's cells", async () => {
    const charts = Object.keys(r.zip.files)
      .filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))
      .sort();
    expect(charts).toHaveLength(4);
    const types = await Promise.all(charts.map(async (f) => /<c:(lineChart|barChart)>/.exec(await r.zip.file(f)!.async("string"))![1]));
    expect(types).toEqual(["lineChart", "barChart", "barChart", "barChart"]);
    const at = (sheet: string, tableId: string) => r.tables.find((t: TablePlacement) => t.sheet === sheet && t.tableId === tableId)!;
    const refs = async (f: string) => [...(await r.zip.file(f)!.async("string")).matchAll(/<c:f>([^<]+)<\/c:f>/g)].map((m) => m[1].replace(/&apos;/g, "'"));
    // Share trend: categories = Period column, values = Value share column of the trend table.
    const trend = at("Market share", "shareTrend");
    const n = r.review.shareTrend.length;
    expect(await refs(charts[0])).toEqual([
      rangeRef("Market share", trend.firstColumn + 3, trend.headerRow),
      rangeRef("Market share", trend.firstColumn, trend.headerRow + 1, trend.headerRow + n),
      rangeRef("Market share", trend.firstColumn + 3, trend.headerRow + 1, trend.headerRow + n),
    ]);
    // Pareto: value columns and the cumulative line, one point per SKU.
    const skus = at("SKU mix", "skus");
    const k = r.review.assortment.skus.length;
    expect(await refs(charts[1])).toEqual([
      rangeRef("SKU mix", skus.firstColumn + 4, skus.headerRow),
      rangeRef("SKU mix", skus.firstColumn + 1, skus.headerRow + 1, skus.headerRow + k),
      rangeRef("SKU mix", skus.firstColumn + 4, skus.headerRow + 1, skus.headerRow + k),
      rangeRef("SKU mix", skus.firstColumn + 7, skus.headerRow),
      rangeRef("SKU mix", skus.firstColumn + 1, skus.headerRow + 1, skus.headerRow + k),
      rangeRef("SKU mix", skus.firstColumn + 7, skus.headerRow + 1, skus.headerRow + k),
    ]);
    expect(await r.zip.file(charts[3])!.async("string")).toContain('<c:grouping val="stacked"/>');
    const types2 = await r.zip.file("[Content_Types].xml")!.async("string");
    expect(types2.match(/drawingml\.chart\+xml/g)).toHaveLength(4);
  });

  test("no formula and no external link anywhere in the file", () => {
    const names = Object.keys(r.zip.files);
    expect(names.filter((f) => /externalLink/i.test(f))).toEqual([]);
    return Promise.all(
      names
        .filter((f) => f.startsWith("xl/worksheets/sheet"))
        .map(async (f) => expect([f, /<f[ >]/.test(await r.zip.file(f)!.async("string"))]).toEqual([f, false])),
    );
  });
});

describe("layout is the same every period", () => {
  test("2026-Q2 and 2026-Q3: same sheets, table positions and headers", async () => {
    const q3 = await render("Carrefour", { period: "2026-Q3" });
    const q2 = await render("Carrefour", { period: "2026-Q2" });
    const layout = (x: typeof q3) => x.tables.map((t) => [t.sheet, t.tableId, t.headerRow, t.firstColumn, t.columns]);
    expect(layout(q2)).toEqual(layout(q3));
    expect(q2.wb.worksheets.map((w) => w.name)).toEqual(q3.wb.worksheets.map((w) => w.name));
    expect(q2.charts.map((c) => [c.sheet, c.from, c.to])).toEqual(q3.charts.map((c) => [c.sheet, c.from, c.to]));
  }, 60_000);
});

describe("text from the data is never a formula", () => {
  test("=HYPERLINK, +1, -2+3, @SUM come back as text cells", async () => {
    const names = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)"];
    const data = ingest(
      sheet("Settings", [["Own company", "Acme"]]),
      sheet("Products", [["SKU", "Product name", "Manufacturer", "Category"], ...names.map((n, i) => [`P${i}`, n, "Acme", "Biscuits"])]),
      sheet("Sell-out", [["Retailer", "Store", "SKU", "Month", "Sales value"], ...names.map((_, i) => ["Carrefour", "S1", `P${i}`, "2026-07", 100 - i])]),
    );
    const res = runReview(data, { retailer: "Carrefour", period: "2026-Q3" });
    if (!res.ok) throw new Error("failed");
    const { bytes } = await reviewFileBytes(composeReview(res.review, { lang: "en", audience: "retailer" }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const ws = wb.getWorksheet("SKU mix")!;
    const products = [23, 24, 25, 26].map((row) => ws.getCell(row, 3));
    expect(products.map((c) => c.value)).toEqual(names);
    expect(products.map((c) => c.type)).toEqual(names.map(() => ExcelJS.ValueType.String));
    expect(products.map((c) => c.numFmt)).toEqual(names.map(() => "@"));
    const zip = await JSZip.loadAsync(bytes);
    for (const f of Object.keys(zip.files).filter((x) => x.startsWith("xl/worksheets/sheet")))
      expect(/<f[ >]/.test(await zip.file(f)!.async("string"))).toBe(false);
  });
});

const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));
const needLibreOffice = process.env.CI === "true";

describe("an independent reader: LibreOffice", () => {
  (soffice || needLibreOffice ? test : test.skip)(
    "converts the internal review and the retailer copy to PDF, charts and all",
    async () => {
      for (const audience of ["internal", "retailer"] as const) {
        const { bytes } = await render("RT-Mart", { audience, lang: audience === "retailer" ? "zh" : "en" });
        const file = path.join(tmp, `${audience}.xlsx`);
        await fs.writeFile(file, bytes);
        execFileSync(soffice ?? "soffice", ["--headless", "--convert-to", "pdf", "--outdir", tmp, file], { timeout: 120_000, stdio: "pipe" });
        const pdf = path.join(tmp, `${audience}.pdf`);
        const head = (await fs.readFile(pdf)).subarray(0, 5).toString();
        expect(head).toBe("%PDF-");
        const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf]).toString())![1]);
        expect(pages).toBeGreaterThanOrEqual(audience === "internal" ? 10 : 6);
        const text = execFileSync("pdftotext", [pdf, "-"]).toString();
        if (audience === "internal") {
          expect(text).toContain("Waterfall: gross to net-net"); // the waterfall chart's title, drawn by LibreOffice
          expect(text).toContain("RT-Mart × Sunrise Foods");
        } else {
          expect(text).toContain("市场份额");
          expect(text).not.toContain("贸易条款");
        }
      }
    },
    240_000,
  );
  (soffice || needLibreOffice ? test : test.skip)(
    "converts the weekly sample's Promo evaluation (en and zh) with its charts",
    async () => {
      const { ingestWorkbook, runReview, composeReview } = await import("../../src/engine");
      const { readWorkbookFile } = await import("../../src/hosts/xlsx/file");
      const { reviewFileBytes } = await import("../../src/hosts/xlsx/reviewFile");
      const res = runReview(ingestWorkbook(await readWorkbookFile(path.join(__dirname, "../../assets/sample-weekly.xlsx"))), { retailer: "Walmart" });
      if (!res.ok) throw new Error("failed");
      for (const [lang, audience, heading, chart] of [
        ["en", "internal", "Promo evaluation · Walmart · FY2027-Q2", "weekly units against the baseline"],
        ["zh", "retailer", "促销评估 · Walmart · FY2027-Q2", "每周销量与基线"],
      ] as const) {
        const file = path.join(tmp, `weekly-${lang}.xlsx`);
        await fs.writeFile(file, (await reviewFileBytes(composeReview(res.review, { lang, audience }))).bytes);
        execFileSync(soffice ?? "soffice", ["--headless", "--convert-to", "pdf", "--outdir", tmp, file], { timeout: 120_000, stdio: "pipe" });
        const text = execFileSync("pdftotext", [path.join(tmp, `weekly-${lang}.pdf`), "-"]).toString();
        expect(text).toContain(heading);
        // Two table titles and two chart titles (drawn by LibreOffice from the chart parts).
        expect(text.split(chart).length - 1).toBeGreaterThanOrEqual(4);
        if (audience === "retailer") expect(text).not.toContain("ROI");
        else expect(text).toContain("ROI (÷ cost, break-even 1.0)");
      }
    },
    240_000,
  );
});

describe("sheet names obey Excel's rules", () => {
  test("31 characters at most, no []:*?/\\, unique", async () => {
    const { safeSheetName } = await import("../../src/hosts/xlsx/render");
    const taken = new Set<string>();
    expect(safeSheetName("Price [index]: a/b?*", taken)).toBe("Price  index   a b");
    expect(safeSheetName("A very long section title that does not fit", taken)).toBe("A very long section title that ");
    expect(safeSheetName("A very long section title that does not fit", taken)).toBe("A very long section title t (2)");
    expect(safeSheetName("'quoted'", taken)).toBe("quoted");
    for (const name of taken) expect(name.length).toBeLessThanOrEqual(31);
  });
});

describe("every chart's series point at the cells of the table it plots", () => {
  test("for all four charts of the internal review", async () => {
    const r = await render("Walmart");
    const charts = Object.keys(r.zip.files)
      .filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))
      .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    expect(charts).toHaveLength(r.charts.length);
    for (const [i, p] of r.charts.entries()) {
      const xml = await r.zip.file(charts[i])!.async("string");
      const refs = [...xml.matchAll(/<c:f>([^<]+)<\/c:f>/g)].map((m) => m[1].replace(/&apos;/g, "'"));
      const expected = p.series.flatMap((s) => [
        rangeRef(p.sheet, s.headerCell.col, s.headerCell.row),
        rangeRef(p.sheet, p.categories.col, p.categories.firstRow, p.categories.lastRow),
        rangeRef(p.sheet, s.col, s.firstRow, s.lastRow),
      ]);
      expect([p.spec.id, refs]).toEqual([p.spec.id, expected]);
      // The placement is the table: its header cell holds the series name, its rows hold the values.
      const ws = r.wb.getWorksheet(p.sheet)!;
      for (const s of p.series) {
        expect(ws.getCell(s.headerCell.row, s.headerCell.col).value).toBe(s.name);
        expect(s.values.map((_, k) => ws.getCell(s.firstRow + k, s.col).value ?? null)).toEqual(s.values);
      }
    }
    expect(r.charts.map((c) => c.spec.type)).toEqual(["line", "pareto", "bar", "waterfall"]);
  }, 30_000);
});
