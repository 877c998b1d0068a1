/**
 * The two renderers cannot drift: the same review, written into Excel through Office.js (the recording
 * fake) and written as a file (read back with ExcelJS and by unzipping its chart parts), gives the
 * same cells and number formats, the same looks (font, bold, italic, size, colour, fill, wrap,
 * alignment), table names and ranges, conditional formats, merges, column widths and row heights,
 * chart series, marks, frozen rows, tab colours and print setup. Both take every decision from
 * engine/review/layout.ts; this test is what keeps it so.
 */
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { IngestResult, ReviewModel, columnLetter, composeReview, ingestWorkbook, runReview } from "../../src/engine";
import { strings } from "../../src/i18n";
import { officeActions } from "../../src/hosts/office/actions";
import { widthPoints, writeReview } from "../../src/hosts/office/writeReview";
import { renderTemplateWorkbook } from "../../src/hosts/xlsx/template";
import { readWorkbookFile } from "../../src/hosts/xlsx/file";
import { reviewFileBytes } from "../../src/hosts/xlsx/reviewFile";
import { SheetState, WriteFake, fakeSettings } from "./fakeExcelWrite";

type Look = {
  font: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  size: number;
  color: string;
  fill: string;
  wrap: boolean;
  right: boolean;
  top: boolean;
};
interface SheetView {
  cells: Record<string, { value: string | number; numFmt: string; look: Look }>;
  tables: string[];
  rules: string[];
  merges: string[];
  widths: Record<number, number>;
  heights: Record<number, number>;
  charts: string[];
  frozen: number | null;
  tab: string;
  page: string;
}

const rgb = (c: string | undefined) =>
  (c ?? "")
    .replace(/^#/, "")
    .replace(/^FF(?=[0-9A-F]{6}$)/i, "")
    .toUpperCase();

/** The Office.js side: what the add-in told the fake Excel, per sheet. */
function officeView(s: SheetState, names: Array<{ name: string; sheet: SheetState }>): SheetView & { mark: string[] } {
  const cells: SheetView["cells"] = {};
  for (const [k, c] of s.cells) {
    const [r, col] = k.split(",").map(Number);
    const link = [...s.hyperlinks].find(([a]) => a === `${columnLetter(col)}${r}`)?.[1];
    const value = link ? link.textToDisplay : c.value;
    if (value === "" || typeof value === "boolean") continue;
    const l = c.look;
    cells[`${columnLetter(col)}${r}`] = {
      value,
      numFmt: link ? "General" : c.format,
      look: {
        font: l.font ?? "",
        bold: !!l.bold,
        italic: !!l.italic,
        underline: !!l.underline,
        size: l.size ?? 11,
        color: rgb(l.color),
        fill: rgb(l.fill),
        wrap: !!l.wrap,
        right: l.horizontal === "Right",
        top: l.vertical === "Top",
      },
    };
  }
  return {
    cells,
    tables: s.tables.map((t) => `${t.name} ${t.range} ${t.style}`),
    rules: s.conditionalFormats.map((c) =>
      c.type === "DataBar" ? `${c.range} data-bar ${rgb(c.barColor)}` : `${c.range} fill-when ${c.formula!.replace(/^=/, "")} ${rgb(c.fill)}`,
    ),
    merges: s.merges,
    widths: Object.fromEntries(s.columnWidths),
    heights: Object.fromEntries(s.rowHeights),
    charts: s.charts.map((c) => `${c.title}: ${c.series.map((x) => `${x.name} = ${x.values} by ${x.categories}`).join("; ")}`),
    frozen: s.frozenRows,
    tab: rgb(s.tabColor ?? ""),
    page: `${s.page.orientation} ${s.page.paperSize} ${s.page.printTitleRows ?? ""} | ${s.page.leftHeader} | ${s.page.leftFooter} | ${s.page.centerFooter} | ${s.page.rightFooter}`,
    mark: names.filter((n) => n.sheet === s).map((n) => n.name),
  };
}

/** Chart series from the file's chart parts: "title: name = D23:D30 by A23:A30; …", per sheet. */
async function fileCharts(zip: JSZip): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const local = (f: string) => f.replace(/^'.*'!/, "").replace(/\$/g, "");
  const sheetOf = (f: string) => /^'(.*)'!/.exec(f)![1].replace(/''/g, "'");
  const unescape = (s: string) =>
    s
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  const parts = Object.keys(zip.files)
    .filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  for (const part of parts) {
    const xml = await zip.file(part)!.async("string");
    const title = unescape(/<c:title>.*?<a:t>(.*?)<\/a:t>/.exec(xml)![1]);
    const series = [...xml.matchAll(/<c:ser>(.*?)<\/c:ser>/g)].map((m) => {
      const f = [...m[1].matchAll(/<c:f>(.*?)<\/c:f>/g)].map((x) => unescape(x[1]));
      const name = unescape(/<c:tx>.*?<c:v>(.*?)<\/c:v>/.exec(m[1])![1]);
      return { sheet: sheetOf(f[0]), text: `${name} = ${local(f[2])} by ${local(f[1])}` };
    });
    const sheet = series[0].sheet;
    out.set(sheet, [...(out.get(sheet) ?? []), `${title}: ${series.map((x) => x.text).join("; ")}`]);
  }
  return out;
}

/** The file side: the same facts read back from the .xlsx. */
async function fileViews(bytes: Uint8Array): Promise<Map<string, SheetView & { mark: string[] }>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const charts = await fileCharts(await JSZip.loadAsync(bytes));
  const marks = (wb.definedNames as unknown as { model: Array<{ name: string; ranges: string[] }> }).model;
  const views = new Map<string, SheetView & { mark: string[] }>();
  for (const ws of wb.worksheets) {
    const cells: SheetView["cells"] = {};
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (c) => {
        if (c.isMerged && c.master !== c) return; // ExcelJS repeats a merged range's value in each of its cells
        const raw = c.value as ExcelJS.CellValue;
        const value = raw && typeof raw === "object" && "text" in raw ? String((raw as { text: unknown }).text) : (raw as string | number | null);
        if (value === null || value === "") return;
        const f = c.font ?? {};
        const fill = c.fill && c.fill.type === "pattern" ? (c.fill.fgColor?.argb ?? "") : "";
        cells[c.address] = {
          value,
          numFmt: c.numFmt ?? "General",
          look: {
            font: f.name ?? "",
            bold: !!f.bold,
            italic: !!f.italic,
            underline: !!f.underline,
            size: f.size ?? 11,
            color: rgb(f.color?.argb),
            fill: rgb(fill),
            wrap: !!c.alignment?.wrapText,
            right: c.alignment?.horizontal === "right",
            top: c.alignment?.vertical === "top",
          },
        };
      }),
    );
    const cf = (ws as unknown as { conditionalFormattings: Array<{ ref: string; rules: Array<Record<string, unknown>> }> }).conditionalFormattings;
    const rules = cf
      .flatMap((c) => c.rules.map((r) => ({ ref: c.ref, r })))
      .sort((a, b) => (a.r.priority as number) - (b.r.priority as number))
      .map(({ ref, r }) =>
        r.type === "dataBar"
          ? `${ref} data-bar ${rgb((r.color as { argb: string }).argb)}`
          : `${ref} fill-when ${(r.formulae as string[])[0]} ${rgb((r.style as { fill: { fgColor: { argb: string } } }).fill.fgColor.argb)}`,
      );
    const widths: Record<number, number> = {};
    for (let i = 1; i <= ws.columnCount; i++) if (ws.getColumn(i).width) widths[i] = widthPoints(ws.getColumn(i).width!);
    const heights: Record<number, number> = {};
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      if (row.height) heights[n] = row.height;
    });
    const ps = ws.pageSetup;
    const hf = ws.headerFooter.oddFooter ?? "";
    const [, left, center, right] = /^&L(.*)&C(.*)&R(.*)$/.exec(hf) ?? [];
    const tables = (ws as unknown as { getTables(): Array<{ table: { name: string; tableRef: string; style: { theme: string } } }> })
      .getTables()
      .map((t) => `${t.table.name} ${t.table.tableRef} ${t.table.style.theme}`);
    views.set(ws.name, {
      cells,
      tables,
      rules,
      merges: (ws.model as unknown as { merges: string[] }).merges,
      widths,
      heights,
      charts: charts.get(ws.name) ?? [],
      frozen: (ws.views[0] as { ySplit?: number }).ySplit ?? null,
      tab: rgb(ws.properties.tabColor?.argb),
      page: `${ps.orientation === "landscape" ? "Landscape" : ps.orientation} ${ps.paperSize === 9 ? "A4" : ps.paperSize} ${ps.printTitlesRow ? `$${ps.printTitlesRow.replace(":", ":$")}` : ""} | ${(ws.headerFooter.oddHeader ?? "").replace(/^&L/, "")} | ${left} | ${center} | ${right}`,
      mark: marks.filter((m) => m.ranges.some((r) => r.replace(/'/g, "").startsWith(`${ws.name}!`))).map((m) => m.name),
    });
  }
  return views;
}

let input: IngestResult;
let weekly: IngestResult;
beforeAll(async () => {
  input = ingestWorkbook(await readWorkbookFile(path.join(__dirname, "../../assets/sample-account.xlsx")));
  // The weekly 4-5-4 sample: its Promo evaluation sheet (a table band below, line charts) in both renderers.
  weekly = ingestWorkbook(await readWorkbookFile(path.join(__dirname, "../../assets/sample-weekly.xlsx")));
}, 60_000);

async function both(model: ReviewModel) {
  const fake = new WriteFake([]);
  fake.install();
  const written = await writeReview(model, { settings: fakeSettings(), isSetSupported: () => true });
  const office = new Map(fake.sheets.map((s) => [s.name, officeView(s, fake.names)]));
  const file = await fileViews((await reviewFileBytes(model)).bytes);
  return { written, office, file };
}

describe.each([
  ["Carrefour", "en", "internal"],
  ["RT-Mart", "zh", "internal"],
  ["Walmart", "en", "retailer"],
  ["Walmart (weekly)", "zh", "internal"],
  ["Walmart (weekly)", "en", "retailer"],
] as const)("%s, %s, %s: Office.js and the file show the same review", (retailer, lang, audience) => {
  let r: Awaited<ReturnType<typeof both>>;
  beforeAll(async () => {
    const res = retailer === "Walmart (weekly)" ? runReview(weekly, { retailer: "Walmart" }) : runReview(input, { retailer });
    if (!res.ok) throw new Error("review failed");
    r = await both(composeReview(res.review, { lang, audience, today: new Date(Date.UTC(2026, 11, 1)) }));
  }, 60_000);

  test("the same sheets, in the same order", () => {
    expect(r.written).toEqual([...r.file.keys()]);
    // The weekly sample's reviews carry the Promo evaluation sheet after Price position.
    if (retailer === "Walmart (weekly)") expect(r.written[4]).toBe(lang === "zh" ? "促销评估" : "Promo evaluation");
  });

  test.each(["cells", "tables", "rules", "merges", "widths", "heights", "charts", "frozen", "tab", "page", "mark"] as const)(
    "the same %s on every sheet",
    (aspect) => {
      for (const sheet of r.written) {
        const o = r.office.get(sheet)!;
        const f = r.file.get(sheet)!;
        expect({ sheet, [aspect]: o[aspect] }).toEqual({ sheet, [aspect]: f[aspect] });
      }
    },
  );

  test("the comparison is not empty: cells, tables, rules and charts were found", () => {
    const all = [...r.file.values()];
    expect(all.reduce((a, v) => a + Object.keys(v.cells).length, 0)).toBeGreaterThan(300);
    expect(all.reduce((a, v) => a + v.tables.length, 0)).toBeGreaterThan(5);
    expect(all.reduce((a, v) => a + v.rules.length, 0)).toBeGreaterThan(2);
    expect(all.reduce((a, v) => a + v.charts.length, 0)).toBeGreaterThan(2);
  });
});

describe.each(["en", "zh"] as const)("the input templates (%s): the pane in Excel writes what `ka-review template` writes", (lang) => {
  test("the same sheets, cells, bold cells, widths and frozen rows; Settings filled with the defaults", async () => {
    const fake = new WriteFake([]);
    fake.install();
    (globalThis as unknown as { Office: unknown }).Office = {
      context: { requirements: { isSetSupported: () => true }, document: { settings: fakeSettings() } },
    };
    const names = await officeActions().createTemplates(lang);
    const wb = renderTemplateWorkbook(lang);
    const file = new ExcelJS.Workbook();
    await file.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    expect(names).toEqual(file.worksheets.map((w) => w.name));
    for (const ws of file.worksheets) {
      const s = fake.sheets.find((x) => x.name === ws.name)!;
      const fileCells: string[] = [];
      ws.eachRow((row) => row.eachCell((c) => void (c.value !== "" && fileCells.push(`${c.address}=${String(c.value)}${c.font?.bold ? " bold" : ""}`))));
      const officeCells = [...s.cells]
        .filter(([, c]) => c.value !== "")
        .map(([k, c]) => {
          const [r, col] = k.split(",").map(Number);
          return `${columnLetter(col)}${r}=${String(c.value)}${c.look.bold ? " bold" : ""}`;
        });
      expect({ sheet: ws.name, cells: officeCells.sort() }).toEqual({ sheet: ws.name, cells: fileCells.sort() });
      const widths = Object.fromEntries([...Array(ws.columnCount).keys()].map((i) => [i + 1, widthPoints(ws.getColumn(i + 1).width!)]));
      expect(Object.fromEntries(s.columnWidths)).toEqual(widths);
      expect(s.frozenRows ?? 0).toBe((ws.views?.[0] as { ySplit?: number } | undefined)?.ySplit ?? 0);
    }
    const settings = fake.sheets.find((x) => x.name === strings(lang).kinds.settings)!;
    expect([...settings.cells.values()].map((c) => c.value)).toEqual(expect.arrayContaining(["CNY", 1, "95-105", 0.04]));
  });
});
