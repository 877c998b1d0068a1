/**
 * The Office.js reader against the recording fake: it reads in bounded blocks, obeys load/sync, never
 * writes to the user's sheets, and gives the engine the same figures as the .xlsx path.
 */
import path from "path";
import { ingestWorkbook, reviewJson, runReview } from "../../src/engine";
import { PROBE_ROWS, TARGET_RESPONSE_BYTES, readWorkbookBlocks, readWorkbookGrids, rowsPerBlock } from "../../src/hosts/office/readWorkbook";
import { GridCollector } from "../../src/session/session";
import { computeReview, summarize } from "../../src/session/engineClient";
import { readWorkbookFile } from "../../src/hosts/xlsx/file";
import { generateSample } from "../../src/sample/generate";
import { installFakeExcel } from "../../src/tools/fakeExcel";
import { asExcelValues } from "../helpers";

describe("reading the sample through the fake Excel", () => {
  test("same figures as the .xlsx path; no write to any sheet; blocks and syncs as planned", async () => {
    const sample = generateSample();
    const ctx = installFakeExcel(sample.sheets.map((s) => ({ name: s.name, rows: asExcelValues(s.rows) })));
    const progress: number[] = [];
    const grids = await readWorkbookGrids((p) => progress.push(p.rowsRead));
    expect(ctx.recording.writes).toEqual([]);
    // One sync for the sheet list, one for every used range, then one per block of rows.
    // Per sheet: a probe block of up to 200 rows, then blocks sized from its measure (the cell ceiling at most).
    const most = sample.sheets.reduce((a, s) => a + 1 + Math.ceil(s.rows.length / rowsPerBlock(Math.max(...s.rows.map((r) => r.length)))), 0);
    expect(ctx.recording.syncs).toBe(2 + progress.length);
    expect(progress.length).toBeLessThanOrEqual(most);

    const viaOffice = runReview(ingestWorkbook(grids), { retailer: "Carrefour" });
    const viaFile = runReview(ingestWorkbook(await readWorkbookFile(path.join(__dirname, "../../assets/sample-account.xlsx"))), { retailer: "Carrefour" });
    if (!viaOffice.ok || !viaFile.ok) throw new Error("review failed");
    const figures = (j: ReturnType<typeof reviewJson>) => ({
      ms: j.marketShare,
      skus: j.skus,
      prices: j.pricePosition,
      terms: j.tradeTerms,
      opportunities: j.opportunities,
    });
    expect(figures(reviewJson(viaOffice.review, { audience: "internal", lang: "en" }))).toEqual(
      figures(reviewJson(viaFile.review, { audience: "internal", lang: "en" })),
    );
  }, 60_000);

  test("a property read before load and sync fails, as in Excel", async () => {
    installFakeExcel([{ name: "S", rows: [["a"]] }]);
    await expect(
      Excel.run(async (context) => {
        const ws = (context.workbook.worksheets as unknown as { items: Array<{ getUsedRangeOrNullObject(): { load(p: string): void; values: unknown } }> })
          .items[0];
        const r = ws.getUsedRangeOrNullObject();
        r.load("values");
        // The point of the test is the misuse the lint rules forbid: read without sync.
        // eslint-disable-next-line office-addins/call-sync-after-load, office-addins/call-sync-before-read
        return r.values;
      }),
    ).rejects.toThrow(/PropertyNotLoaded/);
  });
});

test("blocks handed to the pane's worker as they are read make the same review as grids held in the pane", async () => {
  const sample = generateSample();
  installFakeExcel(sample.sheets.map((s) => ({ name: s.name, rows: asExcelValues(s.rows) })));
  const collector = new GridCollector();
  let largestBlock = 0;
  await readWorkbookBlocks({
    beginSheet: (name, firstRow, firstColumn) => collector.beginSheet(name, firstRow, firstColumn),
    block: (rows) => {
      largestBlock = Math.max(largestBlock, rows.length * (rows[0]?.length ?? 0));
      collector.block(rows);
    },
    endSheet: () => undefined,
  });
  const { session, heads } = collector.done();
  const grids = await readWorkbookGrids();
  expect(heads.map((h) => h.rows.length)).toEqual(grids.sheets.map((g) => Math.min(64, g.rows.length)));
  expect(largestBlock).toBeLessThanOrEqual(100_000); // cells per block
  const overrides = { Stores: { kind: "ignore" as const } };
  expect(session.ingest(overrides)).toEqual(summarize(ingestWorkbook(grids, { overrides })));
  const request = { overrides, run: { retailer: "Walmart" }, lang: "en" as const, uiLang: "en" as const, audience: "retailer" as const };
  const a = session.review(request);
  const b = computeReview({ ...request, grids });
  expect(a.ok && b.ok && a.json === b.json).toBe(true);
}, 60_000);

describe("a 1,048,576 × 12 sheet", () => {
  test("is read in blocks of at most 100,000 cells, each response under 5 MB", async () => {
    const words = ["Carrefour", "S0001", "6901234500001", "Sunrise Foods", "Biscuits", "Cream sandwich", "2026-07"];
    const ctx = installFakeExcel([
      {
        name: "Sell-out",
        rows: [],
        virtual: { rowCount: 1_048_576, columnCount: 12, cell: (r, c) => (r === 0 ? `Header ${c}` : c < 7 ? words[c] : c === 7 ? (r % 97) * 1.25 : r % 13) },
      },
    ]);
    const grids = await readWorkbookGrids();
    expect(grids.sheets[0].rows.length).toBe(1_048_576);
    // A probe block of 200 rows, then blocks at the 100,000-cell ceiling (these rows weigh ~100 bytes).
    const blocks = 1 + Math.ceil((1_048_576 - PROBE_ROWS) / rowsPerBlock(12));
    expect(rowsPerBlock(12)).toBe(8333);
    expect(ctx.recording.syncs).toBe(2 + blocks); // 127 block syncs: the probe and 126 full blocks
    expect(ctx.cellsRequested).toBeLessThanOrEqual(100_000);
    expect(Math.max(...ctx.recording.payloads)).toBeLessThan(5 * 1024 * 1024);
    expect(ctx.recording.writes).toEqual([]);
  }, 120_000);

  test("with wide text columns, blocks shrink to keep each response near the 2 MB aim", async () => {
    const long = "长文本备注 long note ".repeat(20); // ~340 characters per cell
    const ctx = installFakeExcel([
      { name: "Notes", rows: [], virtual: { rowCount: 200_000, columnCount: 12, cell: (r, c) => (r === 0 ? `Header ${c}` : `${long}${r}-${c}`) } },
    ]);
    const grids = await readWorkbookGrids();
    expect(grids.sheets[0].rows.length).toBe(200_000);
    const blockPayloads = ctx.recording.payloads.slice(2);
    // The 200-row probe weighs ~0.9 MB; every block after it is sized from that measure.
    expect(Math.max(...blockPayloads)).toBeLessThan(TARGET_RESPONSE_BYTES * 1.1);
    expect(Math.max(...blockPayloads)).toBeLessThan(5 * 1024 * 1024);
    expect(ctx.recording.syncs).toBeGreaterThan(2 + 200_000 / rowsPerBlock(12));
  }, 120_000);
});
