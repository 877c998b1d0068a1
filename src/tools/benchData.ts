/**
 * The benchmark's data: a sell-out export of 300 stores × 60 SKUs × 27 months, 12 columns, the way
 * a big retailer portal export looks (text and numbers mixed: 1 value in 50 is text with a thousands
 * separator). Row i depends on i only, so any block can be made on its own and a streamed run sees
 * exactly the rows a held grid holds.
 */
import type { RawCell } from "../engine";

export const BENCH_HEADER = [
  "Retailer",
  "Region",
  "Store",
  "SKU",
  "Product name",
  "Manufacturer",
  "Category",
  "Segment",
  "Month",
  "Units",
  "Sales value",
  "Promo",
];
export const BENCH_RETAILER = "Carrefour";
export const BENCH_OURS = "Sunrise Foods";
export const BENCH_PERIOD = "2026-Q3";
const RETAILERS = ["Carrefour", "RT-Mart", "Walmart"];
const REGIONS = ["East", "North", "South", "West"];
const MAKERS = ["Sunrise Foods", "Golden Harvest", "Maple Bakery", "Blue Ocean Beverages"];
const CATEGORIES = ["Biscuits", "Juice"];

/** A cheap integer hash (so each row's value needs no state from the rows before it). */
function hash(i: number): number {
  let x = (i + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Data row i (0-based, below the header). */
export function benchRow(i: number): RawCell[] {
  // Every size spans all 27 months (2024-07..2026-09), so each review has a P and a P'.
  const month = i % 27;
  const sku = Math.floor(i / 27) % 60;
  const store = Math.floor(i / (27 * 60)) % 300;
  const value = (hash(i) % 50000) / 100;
  const y = 2024 + Math.floor((6 + month) / 12);
  // Text made afresh per row, as a reader parsing a file or Office's JSON makes it (no shared string objects).
  return [
    RETAILERS[store % 3],
    REGIONS[store % 4],
    `S${String(store).padStart(4, "0")}`,
    `69012345${String(sku).padStart(5, "0")}`,
    `${CATEGORIES[Math.floor(sku / 4) % 2]} item ${sku} ${100 + 25 * (sku % 8)}g`,
    MAKERS[sku % 4],
    CATEGORIES[Math.floor(sku / 4) % 2],
    `Seg ${sku % 5}`,
    `${y}-${String(((6 + month) % 12) + 1).padStart(2, "0")}`,
    1 + (i % 40),
    i % 50 === 0 ? value.toLocaleString("en-US", { minimumFractionDigits: 2 }) : value,
    i % 9 === 0 ? "Y" : null,
  ];
}

/** Rows [from, to) of the data. */
export function benchRows(from: number, to: number): RawCell[][] {
  const out: RawCell[][] = new Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = benchRow(i);
  return out;
}
