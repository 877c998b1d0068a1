/**
 * The file part of the benchmark: a 1,048,575-row × 12-column sell-out .xlsx (written once to
 * out/bench/, with shared strings as Excel writes them), then, each in its own process:
 *  - the bare streaming parse: every cell of every sheet decoded, nothing kept;
 *  - ours: the same streaming read feeding the engine, and the whole review;
 *  - the command line end to end (`review --json`, the review workbook written too);
 *  - ExcelJS's own streaming reader over the same file, for reference.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Zip, ZipDeflate } from "fflate";
import ExcelJS from "exceljs";
import { runReview } from "../engine";
import { main as cli } from "../cli/main";
import { ingestXlsx } from "../hosts/xlsx/ingestFile";
import { XlsxWorkbook } from "../hosts/xlsx/xlsxStream";
import { Measure, heapMb, peakRssMb } from "./benchMeasure";
import { BENCH_HEADER, BENCH_OURS, BENCH_PERIOD, BENCH_RETAILER, benchRows } from "./benchData";

const ROWS = 1_048_575;
const FILE = path.join(__dirname, "..", "..", "out", "bench", `sell-out-${ROWS}.xlsx`);

function xmlText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function colName(c: number): string {
  return String.fromCharCode(65 + c);
}

/** Write the benchmark workbook with fflate (ExcelJS's streaming writer takes minutes at this size). */
async function writeBenchFile(file: string, rows: number): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.createWriteStream(`${file}.part`);
  const done = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  const zip = new Zip((err, chunk, final) => {
    if (err) throw err;
    out.write(Buffer.from(chunk));
    if (final) out.end();
  });
  const part = (name: string, text: string) => {
    const f = new ZipDeflate(name, { level: 6 });
    zip.add(f);
    f.push(new TextEncoder().encode(text), true);
  };
  part(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  );
  part(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  part(
    "xl/workbook.xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sell-out" sheetId="1" r:id="rId1"/><sheet name="Settings" sheetId="2" r:id="rId2"/></sheets></workbook>',
  );
  part(
    "xl/_rels/workbook.xml.rels",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
  );
  const strings = new Map<string, number>();
  const sst = (s: string) => {
    let i = strings.get(s);
    if (i === undefined) strings.set(s, (i = strings.size));
    return i;
  };
  const row = (r: number, cells: unknown[]) => {
    let x = `<row r="${r}">`;
    cells.forEach((v, c) => {
      if (v === null || v === undefined) return;
      x += typeof v === "number" ? `<c r="${colName(c)}${r}"><v>${v}</v></c>` : `<c r="${colName(c)}${r}" t="s"><v>${sst(String(v))}</v></c>`;
    });
    return `${x}</row>`;
  };
  const sheet = new ZipDeflate("xl/worksheets/sheet1.xml", { level: 6 });
  zip.add(sheet);
  const enc = new TextEncoder();
  sheet.push(
    enc.encode(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row(1, BENCH_HEADER)}`,
    ),
  );
  const step = 20_000;
  for (let from = 0; from < rows; from += step) {
    const block = benchRows(from, Math.min(rows, from + step));
    sheet.push(enc.encode(block.map((cells, k) => row(from + k + 2, cells)).join("")));
    // Let the file stream drain so memory stays flat.
    if (out.writableLength > 64 * 1024 ** 2) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  sheet.push(enc.encode("</sheetData></worksheet>"), true);
  part(
    "xl/worksheets/sheet2.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row(1, ["Own company", BENCH_OURS])}</sheetData></worksheet>`,
  );
  const si = [...strings.keys()].map((s) => `<si><t>${xmlText(s)}</t></si>`).join("");
  part(
    "xl/sharedStrings.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.size}" uniqueCount="${strings.size}">${si}</sst>`,
  );
  zip.end();
  await done;
  fs.renameSync(`${file}.part`, file);
}

/** One file measurement, run in its own process by bench.ts. */
export async function benchFileChild(mode: string, file: string): Promise<Measure> {
  const t0 = performance.now();
  if (mode === "file-parse") {
    const bytes = new Uint8Array(fs.readFileSync(file));
    const wb = new XlsxWorkbook(bytes);
    let rows = 0;
    let cells = 0;
    for (let i = 0; i < wb.sheets.length; i++)
      wb.readSheet(i, (_r, c) => {
        rows++;
        cells += c.length;
      });
    return { mode, rows, ms: { total: performance.now() - t0 }, peakRssMb: peakRssMb(), heapMb: heapMb(), extra: { cells } };
  }
  if (mode === "file-ours") {
    const bytes = new Uint8Array(fs.readFileSync(file));
    const read = ingestXlsx(bytes);
    const t1 = performance.now();
    const res = runReview(read.input, { retailer: BENCH_RETAILER, period: BENCH_PERIOD });
    if (!res.ok) throw new Error(res.issues.map((i) => i.code).join());
    const t2 = performance.now();
    const rows = read.sheets.reduce((a, s) => a + s.rows, 0);
    return { mode, rows, ms: { read: t1 - t0, review: t2 - t1, total: t2 - t0 }, peakRssMb: peakRssMb(), heapMb: heapMb() };
  }
  if (mode === "file-cli") {
    const dir = path.join(path.dirname(file), "cli");
    const code = await cli(["review", file, "--retailer", BENCH_RETAILER, "--period", BENCH_PERIOD, "--out-dir", dir], {
      out: () => undefined,
      err: () => undefined,
    });
    if (code !== 0) throw new Error(`the command line exited ${code}`);
    return { mode, rows: ROWS, ms: { total: performance.now() - t0 }, peakRssMb: peakRssMb(), heapMb: heapMb() };
  }
  if (mode === "file-exceljs") {
    let rows = 0;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: "cache", styles: "cache", worksheets: "emit", hyperlinks: "ignore" });
    for await (const ws of reader) for await (const r of ws as AsyncIterable<unknown>) if (r) rows++;
    return { mode, rows, ms: { total: performance.now() - t0 }, peakRssMb: peakRssMb(), heapMb: heapMb() };
  }
  throw new Error(`unknown mode ${mode}`);
}

export async function benchFileSection(log: (l?: string) => void, child: (mode: string, arg: string) => Measure): Promise<void> {
  if (!fs.existsSync(FILE)) {
    const t = performance.now();
    await writeBenchFile(FILE, ROWS);
    log(`   (wrote ${path.relative(process.cwd(), FILE)} in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  const mb = (fs.statSync(FILE).size / 1024 ** 2).toFixed(1);
  const parse = child("file-parse", FILE);
  const ours = child("file-ours", FILE);
  const cliRun = child("file-cli", FILE);
  const exceljs = process.argv.includes("--skip-exceljs") ? null : child("file-exceljs", FILE);
  const s = (ms: number) => (ms / 1000).toFixed(2);
  log(`3. A ${ROWS.toLocaleString("en-US")} × 12 .xlsx file (${mb} MB, shared strings): streaming reads`);
  log(`   bare streaming parse (every cell decoded, nothing kept): ${s(parse.ms.total)} s, peak RSS ${parse.peakRssMb.toFixed(0)} MB`);
  log(
    `   ours (read → engine, streamed) + review:               ${s(ours.ms.total)} s (read+ingest ${s(ours.ms.read)} s, review ${s(ours.ms.review)} s), peak RSS ${ours.peakRssMb.toFixed(0)} MB — ${(ours.ms.total / parse.ms.total).toFixed(2)}× the bare parse (target ≤ 1.5×)`,
  );
  log(`   command line, review + workbook + JSON written:          ${s(cliRun.ms.total)} s, peak RSS ${cliRun.peakRssMb.toFixed(0)} MB (target ≤ 1.5 GB)`);
  if (exceljs) log(`   for reference, ExcelJS's streaming reader (rows only):  ${s(exceljs.ms.total)} s, peak RSS ${exceljs.peakRssMb.toFixed(0)} MB`);
}
