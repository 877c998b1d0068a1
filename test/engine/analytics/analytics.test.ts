import { Review, composeReview, issueMessage, runReview, scoreStatus } from "../../../src/engine";
import { ingest, sheet, where } from "../../helpers";

/*
 * Carrefour, P = 2026-Q3 (92 days, w = 92/7 weeks), P' = 2025-Q3. Ours = Acme, all Biscuits.
 *
 * Stores of Carrefour (ACV in brackets):
 *   S1 open 2020 (40) · S2 open 2020 (60) · S3 opened 2026-08-15, mid-period (80)
 *   S4 closed 2026-06-30 (before P: not in U) · S5 opens 2026-10-01 (after P: not in U)
 *   => U = {S1, S2, S3}, |U| = 3
 *
 * Sell-out at Carrefour in P (value / units):
 *   S1: X2 100/10, C1 500/25, X4 50/5, C2 80/20
 *   S2: X1 300/30, X2 50/5, C1 100/5, X3 100/50
 *   S3: X1 300/30, X2 50/5, X5 50/5, C1 100/5, X3 0/0 (a zero row: used, but S3 is not selling X3)
 *   ours: X1 600, X2 200, X3 100, X4 50, X5 50 = 1000
 *   category value per store: S1 730, S2 550, S3 500 = 1780
 * P' (2025-Q3, at S1): X1 500, X2 250, X3 100, X4 60, X5 40
 * Walmart, P: X6 at W1 140 and W2 70 (ours, not listed at Carrefour), C1 at W1 290
 */
const stores = sheet("Stores", [
  ["Store", "Retailer", "Open date", "Close date", "ACV"],
  ["S1", "Carrefour", "2020-01-01", null, 40],
  ["S2", "Carrefour", "2020-01-01", null, 60],
  ["S3", "Carrefour", "2026-08-15", null, 80],
  ["S4", "Carrefour", "2019-01-01", "2026-06-30", 90],
  ["S5", "Carrefour", "2026-10-01", null, 70],
  ["W1", "Walmart", "2020-01-01", null, 50],
  ["W2", "Walmart", "2020-01-01", null, 50],
]);
const products = sheet("Products", [
  ["SKU", "Product name", "Manufacturer", "Category", "Segment", "Pack size"],
  ["X1", "Cream 500g", "Acme", "Biscuits", "Cream", "500g"],
  ["X2", "Cream 1kg", "Acme", "Biscuits", "Cream", "1kg"],
  ["X3", "Crackers 200g", "Acme", "Biscuits", "Crackers", "200克"],
  ["X4", "Cookies A", "Acme", "Biscuits", "Cookies", "100g"],
  ["X5", "Cookies B", "Acme", "Biscuits", "Cookies", "100g"],
  ["X6", "Cookies C", "Acme", "Biscuits", "Cookies", "100g"],
  ["C1", "Rival cream 1kg", "Rival", "Biscuits", "Cream", "1千克"],
  ["C2", "Rival crackers 400g", "Rival", "Biscuits", "Crackers", "400g"],
]);
const sellOut = sheet("Sell-out", [
  ["Retailer", "Store", "SKU", "Month", "Units", "Sales value"],
  ["Carrefour", "S1", "X2", "2026-07", 10, 100],
  ["Carrefour", "S1", "C1", "2026-07", 25, 500],
  ["Carrefour", "S1", "X4", "2026-08", 5, 50],
  ["Carrefour", "S1", "C2", "2026-08", 20, 80],
  ["Carrefour", "S2", "X1", "2026-08", 30, 300],
  ["Carrefour", "S2", "X2", "2026-08", 5, 50],
  ["Carrefour", "S2", "C1", "2026-08", 5, 100],
  ["Carrefour", "S2", "X3", "2026-08", 50, 100],
  ["Carrefour", "S3", "X1", "2026-09", 30, 300],
  ["Carrefour", "S3", "X2", "2026-09", 5, 50],
  ["Carrefour", "S3", "X5", "2026-09", 5, 50],
  ["Carrefour", "S3", "C1", "2026-09", 5, 100],
  ["Carrefour", "S3", "X3", "2026-09", 0, 0],
  // In July, the first month of P', so the sell-out covers P' from its first day (else no comparison).
  ["Carrefour", "S1", "X1", "2025-07", 50, 500],
  ["Carrefour", "S1", "X2", "2025-08", 25, 250],
  ["Carrefour", "S1", "X3", "2025-08", 50, 100],
  ["Carrefour", "S1", "X4", "2025-08", 6, 60],
  ["Carrefour", "S1", "X5", "2025-08", 4, 40],
  ["Walmart", "W1", "X6", "2026-07", 14, 140],
  ["Walmart", "W2", "X6", "2026-07", 7, 70],
  ["Walmart", "W1", "C1", "2026-07", 15, 290],
]);
const priceChecks = sheet("Price checks", [
  ["Date", "Retailer", "Store", "SKU", "Shelf price", "Promo price"],
  ["2026-07-10", "Carrefour", "S1", "X1", 10.0, null],
  ["2026-08-10", "Carrefour", "S2", "X1", 12.0, 9.0],
  ["2026-09-10", "Carrefour", "S3", "X1", 11.0, null],
  ["2026-08-10", "Carrefour", "S2", "C1", 20.0, null],
  ["2026-08-10", "Carrefour", "S2", "X3", 2.0, null],
  ["2026-05-10", "Carrefour", "S2", "X2", 99.0, null], // outside P: ignored
  ["2026-08-10", "Walmart", "W1", "X2", 77.0, null], // another retailer: ignored
]);
const pairs = sheet("Price pairs", [
  ["Our SKU", "Competitor SKU", "Corridor low", "Corridor high"],
  ["X1", "C1", null, null],
]);
const targets = sheet("Targets", [
  ["Retailer", "KPI", "Period", "Target", "Direction"],
  ["Carrefour", "Sales value", "2026-Q3", 1000, null], // met exactly: green
  ["Carrefour", "Value share", "2026-Q3", 0.58, "at least"], // 0.5618 >= 0.551: amber
  ["Carrefour", "ND of A SKUs", "2026-Q3", 90, null], // 0.8333 < 0.855: red (90 read as 90%)
  ["Carrefour", "Price index", "2026-Q3", 96, "at most"], // 95.56 <= 96: green
  ["Carrefour", "Happiness", "2026-Q3", 1, null], // unknown KPI: an issue
  ["Carrefour", "Sales value", "2026-Q2", 5, null], // another period: not in this review
  ["Walmart", "Sales value", "2026-Q3", 5, null], // another retailer
]);
const actions = sheet("Actions", [
  ["Retailer", "Action", "Owner", "Due", "Status", "Opened in"],
  ["Carrefour", "A: fix facings", "Li", "2026-08-01", "Open", "2026-Q2"],
  ["Carrefour", "B: new listing", "Wang", "2026-12-01", "In progress", "2026-Q3"],
  ["Carrefour", "C: gondola end", "Li", "2026-09-10", "Done", "2026-Q2"],
  ["Carrefour", "D: old promo", "Li", "2026-03-01", "Done", "2026-Q1"],
  ["Walmart", "E: other retailer", "Chen", "2026-08-01", "Open", "2026-Q2"],
]);
const settings = sheet("Settings", [["Own company", "Acme"]]);

const w = 92 / 7;
let review: Review;
beforeAll(() => {
  const r = runReview(ingest(settings, stores, products, sellOut, priceChecks, pairs, targets, actions), { retailer: "Carrefour", period: "2026-Q3" });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  review = r.review;
});

const close = (a: number | null, b: number) => expect(a).toBeCloseTo(b, 9);

describe("SKU mix and distribution", () => {
  test("store universe: the store opened mid-period is in, the closed and the not-yet-open are out", () => {
    expect(review.assortment.universe).toEqual(["S1", "S2", "S3"]);
    expect(review.assortment.universeSource).toBe("stores-sheet");
  });

  test("order by value, ties by SKU; the SKU ending exactly at 80% is A and the next is B", () => {
    const skus = review.assortment.skus;
    expect(skus.map((s) => [s.sku, s.value, s.abcClass])).toEqual([
      ["X1", 600, "A"], // cumulative before 0
      ["X2", 200, "A"], // before 0.6 -> crosses 80%: A
      ["X3", 100, "B"], // before exactly 0.80: not < 0.80
      ["X4", 50, "B"], // before 0.90; tie with X5 at 50, X4 first by code
      ["X5", 50, "C"], // before exactly 0.95
    ]);
    expect(skus.map((s) => s.contribution)).toEqual([0.6, 0.2, 0.1, 0.05, 0.05]);
    expect(skus.map((s) => s.cumulativeContribution)).toEqual([0.6, 0.8, 0.9, 0.95, 1]);
  });

  test("textbook: sold in the two larger of three stores with ACV 40, 60, 80 -> ND 2/3, %ACV 140/180", () => {
    const x1 = review.assortment.skus[0];
    expect(x1.storesSelling).toBe(2);
    expect(x1.storeUniverse).toBe(3);
    close(x1.numericDistribution, 2 / 3); // 67%
    close(x1.acvDistribution, 140 / 180); // 78%
    expect(Math.round(x1.numericDistribution! * 100)).toBe(67);
    expect(Math.round(x1.acvDistribution! * 100)).toBe(78);
    close(x1.weightedDistribution, (550 + 500) / 1780); // category value of S2 + S3 over all of U
    close(x1.rateOfSale, 600 / (2 * w)); // 22.83 per store per week
    close(x1.unitsRateOfSale, 60 / (2 * w));
    close(x1.growthPct, 20); // 600 / 500 - 1
  });

  test("a zero-value row does not make its store a selling store", () => {
    const x3 = review.assortment.skus.find((s) => s.sku === "X3")!;
    expect(x3.storesSelling).toBe(1); // S2 only; S3 had a 0 row
    close(x3.numericDistribution, 1 / 3);
    close(x3.weightedDistribution, 550 / 1780);
    close(x3.growthPct, 0);
  });

  test("tail: class C and selling slower than the median SKU", () => {
    // rates of sale per week: X1 300/w, X2 200/(3w), X3 100/w, X4 50/w, X5 50/w -> median 66.7/w
    expect(review.assortment.skus.map((s) => s.tail)).toEqual([false, false, false, false, true]);
  });

  test("listing gap: X6 sells at Walmart only; pooled rate of sale × |U| × weeks × WD target 0.5", () => {
    expect(review.assortment.listingGaps).toHaveLength(1);
    const g = review.assortment.listingGaps[0];
    expect(g.sku).toBe("X6");
    close(g.pooledRateOfSale, 210 / (2 * w));
    close(g.opportunityValue, (210 / (2 * w)) * 3 * w * 0.5); // = 157.5
    close(g.opportunityValue, 157.5);
  });

  test("without a Stores sheet the universe is the stores of R with sales in P", () => {
    const r = runReview(ingest(settings, products, sellOut), { retailer: "Carrefour", period: "2026-Q3" });
    if (!r.ok) throw new Error("failed");
    expect(r.review.assortment.universe).toEqual(["S1", "S2", "S3"]);
    expect(r.review.assortment.universeSource).toBe("sell-out");
    expect(r.review.assortment.skus[0].acvDistribution).toBeNull(); // no ACV without Stores
  });

  test("a store selling outside the universe is reported, and its sales still count in value", () => {
    const extra = sheet("Sell-out", [...sellOut.rows, ["Carrefour", "S4", "X1", "2026-07", 7, 70]]);
    const r = runReview(ingest(settings, stores, products, extra), { retailer: "Carrefour", period: "2026-Q3" });
    if (!r.ok) throw new Error("failed");
    expect(r.review.issues.filter((i) => i.code === "store-not-in-universe").map((i) => i.params.store)).toEqual(["S4"]);
    expect(r.review.assortment.skus[0].value).toBe(670);
    expect(r.review.assortment.skus[0].storesSelling).toBe(2);
  });
});

describe("price position", () => {
  test("a paired SKU with price checks, 500 g against 1 kg", () => {
    const x1 = review.prices.pricePosition.find((p) => p.sku === "X1")!;
    expect(x1.priceSource).toBe("price-check");
    expect(x1.reference).toBe("C1");
    close(x1.observedPrice, 11); // median of 10, 12, 11
    close(x1.pricePerBaseUnit, 22); // 11 / 0.5 kg
    close(x1.referencePricePerBaseUnit, 20); // C1: 20 / 1 kg
    close(x1.priceIndex, 110);
    expect([x1.corridorLow, x1.corridorHigh, x1.status]).toEqual([95, 105, "above"]); // blank pair corridor -> default
  });

  test("an unpaired SKU without checks: derived price against the segment average", () => {
    const x2 = review.prices.pricePosition.find((p) => p.sku === "X2")!;
    expect(x2.priceSource).toBe("derived");
    expect(x2.reference).toBe("segment");
    close(x2.observedPrice, 200 / 20); // value / units in sell-out = 10 per 1 kg pack
    close(x2.referencePricePerBaseUnit, 700 / 35); // Cream competitors: Σ value / Σ kg = (500+100+100) / (25+5+5) × 1 kg
    close(x2.priceIndex, 50);
    expect(x2.status).toBe("below");
  });

  test("within the corridor: X3 at 2.00 per 200 g against C2 at 4.00 per 400 g", () => {
    const x3 = review.prices.pricePosition.find((p) => p.sku === "X3")!;
    close(x3.pricePerBaseUnit, 10); // 2 / 0.2 kg
    close(x3.referencePricePerBaseUnit, 80 / (20 * 0.4)); // 10 per kg
    close(x3.priceIndex, 100);
    expect(x3.status).toBe("within");
  });

  test("promotions: no promo flags in this sell-out, so no promo share; depth from price checks", () => {
    expect(review.prices.promotions.promoShare).toBeNull();
    close(review.prices.promotions.promoDepth, 1 - 9 / 11); // X1: promo 9 vs shelf median 11, one promo check
    expect(review.prices.promotions.promoDepthWeighting).toBe("checks");
  });

  test("promotions from promo flags: value share on promotion, depth weighted by promoted units", () => {
    const promoSellOut = sheet("Sell-out", [
      ["Retailer", "Store", "SKU", "Month", "Units", "Sales value", "Promo"],
      ["Carrefour", "S1", "X4", "2026-07", 10, 100, "N"], // regular 10.00
      ["Carrefour", "S1", "X4", "2026-08", 10, 80, "Y"], // promo 8.00: depth 20%, 10 promo units
      ["Carrefour", "S1", "X5", "2026-07", 10, 100, null], // regular 10.00
      ["Carrefour", "S1", "X5", "2026-08", 30, 150, "是"], // promo 5.00: depth 50%, 30 promo units
    ]);
    const r = runReview(ingest(settings, products, promoSellOut), { retailer: "Carrefour", period: "2026-Q3" });
    if (!r.ok) throw new Error("failed");
    close(r.review.prices.promotions.promoShare, 230 / 430);
    close(r.review.prices.promotions.promoDepth, (0.2 * 10 + 0.5 * 30) / 40); // 0.425
    expect(r.review.prices.promotions.promoDepthWeighting).toBe("units");
  });
});

describe("growth opportunities", () => {
  test("quantified in money and sorted by value", () => {
    // A SKUs' ND: X1 2/3, X2 1 -> median 5/6. Below it: X1, X3, X4, X5.
    //   X1: (5/6 - 2/3) × 3 = 0.5 stores × 300/w × w = 150
    //   X3: (5/6 - 1/3) × 3 = 1.5 stores × 100/w × w = 150
    //   X4, X5: 1.5 stores × 50/w × w = 75 each
    // Listing gap X6: 157.5. Fair share: 1000/1780 = 56.2% at R > 1210/2280 = 53.1% in the market: no gap.
    // Price corridor: X1 above, X2 below: value at risk 600 + 200 = 800.
    const o = review.opportunities.map((x) => [x.kind, Math.round(x.value * 1e6) / 1e6, x.params.sku ?? x.params.count]);
    expect(o).toEqual([
      ["price-corridor", 800, 2],
      ["listing-gap", 157.5, "X6"],
      ["distribution-gap", 150, "X1"],
      ["distribution-gap", 150, "X3"],
      ["distribution-gap", 75, "X4"],
      ["distribution-gap", 75, "X5"],
    ]);
  });
});

describe("growth opportunities' total (metrics.md, 2026-12-01)", () => {
  const rowsOf = (rev: Review) => composeReview(rev, { lang: "en", audience: "internal" }).sections.find((x) => x.id === "opportunities")!.tables[0].rows;
  test("adds distribution and listing gaps only; sales at stake is listed and marked, not added", () => {
    const rows = rowsOf(review);
    // 157.5 + 150 + 150 + 75 + 75 = 607.5; the 800 of the price corridor is not growth.
    expect(rows[rows.length - 1]).toMatchObject({ kindLabel: "Total growth opportunities (distribution and listing gaps)", value: 607.5 });
    expect(rows[0]).toMatchObject({ kindLabel: "Price corridor", value: 800, inTotal: "Not added: value at risk, not growth" });
    expect(rows[1]).toMatchObject({ kindLabel: "Listing gap", inTotal: "Added" });
  });
  test("a fair-share gap overlaps the distribution gaps of its category: listed, marked, not added", () => {
    // Walmart: ours X6 210 of 500 = 42% against 1,210 / 2,280 = 53.07% in the market:
    // gap = (1,210/2,280 − 0.42) × 500 = 55.35; listing gaps X1…X5 (sold at Carrefour only) make the total.
    const r = runReview(ingest(settings, stores, products, sellOut), { retailer: "Walmart", period: "2026-Q3" });
    if (!r.ok) throw new Error("failed");
    const fair = r.review.opportunities.find((o) => o.kind === "fair-share-gap")!;
    close(fair.value, (1210 / 2280 - 210 / 500) * 500);
    expect(fair.inTotal).toBe(false);
    const listing = r.review.opportunities.filter((o) => o.kind === "listing-gap");
    expect(listing.length).toBeGreaterThan(0);
    const rows = rowsOf(r.review);
    close(
      rows[rows.length - 1].value as number,
      listing.reduce((a, o) => a + o.value, 0),
    );
    expect(rows.find((x) => x.kindLabel === "Fair-share gap")!.inTotal).toBe("Not added: overlaps the category's distribution gaps");
  });
});

describe("scorecard and actions", () => {
  test("met, within 5%, missed, and an 'at most' target", () => {
    expect(review.scorecard.map((l) => [l.kpi, l.status])).toEqual([
      ["Sales value", "green"],
      ["Value share", "amber"],
      ["ND of A SKUs", "red"],
      ["Price index", "green"],
    ]);
    close(review.scorecard[1].actual, 1000 / 1780);
    expect(review.scorecard[2].target).toBe(0.9);
    close(review.scorecard[2].actual, (2 / 3 + 1) / 2);
    close(review.scorecard[3].actual, (600 * 110 + 200 * 50 + 100 * 100) / 900); // value-weighted index 95.56
    expect(review.scorecard[3].direction).toBe("at-most");
    expect(review.issues.filter((i) => i.code === "unknown-kpi").map(where)).toEqual([
      { sheet: "Targets", row: 6, column: "B", code: "unknown-kpi", severity: "warning" },
    ]);
  });

  test("status rules on their own", () => {
    expect(scoreStatus(100, 100, "at-least")).toBe("green");
    expect(scoreStatus(95, 100, "at-least")).toBe("amber");
    expect(scoreStatus(94.99, 100, "at-least")).toBe("red");
    expect(scoreStatus(105, 100, "at-most")).toBe("amber");
    expect(scoreStatus(105.01, 100, "at-most")).toBe("red");
    expect(scoreStatus(null, 100, "at-most")).toBeNull();
  });

  test("open actions carry over, done ones stay only in the period they were due; overdue is marked", () => {
    expect(review.actions.map((a) => [a.action, a.due, a.status, a.overdue])).toEqual([
      ["A: fix facings", "2026-08-01", "Open", true],
      ["C: gondola end", "2026-09-10", "Done", false],
      ["B: new listing", "2026-12-01", "In progress", false],
    ]);
  });
});

describe("targets and KPIs as typed (metrics.md, 2026-12-01)", () => {
  // Carrefour in 2026-Q3: ours 1,000 of 1,780 (share 0.5618); P' 950 of 950 (share 1), so growth
  // 1000/950 − 1 = 5.263% and share change −43.82 pp; Cream segment: ours 800 of 1,500, P' 750 -> +6.667%.
  const typed = sheet("Targets", [
    ["Retailer", "KPI", "Period", "Target", "Direction", "Category", "Segment"],
    ["Carrefour", "销售额", "2026-Q3", "≥1000", null, null, null], // 2: 1,000 at least: green
    ["Carrefour", "Value share", "2026-Q3", "35%", null, null, null], // 3: 0.35: green
    ["Carrefour", "份额", "2026-Q3", "0.6", null, null, null], // 4: 0.5618 < 0.6 − 0.03: red
    ["Carrefour", "Growth", "2026-Q3", "5%", null, null, null], // 5: 5 (%): 5.263 green
    ["Carrefour", "增长率", "2026-Q3", 5, null, null, null], // 6: 5 means 5%
    ["Carrefour", "Growth", "2026-Q3", 0.05, null, null, null], // 7: a %-formatted cell's 0.05 is 5% (info)
    ["Carrefour", "价格指数", "2026-Q3", "<= 95", null, null, null], // 8: 95.56 <= 95 + 4.75: amber
    ["Carrefour", "ND of A SKUs", "2026-Q3", "不低于90%", "at most", null, null], // 9: the sign wins: at least 0.9, red
    ["Carrefour", "Share change", "2026-Q3", "+0.5pp", null, null, null], // 10: 0.5 pp: red
    ["Carrefour", "Value share", "2026-Q3", "50%", null, "Biscuits", null], // 11: per category: 0.5618 green
    ["Carrefour", "Growth", "2026-Q3", "≥ 6%", null, "Biscuits", "Cream"], // 12: per segment: 6.667 green
    ["Carrefour", "Price index", "2026-Q3", 100, null, "Biscuits", null], // 13: not per category: an issue
    ["Carrefour", "Sales value", "2026-Q3", "about a million", null, null, null], // 14: unreadable: an issue
    ["Carrefour", "Sales value", "2026-Q3", 900, "bigger", null, null], // 15: direction unreadable: default
    ["Carrefour", "Value share", "2026-Q3", "40%", null, "Juice", null], // 16: no such category here
    ["Carrefour", "贸易费用率", "2026-Q3", "不高于25%", null, null, null], // 17: at most 25; no terms: no actual
  ]);
  let r: Review;
  beforeAll(() => {
    const x = runReview(ingest(settings, stores, products, sellOut, priceChecks, pairs, typed), { retailer: "Carrefour", period: "2026-Q3" });
    if (!x.ok) throw new Error(JSON.stringify(x.issues));
    r = x.review;
  });
  test("every form of metrics.md read in the KPI's unit, with its direction", () => {
    const lines = r.scorecard.map((l) => [l.kpi, l.target, l.direction, l.category, l.segment, l.status]);
    expect(lines).toEqual([
      ["销售额", 1000, "at-least", null, null, "green"],
      ["Value share", 0.35, "at-least", null, null, "green"],
      ["份额", 0.6, "at-least", null, null, "red"],
      ["Growth", 5, "at-least", null, null, "green"],
      ["增长率", 5, "at-least", null, null, "green"],
      ["Growth", 5, "at-least", null, null, "green"],
      ["价格指数", 95, "at-most", null, null, "amber"],
      ["ND of A SKUs", 0.9, "at-least", null, null, "red"],
      ["Share change", 0.5, "at-least", null, null, "red"],
      ["Value share", 0.5, "at-least", "Biscuits", null, "green"],
      ["Growth", 6, "at-least", "Biscuits", "Cream", "green"],
      ["Sales value", 900, "at-least", null, null, "green"],
      ["Value share", 0.4, "at-least", "Juice", null, null],
      ["贸易费用率", 25, "at-most", null, null, null],
    ]);
    close(r.scorecard[3].actual, (1000 / 950 - 1) * 100);
    close(r.scorecard[8].actual, (1000 / 1780 - 1) * 100);
    close(r.scorecard[10].actual, (800 / 750 - 1) * 100);
  });
  test("every row that cannot be scored is an issue with its cell", () => {
    const codes = ["kpi-no-category", "target-unreadable", "direction-unreadable", "target-category-not-found", "target-fraction-as-percent"];
    expect(r.issues.filter((i) => codes.includes(i.code)).map((i) => [i.code, i.severity, `${i.column}${i.row}`])).toEqual([
      ["target-fraction-as-percent", "info", "D7"],
      ["kpi-no-category", "warning", "F13"],
      ["target-unreadable", "warning", "D14"],
      ["direction-unreadable", "warning", "E15"],
      ["target-category-not-found", "warning", "F16"],
    ]);
    const noCategory = r.issues.find((i) => i.code === "kpi-no-category")!;
    expect(issueMessage(noCategory, "en")).toBe(
      'Targets row 13: Price index is not scored per category or segment (sales value, growth, value share, share change and fair-share index are); remove "Biscuits" from cell F13 or use one of those KPIs. The row was not scored.',
    );
    expect(issueMessage(noCategory, "zh")).toBe(
      "目标表第 13 行：Price index 不按品类或细分考核（可按品类考核的是销售额、增长率、市场份额、份额变化和公平份额指数）；请删除单元格 F13 中的“Biscuits”，或改用上述指标。该行未计入记分卡。",
    );
    const unreadable = r.issues.find((i) => i.code === "target-unreadable")!;
    expect(issueMessage(unreadable, "en")).toBe(
      'Targets row 14: cell D14 ("about a million") is not a target KA Review can read; write a number such as 35%, 0.35, ≤105, >= 90% or 不高于25%. The row was not scored.',
    );
    expect(issueMessage(unreadable, "zh")).toBe(
      "目标表第 14 行：单元格 D14（“about a million”）不是可识别的目标值；请填写如 35%、0.35、≤105、>= 90% 或 不高于25% 的数值。该行未计入记分卡。",
    );
  });
  test("the scorecard shows the KPI in the review's language beside the name as written", () => {
    const cover = composeReview(r, { lang: "en", audience: "internal" }).sections[0];
    const rows = cover.tables.find((t) => t.id === "scorecard")!.rows;
    expect(rows.slice(0, 2).map((x) => [x.kpi, x.kpiName, x.scope])).toEqual([
      ["销售额", "Sales value", null],
      ["Value share", "Value share", null],
    ]);
    expect(rows[10]).toMatchObject({ kpi: "Growth", kpiName: "Growth %", scope: "Biscuits / Cream" });
    const zh = composeReview(r, { lang: "zh", audience: "internal" }).sections[0].tables.find((t) => t.id === "scorecard")!.rows;
    expect(zh[1]).toMatchObject({ kpi: "Value share", kpiName: "市场份额" });
  });
});
