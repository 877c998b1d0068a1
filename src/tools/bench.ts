/**
 * `npm run bench`: the engine on sell-out grids of 100k, 300k and 1,048,575 rows, as the 2-D arrays
 * Excel returns (text and numbers mixed as in real sheets): wall time of each phase, rows per second,
 * peak memory. A first cut of the performance issue: the DuckDB and Arquero comparisons, the
 * streaming file read and the bundle size come with it.
 *   npm run bench [-- --sizes 100000,300000]
 */
import { composeReview, ingestWorkbook, reviewJson, runReview, RawCell, WorkbookGrids } from "../engine";

const RETAILERS = ["Carrefour", "RT-Mart", "Walmart"];
const MAKERS = ["Sunrise Foods", "Golden Harvest", "Maple Bakery", "Blue Ocean Beverages"];
const CATEGORIES = ["Biscuits", "Juice"];

/** A deterministic grid: 300 stores × 60 SKUs × months, the way a big export looks. */
function sellOutGrid(rows: number): RawCell[][] {
  const grid: RawCell[][] = [["Retailer", "Store", "SKU", "Manufacturer", "Category", "Segment", "Month", "Units", "Sales value", "Promo"]];
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < rows; i++) {
    // Every size spans all 27 months (2024-07..2026-09), so each review has a P and a P'.
    const month = i % 27;
    const sku = Math.floor(i / 27) % 60;
    const store = Math.floor(i / (27 * 60)) % 300;
    const y = 2024 + Math.floor((6 + month) / 12);
    const m = ((6 + month) % 12) + 1;
    const value = Math.round(rand() * 50000) / 100;
    grid.push([
      RETAILERS[store % 3],
      `S${String(store).padStart(4, "0")}`,
      `69012345${String(sku).padStart(5, "0")}`,
      MAKERS[sku % 4],
      CATEGORIES[sku % 2],
      `Seg ${sku % 5}`,
      `${y}-${String(m).padStart(2, "0")}`,
      1 + (i % 40),
      i % 50 === 0 ? value.toLocaleString("en-US", { minimumFractionDigits: 2 }) : value, // some numbers as text
      i % 9 === 0 ? "Y" : null,
    ]);
  }
  return grid;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
}

async function main(): Promise<void> {
  const arg = process.argv.indexOf("--sizes");
  const sizes = arg > 0 ? process.argv[arg + 1].split(",").map(Number) : [100_000, 300_000, 1_048_575];
  const lines: string[] = ["rows        grid s  ingest s  review s  compose+json s  total s  rows/s (ingest+review)  RSS peak  heap"];
  for (const n of sizes) {
    if (global.gc) global.gc();
    let peak = process.memoryUsage().rss;
    const tick = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const grids: WorkbookGrids = {
      sheets: [
        { name: "Sell-out", rows: sellOutGrid(n) },
        { name: "Settings", rows: [["Own company", "Sunrise Foods"]] },
      ],
    };
    const t1 = performance.now();
    const input = ingestWorkbook(grids);
    const t2 = performance.now();
    const res = runReview(input, { retailer: "Carrefour", period: "2026-Q3" });
    const t3 = performance.now();
    if (!res.ok) throw new Error(res.issues.map((i) => i.code).join());
    composeReview(res.review, { lang: "en", audience: "internal" });
    JSON.stringify(reviewJson(res.review, { audience: "internal", lang: "en" }));
    const t4 = performance.now();
    clearInterval(tick);
    peak = Math.max(peak, process.memoryUsage().rss);
    const s = (a: number, b: number) => ((b - a) / 1000).toFixed(2).padStart(8);
    lines.push(
      `${String(n).padEnd(10)}${s(t0, t1)}${s(t1, t2)}${s(t2, t3)}${s(t3, t4).padStart(15)}${s(t1, t4).padStart(9)}${Math.round(n / ((t3 - t1) / 1000))
        .toLocaleString("en-US")
        .padStart(24)}${mb(peak).padStart(10)}${mb(process.memoryUsage().heapUsed).padStart(8)}`,
    );
    process.stdout.write(`${lines[lines.length - 1]}\n`);
  }
  process.stdout.write(`\n${lines.join("\n")}\n`);
}

void main();
