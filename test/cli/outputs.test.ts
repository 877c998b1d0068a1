/**
 * The command line never writes over its input: `--out`, `--json` and `--into` naming the input
 * workbook — by the same path, a symlink or a hard link — are refused before anything is read or
 * written, and the workbook stays byte-identical. `--into` writes the review into a copy.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import { EXIT } from "../../src/cli/main";
import { run } from "./run";
import ExcelJS from "exceljs";
import { XlsxWorkbook } from "../../src/hosts/xlsx/xlsxStream";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");

let tmp: string;
let input: string;
let original: Buffer;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-review-out-"));
  input = path.join(tmp, "a.xlsx");
  await fs.copyFile(SAMPLE, input);
  original = await fs.readFile(input);
  await fs.symlink(input, path.join(tmp, "link.xlsx"));
  await fs.link(input, path.join(tmp, "hard.xlsx"));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe("an output that is the input is refused, the input byte-identical", () => {
  for (const flag of ["--out", "--json", "--into"])
    for (const form of ["a.xlsx", "link.xlsx", "hard.xlsx", "./sub/../a.xlsx"])
      test(`${flag} ${form}`, async () => {
        const r = await run("review", input, "--retailer", "Carrefour", flag, path.join(tmp, form), "--lang", "en");
        expect(r.code).toBe(EXIT.usage);
        expect(r.err).toContain("KA Review never writes over your own file");
        expect(r.err).toContain("_review.xlsx");
        expect((await fs.readFile(input)).equals(original)).toBe(true);
      });

  test("a derived output name (one per retailer in --out-dir) that would be the input is refused too", async () => {
    const dir = path.join(tmp, "derived");
    await fs.mkdir(dir, { recursive: true });
    const victim = path.join(dir, "KA-Review_Carrefour_2026-Q3.xlsx");
    await fs.copyFile(SAMPLE, victim);
    const r = await run("review", victim, "--retailer", "Carrefour", "--out-dir", dir, "--lang", "en");
    expect(r.code).toBe(EXIT.usage);
    expect((await fs.readFile(victim)).equals(original)).toBe(true);
  });

  test("in Chinese", async () => {
    const r = await run("review", input, "--out", input, "--lang", "zh");
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain("KA Review 从不覆盖您自己的文件");
  });
});

describe("--into", () => {
  test("writes the review's sheets into a copy of the workbook; the input unchanged", async () => {
    const copy = path.join(tmp, "copy.xlsx");
    const r = await run("review", input, "--retailer", "Carrefour", "--into", copy, "--lang", "en");
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toMatch(/Wrote .*copy\.xlsx: your sheets unchanged, the review's 11 sheets added/);
    const names = new XlsxWorkbook(new Uint8Array(await fs.readFile(copy))).sheets.map((s) => s.name);
    expect(names.slice(0, 12)).toEqual(new XlsxWorkbook(new Uint8Array(original)).sheets.map((s) => s.name));
    expect(names).toContain("Cover");
    expect((await fs.readFile(input)).equals(original)).toBe(true);
    // Run again on the copy, for the next quarter's loop: the earlier review is named in the message.
    const next = path.join(tmp, "next.xlsx");
    const r2 = await run("review", copy, "--retailer", "Carrefour", "--period", "2026-Q2", "--into", next, "--lang", "en");
    expect(r2.code).toBe(EXIT.ok);
    expect(r2.err).toContain("earlier reviews kept: Cover 2026-Q3");
  }, 60_000);

  test("with several retailers and no --retailer, it says which to choose", async () => {
    const r = await run("review", input, "--into", path.join(tmp, "x.xlsx"), "--lang", "en");
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain("choose the retailer with --retailer (this workbook holds Carrefour, RT-Mart, Walmart)");
  }, 30_000);

  test("--keep must be a count", async () => {
    const r = await run("review", input, "--retailer", "Carrefour", "--into", path.join(tmp, "y.xlsx"), "--keep", "many", "--lang", "en");
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('"many" is not a number of earlier reviews to keep');
  });
});

describe("a review that cannot be meaningful exits 1 with the reason on stderr", () => {
  test("a period with no data (--period 2027-Q1): no table of zeros", async () => {
    const r = await run("review", input, "--retailer", "Carrefour", "--period", "2027-Q1", "--out-dir", path.join(tmp, "none"), "--lang", "en");
    expect(r.code).toBe(EXIT.noReview);
    expect(r.err).toContain("Carrefour has no sell-out rows in 2027-Q1, so there is nothing to review");
    expect(r.out).toBe("");
  });

  test("no own company anywhere", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sell-out");
    ws.addRow(["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Sales value"]);
    ws.addRow(["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 300]);
    const file = path.join(tmp, "no-own.xlsx");
    await wb.xlsx.writeFile(file);
    for (const lang of ["en", "zh"]) {
      const r = await run("review", file, "--out-dir", path.join(tmp, "none"), "--lang", lang);
      expect(r.code).toBe(EXIT.noReview);
      expect(r.err).toContain(lang === "en" ? "The own company is not set" : "未设置本公司");
    }
  });
});
