/**
 * The picked file's worker logic (FileSession, run here in-thread): the pane gets the same sources,
 * issues and review from it as from grids it holds, and a damaged or hostile file is refused by name.
 */
import { promises as fs } from "fs";
import path from "path";
import { openFileSession } from "../../src/hosts/browser/fileSession";
import { xlsxToGrids } from "../../src/hosts/xlsx/xlsxStream";
import { computeReview, summarize } from "../../src/taskpane/engineClient";
import { GridCollector } from "../../src/taskpane/session";
import { ingestWorkbook } from "../../src/engine";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");

test("a picked file gives the same sources, issues and review as its grids", async () => {
  const bytes = new Uint8Array(await fs.readFile(SAMPLE));
  const { session, heads } = openFileSession(bytes);
  const grids = xlsxToGrids(bytes);
  expect(heads.map((h) => h.name)).toEqual(grids.sheets.map((g) => g.name));
  // Heads are each sheet's first rows, as the grid has them.
  heads.forEach((h, i) => expect(h.rows).toEqual(grids.sheets[i].rows.slice(0, h.rows.length)));
  expect(Math.max(...heads.map((h) => h.rows.length))).toBeLessThanOrEqual(64);

  const overrides = { 商品: { columns: { F: null } } };
  expect(session.ingest(overrides)).toEqual(summarize(ingestWorkbook(grids, { overrides })));
  const request = { overrides, run: { retailer: "Carrefour" }, lang: "zh" as const, uiLang: "en" as const, audience: "internal" as const };
  const viaFile = session.review(request);
  const viaGrids = computeReview({ ...request, grids });
  expect(viaFile.ok && viaGrids.ok).toBe(true);
  if (viaFile.ok && viaGrids.ok) {
    expect(viaFile.json).toEqual(viaGrids.json);
    expect(viaFile.model).toEqual(viaGrids.model);
  }
}, 60_000);

test("a file that is not a workbook is refused with a reason the pane words", () => {
  expect(() => openFileSession(new TextEncoder().encode("Retailer,Store\nCarrefour,S1\n"))).toThrow(expect.objectContaining({ reason: "not-zip" }));
});

test('Excel\'s padding (a used range far right of the data, empty cells as "") makes no stored columns', () => {
  const header = ["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Sales value"];
  const pad = (row: Array<string | number>) => [...row, ...new Array(200 - row.length).fill("")];
  const rows = [
    pad(header),
    ...Array.from({ length: 300 }, (_, i) => pad(["Carrefour", `S${i % 9}`, "690001", "Sunrise Foods", "Biscuits", "2026-07", 10 + i])),
  ];
  const collector = new GridCollector();
  collector.beginSheet("Sell-out", 1, 1);
  for (let at = 0; at < rows.length; at += 64) collector.block(rows.slice(at, at + 64));
  const { session } = collector.done();
  const grids = { sheets: [{ name: "Sell-out", rows, firstRow: 1, firstColumn: 1 }] };
  expect(session.ingest({})).toEqual(summarize(ingestWorkbook(grids)));
  const stored = (collector as unknown as { sheets: Array<{ store: { columns: unknown[] } }> }).sheets[0].store.columns.filter(Boolean);
  expect(stored).toHaveLength(header.length);
});
