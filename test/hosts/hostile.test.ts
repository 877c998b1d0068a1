/**
 * Hostile files through the command line and the browser's reader: each ends in a clear message and
 * a non-zero exit, within bounded time and memory. And running a review never changes its input.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { deflateSync } from "fflate";
import { EXIT, main } from "../../src/cli/main";
import { PickedFileError, readPickedFile } from "../../src/hosts/browser/readFile";
import { checkZip } from "../../src/hosts/xlsx/zipGuard";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");
let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-review-hostile-"));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const err: string[] = [];
  const started = Date.now();
  const rssBefore = process.memoryUsage().rss;
  const code = await main(argv, { out: () => undefined, err: (s) => err.push(s) });
  return { code, err: err.join("\n"), ms: Date.now() - started, rssGrowth: process.memoryUsage().rss - rssBefore };
}

/** A zip whose one entry is `size` zero bytes: deflate squeezes that about 1,000 to 1. */
async function zeroBomb(size: number): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", "<Types/>");
  // JSZip would deflate it again: store the pre-deflated bytes under the deflate method by hand.
  const data = deflateSync(new Uint8Array(size), { level: 9 });
  const bytes = await zip.generateAsync({ type: "uint8array" });
  return appendDeflatedEntry(bytes, "xl/worksheets/sheet1.xml", data, size);
}

/** Rebuild a zip with one more, already deflated entry (declared sizes as given). */
function appendDeflatedEntry(zipBytes: Uint8Array, name: string, data: Uint8Array, declaredSize: number, method = 8): Uint8Array {
  const v = new DataView(zipBytes.buffer, zipBytes.byteOffset, zipBytes.byteLength);
  let eocd = zipBytes.length - 22;
  while (v.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const cdOffset = v.getUint32(eocd + 16, true);
  const cdSize = v.getUint32(eocd + 12, true);
  const count = v.getUint16(eocd + 10, true);
  const nameBytes = new TextEncoder().encode(name);
  const local = new Uint8Array(30 + nameBytes.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(4, 20, true);
  lv.setUint16(8, method, true);
  lv.setUint32(18, data.length, true);
  lv.setUint32(22, declaredSize, true);
  lv.setUint16(26, nameBytes.length, true);
  local.set(nameBytes, 30);
  const central = new Uint8Array(46 + nameBytes.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(4, 20, true);
  cv.setUint16(6, 20, true);
  cv.setUint16(10, method, true);
  cv.setUint32(20, data.length, true);
  cv.setUint32(24, declaredSize, true);
  cv.setUint16(28, nameBytes.length, true);
  cv.setUint32(42, cdOffset, true); // the new local header goes where the old directory began
  central.set(nameBytes, 46);
  const oldCd = zipBytes.subarray(cdOffset, cdOffset + cdSize);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, count + 1, true);
  ev.setUint16(10, count + 1, true);
  ev.setUint32(12, cdSize + central.length, true);
  ev.setUint32(16, cdOffset + local.length + data.length, true);
  const parts = [zipBytes.subarray(0, cdOffset), local, data, oldCd, central, end];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe("hostile files", () => {
  test("a zip bomb (100 MB of zeros in 100 KB) is refused before it is inflated", async () => {
    const bytes = await zeroBomb(100 * 1024 ** 2);
    expect(checkZip(bytes)).toMatchObject({ ok: false, reason: "bomb" });
    const f = path.join(tmp, "bomb.xlsx");
    await fs.writeFile(f, bytes);
    const r = await cli("check", f);
    expect(r.code).toBe(EXIT.file);
    expect(r.err).toContain("compressed like a zip bomb");
    expect(r.ms).toBeLessThan(5000);
    await expect(readPickedFile(new Blob([bytes as Uint8Array<ArrayBuffer>]))).rejects.toEqual(new PickedFileError("bomb"));
  }, 30_000);

  test("a directory that lies about sizes is caught by a bounded inflate", async () => {
    const zip = new JSZip();
    zip.file("[Content_Types].xml", "<Types/>");
    const base = await zip.generateAsync({ type: "uint8array" });
    // 40 MB of data declared as 4 MB: a ratio that looks merely high, an inflate that overflows.
    const data = deflateSync(new Uint8Array(40 * 1024 ** 2), { level: 9 });
    const lying = appendDeflatedEntry(base, "xl/worksheets/sheet1.xml", data, 400 * data.length);
    expect(checkZip(lying)).toMatchObject({ ok: false, reason: "bomb" });
  }, 30_000);

  test("a workbook declaring more than 2 GB unzipped is refused", async () => {
    const zip = new JSZip();
    zip.file("[Content_Types].xml", "<Types/>");
    const base = await zip.generateAsync({ type: "uint8array" });
    // Two "stored" entries of 1.5 GB each, as declared: refused on the total, nothing inflated.
    const bytes = appendDeflatedEntry(appendDeflatedEntry(base, "a.xml", new Uint8Array(10), 0x60000000, 0), "b.xml", new Uint8Array(10), 0x60000000, 0);
    expect(checkZip(bytes)).toMatchObject({ ok: false, reason: "too-large" });
  });

  test("deeply nested XML in a sheet ends in a message, not a crash", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sell-out").addRow(["Retailer", "SKU", "Month", "Sales value"]);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const depth = 200_000;
    zip.file(
      "xl/worksheets/sheet1.xml",
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${"<x>".repeat(depth)}${"</x>".repeat(depth)}</sheetData></worksheet>`,
    );
    const f = path.join(tmp, "nested.xlsx");
    await fs.writeFile(f, await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
    const r = await cli("review", f, "--out", path.join(tmp, "nested-out.xlsx"));
    expect(r.code).not.toBe(EXIT.ok);
    expect(r.err.length).toBeGreaterThan(20);
    expect(r.err).not.toMatch(/at .*\(.*:\d+:\d+\)/); // a sentence, not a stack trace
    expect(r.ms).toBeLessThan(20_000);
    expect(r.rssGrowth).toBeLessThan(1024 ** 3);
  }, 60_000);

  test("non-zip, truncated, password-protected (OLE), CSV and XLS given as .xlsx, in the browser reader too", async () => {
    const sample = await fs.readFile(SAMPLE);
    const cases: Array<[string, Uint8Array, string]> = [
      ["random.xlsx", new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), "not-zip"],
      ["cut.xlsx", sample.subarray(0, 5000), "not-zip"],
      ["protected.xlsx", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "not-zip"],
      ["data.xlsx", new TextEncoder().encode("Retailer,SKU\nCarrefour,1\n"), "not-zip"],
    ];
    for (const [name, bytes, reason] of cases) {
      const f = path.join(tmp, name);
      await fs.writeFile(f, bytes);
      const r = await cli("check", f);
      expect([name, r.code]).toEqual([name, EXIT.file]);
      expect(r.err).not.toMatch(/at .*\(.*:\d+:\d+\)/);
      await expect(readPickedFile(new Blob([bytes as Uint8Array<ArrayBuffer>]))).rejects.toEqual(new PickedFileError(reason as "not-zip"));
    }
  }, 30_000);
});

describe("no damage", () => {
  test("reviewing a workbook twice leaves the file byte for byte unchanged", async () => {
    const f = path.join(tmp, "mine.xlsx");
    await fs.copyFile(SAMPLE, f);
    const before = await fs.readFile(f);
    const stat = await fs.stat(f);
    for (let i = 0; i < 2; i++) expect((await cli("review", f, "--retailer", "Walmart", "--out-dir", path.join(tmp, "out"))).code).toBe(EXIT.ok);
    expect((await fs.readFile(f)).equals(before)).toBe(true);
    expect((await fs.stat(f)).mtimeMs).toBe(stat.mtimeMs);
  }, 60_000);
});
