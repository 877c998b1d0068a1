/**
 * The picked file's worker logic (FileSession, run here in-thread): the pane gets the same sources,
 * issues and review from it as from grids it holds, and a damaged or hostile file is refused by name.
 */
import { promises as fs } from "fs";
import path from "path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { readPickedFiles } from "../../src/hosts/browser/fileSession";
import { xlsxToGrids } from "../../src/hosts/xlsx/xlsxStream";
import { computeReview, summarize } from "../../src/session/engineClient";
import { GridCollector, storedSession } from "../../src/session/session";
import { ingestWorkbook } from "../../src/engine";
import { strings } from "../../src/i18n";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");

test("a picked file gives the same sources, issues and review as its grids", async () => {
  const bytes = new Uint8Array(await fs.readFile(SAMPLE));
  const { session, heads } = storedSession(await readPickedFiles([{ name: "sample-account.xlsx", bytes }]));
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

test("a file that is neither a workbook nor readable text is refused with a reason the pane words", async () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  await expect(readPickedFiles([{ name: "logo.png", bytes: png }])).rejects.toMatchObject({ reason: "csv-encoding" });
  const damaged = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
  await expect(readPickedFiles([{ name: "cut.xlsx", bytes: damaged }])).rejects.toMatchObject({ reason: "not-zip" });
});

test("several picked files are one account: a GB18030 CSV export and a workbook, each sheet named with its file", async () => {
  const csv = iconv.encode(
    "零售商,门店,条码,厂家,品类,月份,销售金额\r\n家乐福,S1,A1,Acme,Biscuits,2026-07,300\r\n家乐福,S1,C1,Rival,Biscuits,2026-08,700\r\n",
    "gb18030",
  );
  const master = new ExcelJS.Workbook();
  master.addWorksheet("Settings").addRow(["Own company", "Acme"]);
  const { session, heads } = storedSession(
    await readPickedFiles([
      { name: "portal.csv", bytes: new Uint8Array(csv) },
      { name: "master.xlsx", bytes: new Uint8Array(await master.xlsx.writeBuffer()) },
    ]),
  );
  expect(heads.map((h) => h.name)).toEqual(["portal.csv", "master.xlsx › Settings"]);
  const summary = session.ingest({});
  expect(summary.detections.map((d) => [d.sheet, d.kind])).toEqual([
    ["portal.csv", "sell-out"],
    ["master.xlsx › Settings", "settings"],
  ]);
  expect(summary.reconciliation[0]).toMatchObject({ sheet: "portal.csv", rowsUsed: 2, valueUsed: 1000 });
  const res = session.review({ overrides: {}, run: { retailer: "Carrefour", period: "2026-Q3" }, lang: "en", uiLang: "en", audience: "internal" });
  expect(res.ok && JSON.parse(res.json).marketShare.total.valueShare).toBe(0.3);
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

describe("picked text exports (#24)", () => {
  const TEXT =
    "零售商\t门店\t条码\t厂家\t品类\t月份\t销售金额\r\n家乐福\tS1\tA1\tAcme\t饼干\t2026年7月\t300\r\n家乐福\tS1\tC1\tRival\t饼干\t2026年8月\t700\r\n";
  test.each([
    ["unicode.txt", iconv.encode(TEXT, "utf16le", { addBOM: true })],
    ["unicode-be.csv", iconv.encode(TEXT, "utf16-be", { addBOM: true })],
    ["unicode-nobom.tsv", iconv.encode(TEXT, "utf16le")],
  ])("UTF-16 %s is read", async (name, bytes) => {
    const { session } = storedSession(await readPickedFiles([{ name, bytes: new Uint8Array(bytes) }]));
    expect(session.ingest({}).reconciliation[0]).toMatchObject({ rowsUsed: 2, valueUsed: 1000 });
  });

  test("a GBK export whose Chinese starts past the first MiB, and one that restarts: read in GB18030, rows once", async () => {
    const head = "Retailer,Store,SKU,Manufacturer,Category,Month,Sales value\n";
    const filler = "Walmart,W1,A1,Acme,Biscuits,2026-08,10\n".repeat(40_000);
    for (const first of ["", "司,S0,A1,Acme,X,2026-08,7\n"]) {
      const bytes = new Uint8Array(iconv.encode(head + first + filler + "家乐福,S1,A1,Acme,饼干,2026-09,51394\n", "gb18030"));
      expect(bytes.length).toBeGreaterThan(1 << 20);
      const { session } = storedSession(await readPickedFiles([{ name: "portal.csv", bytes }]));
      const rec = session.ingest({}).reconciliation[0];
      expect(rec).toMatchObject({ rowsRead: 40_001 + (first ? 1 : 0), rowsRejected: 0, valueUsed: 400_000 + 51394 + (first ? 7 : 0) });
    }
  });

  test("ambiguous and mixed encodings are refused with a reason the pane words (en, zh)", async () => {
    const ambiguous = new Uint8Array([...Buffer.from("a,b\nM"), 0xfc, ...Buffer.from("ller,x\n"), 0xbc, 0xd2, ...Buffer.from(",y\n")]);
    await expect(readPickedFiles([{ name: "a.csv", bytes: ambiguous }])).rejects.toMatchObject({ reason: "csv-ambiguous" });
    const mixed = new Uint8Array(
      Buffer.concat([
        iconv.encode("Retailer,Store\nGéant Casino,G1\n" + "Walmart,W1\n".repeat(120_000), "win1252"),
        iconv.encode("家乐福,S1\n".repeat(20), "gb18030"),
      ]),
    );
    await expect(readPickedFiles([{ name: "m.csv", bytes: mixed }])).rejects.toMatchObject({ reason: "csv-mixed" });
    expect(strings("en").pane.fileErrors["csv-mixed"]).toContain("mixes text encodings");
    expect(strings("zh").pane.fileErrors["csv-ambiguous"]).toContain("不做猜测");
  });
});
