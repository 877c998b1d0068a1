/**
 * The Office.js renderer against a recording fake: the review's sheets land on the layout's grid, the
 * user's sheets are never written, regenerating replaces only ours, formula-looking data stays text,
 * requests stay small, and page layout is used only where ExcelApi 1.9 is supported.
 */
import path from "path";
import { composeReview, ingestWorkbook, layoutReview, markName, runReview, ReviewModel } from "../../src/engine";
import { GENERATED_SHEETS_SETTING, writeReview } from "../../src/hosts/office/writeReview";
import { readWorkbookFile } from "../../src/hosts/xlsx/file";
import { ingest, sheet } from "../helpers";
import { WriteFake, fakeSettings } from "./fakeExcelWrite";

let model: ReviewModel;
beforeAll(async () => {
  const input = ingestWorkbook(await readWorkbookFile(path.join(__dirname, "../../assets/sample-account.xlsx")));
  const r = runReview(input, { retailer: "Carrefour" });
  if (!r.ok) throw new Error("review failed");
  model = composeReview(r.review, { lang: "en", audience: "internal" });
}, 30_000);

const userSheets = () => [
  {
    name: "零售数据2026",
    rows: [
      ["零售商", "门店", "条码"],
      ["家乐福", "CF001", "6901234500001"],
    ],
  },
  { name: "Cover", rows: [["my own cover sheet"]] },
];
const snapshot = (fake: WriteFake) => fake.sheets.filter((s) => s.user).map((s) => [s.name, s.writes, JSON.stringify([...s.cells])]);

describe("writing the review into Excel", () => {
  test("sheets on the layout's grid; the user's sheets untouched; a name clash keeps the user's sheet", async () => {
    const fake = new WriteFake(userSheets());
    fake.install();
    const before = snapshot(fake);
    const settings = fakeSettings();
    const written = await writeReview(model, { settings });
    const expected = layoutReview(model).map((l) => (l.sheet === "Cover" ? "Cover (2)" : l.sheet));
    expect(written).toEqual(expected);
    expect(snapshot(fake)).toEqual(before);
    // Every sheet of ours is marked by a workbook name on its A1; the user's sheets by none.
    expect(fake.names.map((n) => n.sheet.name)).toEqual(expected);
    expect(fake.names.map((n) => n.name)).toEqual(model.sections.map((x) => markName(x.id, "Carrefour", "2026-Q3")));
    // The market-share table's header and first row are where the file renderer puts them (A22, A23).
    const ms = fake.sheets.find((s) => s.name === "Market share")!;
    expect(ms.cells.get("22,1")).toMatchObject({ value: "Level", format: "@" });
    expect(ms.cells.get("23,1")!.value).toBe("Total");
    expect(ms.cells.get("23,4")).toMatchObject({ value: model.sections[1].tables[0].rows[0].ourValue, format: '"¥"#,##0.00;("¥"#,##0.00)' });
    expect(ms.tables.length).toBe(2);
    expect(ms.frozenRows).toBe(2);
    // One sync for the sheet list, one after deleting, one per sheet; every request far below 5 MB.
    expect(fake.syncs).toBe(2 + written.length);
    expect(Math.max(...fake.requestSizes)).toBeLessThan(5 * 1024 * 1024);
    expect(fake.injections).toEqual([]);
    expect(fake.pageLayoutTouched).toBe(false); // ExcelApi 1.7: no page layout calls
  }, 30_000);

  test("regenerating twice leaves one set of ours and the user's sheets untouched", async () => {
    const fake = new WriteFake(userSheets());
    fake.install();
    const before = snapshot(fake);
    const settings = fakeSettings();
    await writeReview(model, { settings });
    await writeReview(model, { settings });
    await writeReview(model, { settings });
    expect(fake.sheets.length).toBe(2 + model.sections.length);
    expect(snapshot(fake)).toEqual(before);
    expect(fake.names.length).toBe(model.sections.length);
    expect(settings.saved).toBe(0); // the marks live in the workbook, not in the document settings
  }, 30_000);

  test("data that looks like a formula is written as text", async () => {
    const names = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)"];
    const data = ingest(
      sheet("Settings", [["Own company", "Acme"]]),
      sheet("Products", [["SKU", "Product name", "Manufacturer", "Category"], ...names.map((n, i) => [`P${i}`, n, "Acme", "Biscuits"])]),
      sheet("Sell-out", [["Retailer", "Store", "SKU", "Month", "Sales value"], ...names.map((_, i) => ["=Carrefour", "S1", `P${i}`, "2026-07", 100 - i])]),
    );
    const res = runReview(data, { retailer: "=Carrefour", period: "2026-Q3" });
    if (!res.ok) throw new Error("failed");
    const fake = new WriteFake([]);
    fake.install();
    await writeReview(composeReview(res.review, { lang: "zh", audience: "internal" }), { settings: fakeSettings() });
    expect(fake.injections).toEqual([]);
    const sku = fake.sheets.find((s) => s.name === "单品结构")!;
    expect([23, 24, 25, 26].map((r) => sku.cells.get(`${r},3`))).toMatchObject(names.map((value) => ({ value, format: "@" })));
  });

  test("with ExcelApi 1.9, page layout is set (landscape)", async () => {
    const fake = new WriteFake([]);
    fake.install();
    await writeReview(model, { settings: fakeSettings(), isSetSupported: (_n, v) => Number(v) <= 1.9 });
    expect(fake.pageLayoutTouched).toBe(true);
    expect(fake.sheets.every((s) => s.orientation === "Landscape")).toBe(true);
  }, 30_000);

  test("cancel stops between sheets", async () => {
    const fake = new WriteFake([]);
    fake.install();
    let n = 0;
    const written = await writeReview(model, { settings: fakeSettings(), onProgress: () => n++, isCancelled: () => n >= 3 });
    expect(written.length).toBe(3);
  }, 30_000);
});

describe("charts, conditional formats, tags", () => {
  test("native charts from the tables' cells, at the layout's anchors", async () => {
    const fake = new WriteFake([]);
    fake.install();
    await writeReview(model, { settings: fakeSettings() });
    const layouts = layoutReview(model);
    const placed = layouts.flatMap((l) => l.charts);
    const made = fake.sheets.flatMap((s) => s.charts.map((c) => ({ sheet: s.name, ...c })));
    expect(made.map((c) => [c.sheet, c.type, c.title])).toEqual(
      placed.map((p) => [
        p.sheet,
        { line: "Line", pareto: "ColumnClustered", bar: "ColumnClustered", waterfall: "ColumnStacked" }[p.spec.type as "line"],
        p.spec.title,
      ]),
    );
    // Share trend: values in the trend table's Value share column, categories in its Period column.
    const trend = placed[0];
    const letter = (c: number) => String.fromCharCode(64 + c);
    expect(made[0].series[0]).toMatchObject({
      values: `${letter(trend.series[0].col)}${trend.series[0].firstRow}:${letter(trend.series[0].col)}${trend.series[0].lastRow}`,
      name: trend.series[0].name,
    });
    expect(made[0].from).toBe(`A${trend.from.row + 1}`);
    // Pareto: the cumulative share is a line; the waterfall's base series is invisible.
    expect(made[1].series[1].chartType).toBe("Line");
    expect(made[3].series[0].noFill).toBe(true);
  }, 30_000);

  test("traffic lights on the scorecard and data bars on contribution", async () => {
    const fake = new WriteFake([]);
    fake.install();
    await writeReview(model, { settings: fakeSettings() });
    const cover = fake.sheets.find((s) => s.name === "Cover")!;
    expect(cover.conditionalFormats.map((c) => [c.range, c.formula, c.fill])).toEqual([
      ["G10:G15", '=G10="On target"', "#C6EFCE"],
      ["G10:G15", '=G10="Close"', "#FFEB9C"],
      ["G10:G15", '=G10="Off target"', "#FFC7CE"],
    ]);
    expect(fake.sheets.find((s) => s.name === "SKU mix")!.conditionalFormats.map((c) => [c.range, c.type])).toEqual([["G23:G47", "DataBar"]]);
  }, 30_000);

  test("sheets of an earlier version (tagged with a custom property, or listed in the settings) are replaced once, then marked by names", async () => {
    const fake = new WriteFake([
      { name: "Notes", rows: [["keep me"]] },
      { name: "Cover", rows: [["an old generated cover"]] },
      { name: "Market share", rows: [["an old generated sheet"]] },
    ]);
    fake.sheets[1].user = false;
    fake.sheets[1].properties.set("KAReview", "generated");
    fake.sheets[2].user = false;
    fake.install();
    const supports = () => true;
    const settings = fakeSettings();
    settings.set(GENERATED_SHEETS_SETTING, ["Market share"]);
    await writeReview(model, { settings, isSetSupported: supports });
    expect(fake.sheets.length).toBe(1 + model.sections.length);
    expect(fake.sheets.find((s) => s.name === "Cover")!.cells.get("1,1")!.value).not.toBe("an old generated cover");
    expect(fake.screenUpdatingSuspended).toBe(model.sections.length);
    expect(settings.get(GENERATED_SHEETS_SETTING)).toBeNull();
    expect(fake.sheets.filter((s) => s.properties.has("KAReview")).length).toBe(0);
    expect(fake.names.length).toBe(model.sections.length);
    expect(fake.sheets.find((s) => s.name === "Notes")!.writes).toBe(0);
  }, 30_000);
});
