/**
 * Past Excel's row limit: a 10,000,000-row sell-out CSV (a portal export no one can open in Excel),
 * written once to out/bench/, then reviewed by our command-line path (the account reader: 1 MB reads,
 * 8,192-row blocks into the engine) and loaded by DuckDB's `read_csv` with the same core aggregations
 * (the anchor ratio). Each in its own process, peak RSS from the kernel.
 * What bounds our memory: the encoded columns (per row: a 4-byte code per text column and 8 bytes per
 * number) and the resolved table, never the file or a grid.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RawCell, runReview } from "../engine";
import { ingestAccountFiles } from "../hosts/files/account";
import { Measure, heapMb, peakRssMb } from "./benchMeasure";
import { BENCH_HEADER, BENCH_OURS, BENCH_PERIOD, BENCH_RETAILER, benchRow } from "./benchData";

export const CSV_ROWS = 10_000_000;

export function csvFile(rows: number): string {
  return path.join(__dirname, "..", "..", "out", "bench", `sell-out-${rows}.csv`);
}

function cell(v: RawCell): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function writeCsv(file: string, rows: number): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.openSync(`${file}.part`, "w");
  let buf = BENCH_HEADER.join(",") + "\n";
  for (let i = 0; i < rows; i++) {
    buf += benchRow(i).map(cell).join(",") + "\n";
    if (buf.length > 1 << 22) {
      fs.writeSync(out, buf);
      buf = "";
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
  fs.renameSync(`${file}.part`, file);
}

export async function benchCsvChild(mode: string, file: string): Promise<Measure> {
  const t0 = performance.now();
  if (mode === "csv-ours") {
    const read = await ingestAccountFiles([file]);
    const t1 = performance.now();
    const res = runReview(read.input, { retailer: BENCH_RETAILER, period: BENCH_PERIOD, ourCompany: BENCH_OURS });
    if (!res.ok) throw new Error(res.issues.map((i) => i.code).join());
    const t2 = performance.now();
    const ms = res.review.marketShare.total;
    return {
      mode,
      rows: read.sheets.reduce((a, s) => a + s.rows, 0) - 1,
      ms: { read: t1 - t0, review: t2 - t1, total: t2 - t0 },
      peakRssMb: peakRssMb(),
      heapMb: heapMb(),
      ourValue: Math.round(ms.ourValue! * 100) / 100,
      categoryValue: Math.round(ms.categoryValue! * 100) / 100,
    };
  }
  // DuckDB's own CSV reader into a table, then the same share aggregation (value at R in P, ours and all).
  const duck = await import("@duckdb/node-api");
  const instance = await duck.DuckDBInstance.create(":memory:");
  const con = await instance.connect();
  await con.run(
    `CREATE TABLE s AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}', header = true, columns = {'retailer': 'VARCHAR', 'region': 'VARCHAR', 'store': 'VARCHAR', 'sku': 'VARCHAR', 'name': 'VARCHAR', 'manufacturer': 'VARCHAR', 'category': 'VARCHAR', 'segment': 'VARCHAR', 'month': 'VARCHAR', 'units': 'DOUBLE', 'value': 'VARCHAR', 'promo': 'VARCHAR'})`,
  );
  const t1 = performance.now();
  const months = ["2026-07", "2026-08", "2026-09"].map((m) => `'${m}'`).join(",");
  // Values such as "1,234.50" (1 in 50) are text in the export: DuckDB needs them cleaned as we do.
  const r = await con.runAndReadAll(
    `SELECT SUM(CASE WHEN manufacturer = '${BENCH_OURS}' THEN v ELSE 0 END), SUM(v) FROM (SELECT manufacturer, CAST(replace(value, ',', '') AS DOUBLE) AS v FROM s WHERE retailer = '${BENCH_RETAILER}' AND month IN (${months}))`,
  );
  const t2 = performance.now();
  const [ours, all] = r.getRows()[0].map(Number);
  const rows = Number((await con.runAndReadAll("SELECT COUNT(*) FROM s")).getRows()[0][0]);
  con.closeSync();
  return {
    mode,
    rows,
    ms: { read: t1 - t0, review: t2 - t1, total: t2 - t0 },
    peakRssMb: peakRssMb(),
    heapMb: heapMb(),
    ourValue: Math.round(ours * 100) / 100,
    categoryValue: Math.round(all * 100) / 100,
  };
}

export async function benchCsvSection(log: (l?: string) => void, child: (mode: string, arg: number | string) => Measure, rows = CSV_ROWS): Promise<void> {
  const file = csvFile(rows);
  if (!fs.existsSync(file)) {
    const t = performance.now();
    await writeCsv(file, rows);
    log(`   (wrote ${path.relative(process.cwd(), file)} in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  const mb = fs.statSync(file).size / 1024 ** 2;
  log(`6. A ${rows.toLocaleString("en-US")}-row sell-out CSV (${mb.toFixed(0)} MB, past Excel's 1,048,576 rows)`);
  const ours = child("csv-ours", file);
  const duck = child("csv-duckdb", file);
  const rate = (m: Measure) => Math.round(m.rows / (m.ms.total / 1000)).toLocaleString("en-US");
  log(
    `   ours (account reader → engine → review):  ${(ours.ms.total / 1000).toFixed(2)} s (read+ingest ${(ours.ms.read / 1000).toFixed(2)} s, review ${(ours.ms.review / 1000).toFixed(2)} s), ${rate(ours)} rows/s, peak RSS ${ours.peakRssMb.toFixed(0)} MB`,
  );
  log(
    `   DuckDB read_csv + the share query:        ${(duck.ms.total / 1000).toFixed(2)} s (load ${(duck.ms.read / 1000).toFixed(2)} s, query ${(duck.ms.review / 1000).toFixed(2)} s), ${rate(duck)} rows/s, peak RSS ${duck.peakRssMb.toFixed(0)} MB`,
  );
  log(
    `   ratio ours/DuckDB ${(ours.ms.total / duck.ms.total).toFixed(2)}; figures agree: ${ours.ourValue === duck.ourValue && ours.categoryValue === duck.categoryValue ? "yes" : `NO (ours ${ours.ourValue}/${ours.categoryValue}, DuckDB ${duck.ourValue}/${duck.categoryValue})`}`,
  );
}
