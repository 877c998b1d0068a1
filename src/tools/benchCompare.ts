/**
 * The benchmark's yardsticks: the core aggregations of a review done by DuckDB (@duckdb/node-api)
 * and by Arquero on the same rows. Each is timed for loading the grid (as Excel returns it: text
 * numbers are converted on the way in, as our ingestion does) and for the queries alone.
 * Aggregations, for retailer R, period P (2026-Q3) and its prior year P':
 *  - market-share inputs: value and units by category × segment × ours/not × P/P' at R, and the
 *    category value of all retailers (fair share);
 *  - per-SKU value and stores selling at R in P;
 *  - store × category value at R in P (weighted distribution);
 *  - median price (value / units) per SKU at R in P.
 */
import * as aq from "arquero";
import type { RawCell } from "../engine";
import { BENCH_OURS, BENCH_RETAILER } from "./benchData";

const P = ["2026-07", "2026-08", "2026-09"];
const PP = ["2025-07", "2025-08", "2025-09"];

export interface YardstickResult {
  loadMs: number;
  queryMs: number;
  /** Checks against ours: our value and the category value at R in P, Σ stores selling of our SKUs. */
  ourValue: number;
  categoryValue: number;
  storesSelling: number;
}

function num(cell: RawCell): number {
  if (typeof cell === "number") return cell;
  if (typeof cell === "string") return Number(cell.replace(/,/g, ""));
  return NaN;
}

function str(cell: RawCell): string | null {
  return cell === null || cell === undefined ? null : String(cell);
}

export async function duckdbAggregations(rows: RawCell[][]): Promise<YardstickResult> {
  const duck = await import("@duckdb/node-api");
  const instance = await duck.DuckDBInstance.create(":memory:");
  const con = await instance.connect();
  const t0 = performance.now();
  await con.run(
    "CREATE TABLE s (retailer VARCHAR, region VARCHAR, store VARCHAR, sku VARCHAR, name VARCHAR, manufacturer VARCHAR, category VARCHAR, segment VARCHAR, month VARCHAR, units DOUBLE, value DOUBLE, promo VARCHAR)",
  );
  const app = await con.createAppender("s");
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < 9; c++) {
      const v = str(row[c]);
      if (v === null) app.appendNull();
      else app.appendVarchar(v);
    }
    app.appendDouble(num(row[9]));
    app.appendDouble(num(row[10]));
    const promo = str(row[11]);
    if (promo === null) app.appendNull();
    else app.appendVarchar(promo);
    app.endRow();
  }
  app.closeSync();
  const t1 = performance.now();
  const inP = `month IN (${P.map((m) => `'${m}'`).join(",")})`;
  const inPP = `month IN (${PP.map((m) => `'${m}'`).join(",")})`;
  const atR = `retailer = '${BENCH_RETAILER}'`;
  const share = await con.runAndReadAll(
    `SELECT category, segment, manufacturer = '${BENCH_OURS}' AS ours, ${inP} AS inP, SUM(value) AS v, SUM(units) AS u FROM s WHERE ${atR} AND (${inP} OR ${inPP}) GROUP BY ALL`,
  );
  await con.runAndReadAll(`SELECT category, ${inP} AS inP, SUM(value) FROM s WHERE ${inP} OR ${inPP} GROUP BY ALL`);
  const skus = await con.runAndReadAll(
    `SELECT sku, manufacturer = '${BENCH_OURS}' AS ours, SUM(value), COUNT(DISTINCT store) AS stores FROM s WHERE ${atR} AND ${inP} GROUP BY ALL`,
  );
  await con.runAndReadAll(`SELECT store, category, SUM(value) FROM s WHERE ${atR} AND ${inP} GROUP BY ALL`);
  await con.runAndReadAll(`SELECT sku, MEDIAN(value / units) FROM s WHERE ${atR} AND ${inP} AND units > 0 GROUP BY sku`);
  const t2 = performance.now();
  let ourValue = 0;
  let categoryValue = 0;
  for (const [, , ours, p, v] of share.getRows()) {
    if (!p) continue;
    categoryValue += Number(v);
    if (ours) ourValue += Number(v);
  }
  let storesSelling = 0;
  for (const [, ours, , stores] of skus.getRows()) if (ours) storesSelling += Number(stores);
  con.closeSync();
  return { loadMs: t1 - t0, queryMs: t2 - t1, ourValue, categoryValue, storesSelling };
}

export function arqueroAggregations(rows: RawCell[][]): YardstickResult {
  const t0 = performance.now();
  const n = rows.length - 1;
  const names = ["retailer", "region", "store", "sku", "name", "manufacturer", "category", "segment", "month"];
  const cols: Record<string, unknown[]> = {};
  for (const name of names) cols[name] = new Array(n);
  const units = new Float64Array(n);
  const value = new Float64Array(n);
  const promo = new Array(n);
  for (let r = 0; r < n; r++) {
    const row = rows[r + 1];
    for (let c = 0; c < names.length; c++) cols[names[c]][r] = str(row[c]);
    units[r] = num(row[9]);
    value[r] = num(row[10]);
    promo[r] = str(row[11]);
  }
  const t = aq.table({ ...cols, units, value, promo });
  const t1 = performance.now();
  const params = { R: BENCH_RETAILER, OURS: BENCH_OURS, P, PP };
  const withFlags = t
    .params(params)
    .derive({ inP: (d: any, $: any) => aq.op.includes($.P, d.month), inPP: (d: any, $: any) => aq.op.includes($.PP, d.month) }) // eslint-disable-line @typescript-eslint/no-explicit-any
    .filter((d: any) => d.inP || d.inPP); // eslint-disable-line @typescript-eslint/no-explicit-any
  const atR = withFlags.filter((d: any, $: any) => d.retailer === $.R); // eslint-disable-line @typescript-eslint/no-explicit-any
  const share = atR
    .derive({ ours: (d: any, $: any) => d.manufacturer === $.OURS }) // eslint-disable-line @typescript-eslint/no-explicit-any
    .groupby("category", "segment", "ours", "inP")
    .rollup({ v: aq.op.sum("value"), u: aq.op.sum("units") });
  withFlags.groupby("category", "inP").rollup({ v: aq.op.sum("value") });
  const rp = atR.filter((d: any) => d.inP); // eslint-disable-line @typescript-eslint/no-explicit-any
  const skus = rp
    .derive({ ours: (d: any, $: any) => d.manufacturer === $.OURS }) // eslint-disable-line @typescript-eslint/no-explicit-any
    .groupby("sku", "ours")
    .rollup({ v: aq.op.sum("value"), stores: aq.op.distinct("store") });
  rp.groupby("store", "category").rollup({ v: aq.op.sum("value") });
  rp.filter((d: any) => d.units > 0) // eslint-disable-line @typescript-eslint/no-explicit-any
    .derive({ price: (d: any) => d.value / d.units }) // eslint-disable-line @typescript-eslint/no-explicit-any
    .groupby("sku")
    .rollup({ median: aq.op.median("price") });
  const t2 = performance.now();
  let ourValue = 0;
  let categoryValue = 0;
  for (const o of share.objects() as Array<{ ours: boolean; inP: boolean; v: number }>) {
    if (!o.inP) continue;
    categoryValue += o.v;
    if (o.ours) ourValue += o.v;
  }
  let storesSelling = 0;
  for (const o of skus.objects() as Array<{ ours: boolean; stores: number }>) if (o.ours) storesSelling += o.stores;
  return { loadMs: t1 - t0, queryMs: t2 - t1, ourValue, categoryValue, storesSelling };
}
