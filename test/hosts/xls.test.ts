/**
 * Legacy .xls (BIFF8) through SheetJS, on a file written by an independent writer (LibreOffice
 * converts an .xlsx we build): dates, a formula whose cached value is #N/A, numbers stored as text and
 * a hidden sheet arrive as our .xlsx reader gives them; the sell-out reads with the #N/A as an error on
 * its cell; a truncated .xls ends in a sentence and exit 3. Needs LibreOffice (skipped only outside CI).
 */
import { execFileSync } from "child_process";
import { existsSync, promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { EXIT, main } from "../../src/cli/main";
import { ingestWorkbook } from "../../src/engine";
import { xlsToGrids } from "../../src/hosts/files/xls";

const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));
const run = soffice || process.env.CI === "true" ? test : test.skip;

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-xls-"));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function asXls(wb: ExcelJS.Workbook, name: string): Promise<string> {
  const xlsx = path.join(tmp, `${name}.xlsx`);
  await wb.xlsx.writeFile(xlsx);
  execFileSync(soffice ?? "soffice", ["--headless", "--convert-to", "xls", "--outdir", tmp, xlsx], { timeout: 120_000, stdio: "pipe" });
  return path.join(tmp, `${name}.xls`);
}

run(
  "BIFF8 dates, a cached #N/A, text numbers and a hidden sheet, as our .xlsx reader gives them",
  async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Settings").addRow(["Own company", "Acme"]);
    const ws = wb.addWorksheet("Sell-out");
    ws.addRow(["Retailer", "Store", "SKU", "Manufacturer", "Category", "Date", "Sales value"]);
    ws.addRow(["Carrefour", "S1", "A1", "Acme", "Biscuits", new Date(Date.UTC(2026, 6, 15)), "1,234.50"]);
    ws.addRow(["Carrefour", "S1", "C1", "Rival", "Biscuits", new Date(Date.UTC(2026, 7, 3)), 765.5]);
    ws.addRow(["Carrefour", "S1", "C1", "Rival", "Biscuits", new Date(Date.UTC(2026, 7, 4)), { formula: "NA()", result: { error: "#N/A" } }]);
    for (const r of [2, 3, 4]) ws.getCell(`F${r}`).numFmt = "yyyy-mm-dd";
    const hidden = wb.addWorksheet("Old");
    hidden.addRow(["x"]);
    hidden.state = "hidden";
    const file = await asXls(wb, "biff8");
    const grids = xlsToGrids(new Uint8Array(await fs.readFile(file)));
    const sell = grids.sheets.find((s) => s.name === "Sell-out")!;
    expect(sell.rows[1][5]).toEqual(new Date(Date.UTC(2026, 6, 15)));
    expect(sell.rows[1][6]).toBe("1,234.50");
    expect(sell.rows[2][6]).toBe(765.5);
    expect(sell.rows[3][6]).toEqual({ error: "#N/A" });
    expect(grids.sheets.find((s) => s.name === "Old")!.hidden).toBe("hidden");
    const input = ingestWorkbook(grids);
    expect(input.reconciliation.find((r) => r.sheet === "Sell-out")).toMatchObject({ rowsRead: 3, rowsUsed: 2, valueUsed: 2000 });
    expect(input.issues.filter((i) => i.severity === "error").map((i) => [i.sheet, i.row, i.column])).toEqual([["Sell-out", 4, "G"]]);

    // Truncated: a sentence and exit 3, in both languages.
    const truncated = path.join(tmp, "truncated.xls");
    await fs.writeFile(truncated, (await fs.readFile(file)).subarray(0, 1500));
    for (const lang of ["en", "zh"]) {
      const err: string[] = [];
      expect(await main(["check", truncated, "--lang", lang], { out: () => undefined, err: (s) => err.push(s) })).toBe(EXIT.file);
      expect(err.join("\n")).toContain(lang === "en" ? "could not be read" : "无法");
    }
  },
  180_000,
);

test(".xlsb (Excel's binary workbook) read as one of the account's files", async () => {
  // Written by SheetJS's own writer: the reader is the same library, so this proves our path to it (names, sniffing), not BIFF12 itself.
  const XLSX = await import("@e965/xlsx");
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["Own company", "Acme"]]), "Settings");
  XLSX.utils.book_append_sheet(
    book,
    XLSX.utils.aoa_to_sheet([
      ["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Sales value"],
      ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 300],
      ["Carrefour", "S1", "C1", "Rival", "Biscuits", "2026-08", 700],
    ]),
    "Sell-out",
  );
  const file = path.join(tmp, "portal.xlsb");
  await fs.writeFile(file, XLSX.write(book, { bookType: "xlsb", type: "buffer" }) as Buffer);
  const out: string[] = [];
  expect(await main(["check", file, "--lang", "en"], { out: (s) => out.push(s), err: () => undefined })).toBe(EXIT.ok);
  expect(out.join("\n")).toMatch(/Sell-out\s+Sell-out\s+1\.00/);
  expect(out.join("\n")).toContain("1,000.00");
});
