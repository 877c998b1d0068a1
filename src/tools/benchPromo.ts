/**
 * `npm run bench`, section 7: what the promotion evaluation adds to a review at Excel's scale — a
 * sell-out of 1,048,575 rows by store, SKU and ISO week (302 stores × 60 SKUs × 58 weeks, the promo
 * flag set in runs of two weeks per SKU), the review of one retailer for 2026-Q2 with and without it.
 */
import { RawCell, ingestWorkbook, runReview } from "../engine";
import { buildContext } from "../engine/analytics/context";
import { DEFAULT_PROMOTION_OPTIONS, computePromotions } from "../engine/analytics/promotions";
import { BENCH_OURS, BENCH_RETAILER } from "./benchData";
import { heapMb, peakRssMb } from "./benchMeasure";

const WEEKS = 58;
const RETAILERS = ["Carrefour", "RT-Mart", "Walmart"];
const MAKERS = ["Sunrise Foods", "Golden Harvest", "Maple Bakery", "Blue Ocean Beverages"];

function hash(i: number): number {
  let x = (i + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** ISO week labels from 2025-W27 (Monday 2025-06-30) on. */
function weekLabels(): string[] {
  const out: string[] = [];
  for (let k = 0; k < WEEKS; k++) {
    const w = 27 + k;
    out.push(w <= 52 ? `2025-W${String(w).padStart(2, "0")}` : `2026-W${String(w - 52).padStart(2, "0")}`);
  }
  return out;
}

export function weeklyGrid(n: number): RawCell[][] {
  const labels = weekLabels();
  const rows: RawCell[][] = [["Retailer", "Store", "SKU", "Manufacturer", "Category", "Segment", "Week", "Units", "Sales value", "Promo"]];
  for (let i = 0; i < n; i++) {
    const week = i % WEEKS;
    const sku = Math.floor(i / WEEKS) % 60;
    const store = Math.floor(i / (WEEKS * 60));
    const promo = (sku * 7 + week) % 13 < 2;
    const units = 1 + (hash(i) % 40) * (promo ? 2 : 1);
    rows.push([
      RETAILERS[store % 3],
      `S${String(store).padStart(4, "0")}`,
      `69012345${String(sku).padStart(5, "0")}`,
      MAKERS[sku % 4],
      sku % 8 < 4 ? "Biscuits" : "Juice",
      `Seg ${sku % 5}`,
      labels[week],
      units,
      units * (5 + (sku % 7)),
      promo ? "Y" : null,
    ]);
  }
  return rows;
}

export function benchPromotionsSection(log: (l?: string) => void, n = 1_048_575): void {
  const grid = weeklyGrid(n);
  const t0 = performance.now();
  const input = ingestWorkbook({
    sheets: [
      { name: "Settings", rows: [["Own company", BENCH_OURS]] },
      { name: "Sell-out", rows: grid },
    ],
  });
  const t1 = performance.now();
  const r = runReview(input, { retailer: BENCH_RETAILER, period: "2026-Q2" });
  const t2 = performance.now();
  if (!r.ok) throw new Error(r.issues.map((i) => i.code).join());
  const built = buildContext(input, { retailer: BENCH_RETAILER, period: "2026-Q2" });
  if (!built.ok) throw new Error("no context");
  // The evaluation alone, on its own, best of three (the first run warms the JIT).
  let best = Infinity;
  let events = 0;
  for (let k = 0; k < 3; k++) {
    const a = performance.now();
    events = computePromotions(built.context, DEFAULT_PROMOTION_OPTIONS).events!.length;
    best = Math.min(best, performance.now() - a);
  }
  const s = (ms: number) => (ms / 1000).toFixed(2);
  log(
    `7. Promotion evaluation: ${n.toLocaleString("en-US")} sell-out rows by store, SKU and ISO week (302 stores × 60 SKUs × 58 weeks), ${BENCH_RETAILER} 2026-Q2`,
  );
  log(
    `   ingest ${s(t1 - t0)} s · the whole review ${s(t2 - t1)} s, of which the evaluation of ${events} events ${(best / 1000).toFixed(3)} s · peak RSS ${peakRssMb().toFixed(0)} MB, heap ${heapMb().toFixed(0)} MB`,
  );
}
