import { issueMessage, reviewJson, runReview } from "../../../src/engine";
import type { RawCell, Review } from "../../../src/engine";
import { ingest, sheet } from "../../helpers";

/*
 * ISO weeks (no retail calendar), Carrefour, one store. Ours: P1 and S1 (segment Cream), S2 (Cookies);
 * the rival C1. P = 2026-Q1: events starting 2026-01-01..03-31.
 *
 * P1 units by week (value = units × 10, or × 8 in promotion weeks, the promo price):
 *   W01 100 · W02 100 · W03 250 (event A) · W04 80 · W05 90 (A's post weeks) · W06–W11 100 ·
 *   W12 300 · W13 260 (event B) · W14 70 · W15 90 · W16–W20 100
 * S1: 50 a week (value 500), but W12 40 and W13 35 while P1 is on promotion.
 * S2: launched W09: W09–W11 30, W12 60 (event C), W13–W20 30.
 */
const settings = sheet("Settings", [["Own company", "Acme"]]);
const products = sheet("Products", [
  ["SKU", "Product name", "Manufacturer", "Category", "Segment", "List price", "Unit cost"],
  ["P1", "Cream 100g", "Acme", "Biscuits", "Cream", 6, 4],
  ["S1", "Cream 200g", "Acme", "Biscuits", "Cream", 6, 4.5],
  ["S2", "Cookies 100g", "Acme", "Biscuits", "Cookies", 5, 3],
  ["C1", "Rival cream", "Rival", "Biscuits", "Cream", null, null],
]);
const wk = (w: number) => `2026-W${String(w).padStart(2, "0")}`;
const P1: Record<number, number> = { 3: 250, 4: 80, 5: 90, 12: 300, 13: 260, 14: 70, 15: 90 };
function sellOutRows(p1 = P1): RawCell[][] {
  const rows: RawCell[][] = [["Retailer", "Store", "SKU", "Week", "Units", "Sales value"]];
  for (let w = 1; w <= 20; w++) {
    const u = p1[w] ?? 100;
    rows.push(["Carrefour", "S01", "P1", wk(w), u, u * (w === 3 || w === 12 || w === 13 ? 8 : 10)]);
    const s1 = w === 12 ? 40 : w === 13 ? 35 : 50;
    rows.push(["Carrefour", "S01", "S1", wk(w), s1, s1 * 10]);
    if (w >= 9) rows.push(["Carrefour", "S01", "S2", wk(w), w === 12 ? 60 : 30, (w === 12 ? 60 : 30) * 10]);
    rows.push(["Carrefour", "S01", "C1", wk(w), 200, 2000]);
  }
  return rows;
}
const promotions = (rows: RawCell[][] = []) =>
  sheet("Promotions", [
    ["Retailer", "Promotion", "SKU", "Start", "End", "Mechanic", "Promo price", "Fixed cost", "Funding per unit"],
    ["Carrefour", "New year", "P1", "2026-01-12", "2026-01-18", "Price cut", 8, 300, null], // A: W03, before P
    ["Carrefour", "Spring", "P1", "2026-03-16", "2026-03-29", "Flyer", 8, 500, 1], // B: W12–W13
    ["Carrefour", "Launch", "S2", "2026-03-16", "2026-03-22", "Display", null, null, null], // C: W12
    ...rows,
  ]);
function review(...sheets: ReturnType<typeof sheet>[]): Review {
  const r = runReview(ingest(settings, products, ...sheets), { retailer: "Carrefour", period: "2026-Q1" });
  if (!r.ok) throw new Error(JSON.stringify(r.issues.filter((i) => i.severity === "error")));
  return r.review;
}
const close = (a: number | null | undefined, b: number) => expect(a).toBeCloseTo(b, 9);

describe("an event against its baseline", () => {
  const r = review(sheet("Sell-out", sellOutRows()), promotions());
  const events = r.promotionEvents!;
  const B = events.find((e) => e.promotion === "Spring")!;

  test("events of ours starting in P, by start then SKU", () => {
    expect(events.map((e) => [e.promotion, e.sku, e.start, e.end, e.weeks])).toEqual([
      ["New year", "P1", "2026-01-12", "2026-01-18", 1], // A: only W01, W02 before it -> no clean baseline
      ["Spring", "P1", "2026-03-16", "2026-03-29", 2],
      ["Launch", "S2", "2026-03-16", "2026-03-22", 1],
    ]);
  });

  test("the baseline skips promoted and post-promo weeks: W11–W06, W02, W01 (W05, W04 after A; W03 is A)", () => {
    // Clean weeks before W12, latest first: W11 … W06 (6), W02, W01 -> 8 weeks of 100 units, 1,000 value.
    expect(B.baselineWeeks).toBe(8);
    expect([B.baselineUnitsPerWeek, B.baselineValuePerWeek]).toEqual([100, 1000]);
    // U_E = 300 + 260 = 560 against 2 × 100: +360 units, uplift 180 %; V_E = 2,400 + 2,080 = 4,480, +2,480.
    expect([B.units, B.baselineUnits, B.incrementalUnits]).toEqual([560, 200, 360]);
    close(B.upliftPct, 180);
    expect([B.value, B.baselineValue, B.incrementalValue]).toEqual([4480, 2000, 2480]);
    // Dip over W14, W15: 2 × 100 − (70 + 90) = 40 units; 2,000 − (700 + 900) = 400 value.
    expect([B.dipUnits, B.dipValue]).toEqual([40, 400]);
    close(B.promoDepth, 1 - 8 / (1000 / 100)); // 0.2
    expect(B.status).toBe("evaluated");
  });

  test("cannibalisation from the sister SKU of the segment not on promotion (S1), not from S2 in another segment", () => {
    // S1: 50 × 2 − (40 + 35) = 25 units, 1,000 − 750 = 250 value.
    expect([B.cannibalisedUnits, B.cannibalisedValue]).toEqual([25, 250]);
    // Net incremental value = 2,480 − 400 − 250 = 1,830.
    expect(B.netIncrementalValue).toBe(1830);
  });

  test("a sister SKU on promotion in a week of the event is not counted as cannibalised", () => {
    // S1 promoted in W13 (one of B's weeks): B has no other sister in Cream, so nothing is cannibalised.
    const x = review(sheet("Sell-out", sellOutRows()), promotions([["Carrefour", "S1 week", "S1", "2026-03-23", "2026-03-29", "Price cut", null, null, null]]));
    const b = x.promotionEvents!.find((e) => e.promotion === "Spring")!;
    expect([b.cannibalisedUnits, b.cannibalisedValue]).toEqual([0, 0]);
    expect(b.netIncrementalValue).toBe(2480 - 400);
  });

  test("cost, incremental gross profit, ROI and net ROI, cost per incremental unit", () => {
    // Cost = 500 + 1 × 560 = 1,060. m = 6 − 4 = 2; m(S1) = 6 − 4.5 = 1.5.
    // IGP = (360 − 40) × 2 − 25 × 1.5 = 602.5; ROI = 602.5 / 1,060 = 0.5684; net ROI = (602.5 − 1,060) / 1,060 = −43.16 %.
    expect(B.cost).toBe(1060);
    close(B.incrementalGrossProfit, 602.5);
    close(B.roi, 602.5 / 1060);
    close(B.netRoiPct, ((602.5 - 1060) / 1060) * 100);
    close(B.costPerIncrementalUnit, 1060 / 320);
  });

  test("fewer than 4 clean weeks: no clean baseline, its count given, cannibalisation still given", () => {
    const C = events.find((e) => e.promotion === "Launch")!;
    // S2 sells from W09: W11, W10, W09 are its only clean weeks before W12.
    expect(C).toMatchObject({ status: "no clean baseline", baselineWeeks: 3, units: 60, value: 600 });
    expect([C.baselineUnits, C.incrementalUnits, C.upliftPct, C.dipUnits, C.netIncrementalValue, C.roi]).toEqual([null, null, null, null, null, null]);
    expect([C.cannibalisedUnits, C.cannibalisedValue]).toEqual([0, 0]); // no sister in Cookies
    expect(C.cost).toBeNull(); // both cost parts blank
  });

  test("a post week on another promotion of the SKU: the dip is null, and so are the figures that need it", () => {
    const x = review(sheet("Sell-out", sellOutRows()), promotions([["Carrefour", "Easter", "P1", "2026-04-06", "2026-04-12", "Price cut", 8, 100, null]]));
    // Easter is W15, the second week after Spring (W14, W15).
    const b = x.promotionEvents!.find((e) => e.promotion === "Spring")!;
    expect([b.dipUnits, b.dipValue, b.netIncrementalValue, b.incrementalGrossProfit, b.roi]).toEqual([null, null, null, null, null]);
    expect(b.incrementalUnits).toBe(360);
  });

  test("cost parts: fixed only, funding only; break-even at ROI 1.0 and net ROI 0", () => {
    const only = (fixed: number | null, funding: number | null) =>
      review(
        sheet("Sell-out", sellOutRows()),
        sheet("Promotions", [
          ["Promotion", "SKU", "Start", "End", "Fixed cost", "Funding per unit"],
          ["New year", "P1", "2026-01-12", "2026-01-18", null, null],
          ["Spring", "P1", "2026-03-16", "2026-03-29", fixed, funding],
        ]),
      ).promotionEvents!.find((e) => e.promotion === "Spring")!;
    expect(only(500, null).cost).toBe(500);
    expect(only(null, 1).cost).toBe(560);
    expect(only(null, null).cost).toBeNull();
    expect(only(null, null).roi).toBeNull();
    const even = only(602.5, null);
    close(even.roi, 1);
    close(even.netRoiPct, 0);
  });
});

describe("events from the sell-out's promo flag, daily rows, retail years", () => {
  test("without a Promotions sheet: a run of flagged weeks is an event, with no cost", () => {
    const rows = sellOutRows().map((r, i) => (i === 0 ? [...r, "Promo"] : [...r, r[2] === "P1" && (r[3] === wk(12) || r[3] === wk(13)) ? "Y" : null]));
    const e = review(sheet("Sell-out", rows)).promotionEvents!;
    // Only B's weeks are flagged: W03 is then a clean week, so the baseline is W11 … W04 (8 weeks):
    // 100 × 6 + 80 + 90 = 770 / 8 = 96.25 a week.
    expect(e.map((x) => [x.promotion, x.sku, x.start, x.end, x.weeks, x.source])).toEqual([[null, "P1", "2026-03-16", "2026-03-29", 2, "flag"]]);
    close(e[0].baselineUnitsPerWeek, 770 / 8);
    expect(e[0].cost).toBeNull();
  });

  test("daily rows are summed into weeks: the same figures as the weekly table", () => {
    const weekly = sellOutRows();
    const daily: RawCell[][] = [["Retailer", "Store", "SKU", "Date", "Units", "Sales value"]];
    // ISO 2026-W01 starts Monday 2025-12-29; each week's units and value spread over its 7 days (4 on Monday, 1 other days: 10 parts).
    for (const r of weekly.slice(1)) {
      const w = Number(String(r[3]).slice(6));
      for (let d = 0; d < 7; d++) {
        const day = new Date(Date.UTC(2025, 11, 29 + 7 * (w - 1) + d)).toISOString().slice(0, 10);
        const part = d === 0 ? 0.4 : 0.1;
        daily.push([r[0], r[1], r[2], day, (r[4] as number) * part, (r[5] as number) * part]);
      }
    }
    const fromDays = review(sheet("Sell-out", daily), promotions()).promotionEvents!.find((e) => e.promotion === "Spring")!;
    const fromWeeks = review(sheet("Sell-out", weekly), promotions()).promotionEvents!.find((e) => e.promotion === "Spring")!;
    for (const k of ["units", "incrementalUnits", "upliftPct", "dipUnits", "cannibalisedUnits", "roi"] as const)
      close(fromDays[k] as number, fromWeeks[k] as number);
  });

  test("an event across the retail-year boundary of a 53-week year (NRF FY2024-W53 into FY2025-W01)", () => {
    // FY2024 (53 weeks) ends Saturday 2024-02-03; W53 = 2024-01-28..02-03, FY2025-W01 = 2024-02-04..02-10.
    const rows: RawCell[][] = [["Retailer", "Store", "SKU", "Fiscal week", "Units", "Sales value"]];
    const weeks = [...Array.from({ length: 12 }, (_, k) => `FY2024-W${42 + k}`), "FY2025-W01", "FY2025-W02", "FY2025-W03"];
    for (const label of weeks) {
      const promo = label === "FY2024-W53" || label === "FY2025-W01";
      rows.push(["Carrefour", "S01", "P1", label, promo ? 150 : 100, promo ? 1200 : 1000]);
      rows.push(["Carrefour", "S01", "C1", label, 200, 2000]);
    }
    const retail = sheet("Settings", [
      ["Own company", "Acme"],
      ["Calendar", "4-5-4"],
      ["Retail year end", "Saturday nearest 01-31"],
    ]);
    const x = runReview(
      ingest(
        retail,
        products,
        sheet("Sell-out", rows),
        sheet("Promotions", [
          ["SKU", "Start", "End"],
          ["P1", "2024-01-28", "2024-02-10"],
        ]),
      ),
      { retailer: "Carrefour", period: "FY2024-Q4" },
    );
    if (!x.ok) throw new Error("failed");
    const e = x.review.promotionEvents![0];
    // E = W53 and FY2025-W01 (2 weeks, E past the end of P); baseline W52 … W45 (8 of the 11 weeks before).
    expect([e.weeks, e.baselineWeeks, e.units, e.incrementalUnits]).toEqual([2, 8, 300, 100]);
    close(e.upliftPct, 50);
    // Post weeks W02, W03 at 100: no dip.
    expect(e.dipUnits).toBe(0);
  });

  test("monthly sell-out: no evaluation, an info issue says why, no promotionEvents key", () => {
    const monthly = sheet("Sell-out", [
      ["Retailer", "Store", "SKU", "Month", "Units", "Sales value", "Promo"],
      ["Carrefour", "S01", "P1", "2026-01", 400, 4000, "Y"],
      ["Carrefour", "S01", "C1", "2026-01", 800, 8000, null],
    ]);
    const r = review(monthly);
    expect(r.promotionEvents).toBeNull();
    const issue = r.issues.find((i) => i.code === "promotions-need-weeks")!;
    expect(issueMessage(issue, "en")).toBe(
      "Promotions at Carrefour are not evaluated: the sell-out is by month, and a promotion's baseline, uplift and dip need sell-out by week or by day.",
    );
    expect(issueMessage(issue, "zh")).toBe("Carrefour 的促销未做评估：零售数据按月，而促销的基线、增量和促销后回落需要按周或按日的零售数据。");
    expect("promotionEvents" in reviewJson(r, { audience: "internal", lang: "en" })).toBe(false);
  });

  test("the retailer's JSON has no cost, margin, ROI or cannibalisation key", () => {
    const r = review(sheet("Sell-out", sellOutRows()), promotions());
    const internal = reviewJson(r, { audience: "internal", lang: "en" }).promotionEvents![1];
    const retailer = reviewJson(r, { audience: "retailer", lang: "en" }).promotionEvents![1];
    expect(retailer.promotion).toBe("Spring");
    for (const k of [
      "cannibalisedUnits",
      "cannibalisedValue",
      "netIncrementalValue",
      "cost",
      "incrementalGrossProfit",
      "roi",
      "netRoiPct",
      "costPerIncrementalUnit",
    ]) {
      expect(k in internal).toBe(true);
      expect(k in retailer).toBe(false);
    }
    expect(retailer).toMatchObject({ upliftPct: 180, incrementalUnits: 360, incrementalValue: 2480, dipUnits: 40 });
    close(retailer.promoDepth, 0.2);
  });
});

describe("published worked examples", () => {
  function single(
    baseline: number,
    promoted: number[],
    after: number[],
    cost: RawCell[],
    margin: [number, number],
  ): ReturnType<typeof review>["promotionEvents"] {
    const rows: RawCell[][] = [["Retailer", "Store", "SKU", "Week", "Units", "Sales value"]];
    const series = [...Array(8).fill(baseline), ...promoted, ...after];
    series.forEach((u, k) => {
      rows.push(["Carrefour", "S01", "P1", wk(k + 2), u, u * 10]);
      rows.push(["Carrefour", "S01", "C1", wk(k + 2), 100, 1000]);
    });
    const p = sheet("Products", [
      ["SKU", "Manufacturer", "Category", "List price", "Unit cost"],
      ["P1", "Acme", "Biscuits", margin[0], margin[1]],
      ["C1", "Rival", "Biscuits", null, null],
    ]);
    // The event starts with week 10 (2026-03-02, in Q1).
    const last = 10 + promoted.length - 1;
    const end = new Date(Date.UTC(2025, 11, 29 + 7 * (last - 1) + 6)).toISOString().slice(0, 10);
    const r = runReview(
      ingest(
        settings,
        p,
        sheet("Sell-out", rows),
        sheet("Promotions", [
          ["SKU", "Start", "End", "Fixed cost"],
          ["P1", "2026-03-02", end, ...cost],
        ]),
      ),
      {
        retailer: "Carrefour",
        period: "2026-Q1",
      },
    );
    if (!r.ok) throw new Error("failed");
    return r.review.promotionEvents;
  }

  test("Uncommon Insights, 'Trade Promotion Optimization: The Incremental Lift Audit' (2025): 400 a week to 1,100 in the promotion week is a 175 % lift, 700 incremental", () => {
    // uncommoninsights.com.au/fmcg-strategy/trade-promotion: "Units sold during the promotion week jump from 400 to 1,100 … lift as 175% … 700 units".
    const e = single(400, [1100], [400, 400], [null], [10, 6])![0];
    expect([e.baselineUnitsPerWeek, e.incrementalUnits]).toEqual([400, 700]);
    close(e.upliftPct, 175);
  });

  test("Strata CPG, 'How to Measure Trade Promotion ROI' : $50,000 for 20,000 incremental units is $2.50 each; at $1.80 margin a unit it does not pay back", () => {
    // stratacpg.pages.dev/blog/how-to-measure-trade-promotion-roi.html: "spent $50,000 on a promotion that generated 20,000
    // incremental units, your cost per incremental unit is $2.50"; "costs $2.50 per incremental unit when your gross margin
    // per unit is $1.80 isn't a win". Here: baseline 10,000 a week, 2 weeks of 20,000, no dip, margin 1.80 (list 5.00, cost 3.20).
    const e = single(10000, [20000, 20000], [10000, 10000], [50000], [5, 3.2])![0];
    expect([e.incrementalUnits, e.dipUnits, e.cost]).toEqual([20000, 0, 50000]);
    close(e.costPerIncrementalUnit, 2.5);
    close(e.incrementalGrossProfit, 20000 * 1.8); // 36,000
    close(e.roi, 0.72); // below the break-even 1.0
    close(e.netRoiPct, -28);
  });
});

describe("the evaluation's options", () => {
  test("from Settings, and overridden per review (the pane's options)", () => {
    // Minimum 2 clean weeks: event A (W03) gets a baseline from W02 and W01 (100 each): +150 units, +150 %.
    const s2 = sheet("Settings", [
      ["Own company", "Acme"],
      ["Promo minimum baseline weeks", 2],
      ["Promo post weeks", 1],
    ]);
    const r = runReview(ingest(s2, products, sheet("Sell-out", sellOutRows()), promotions()), { retailer: "Carrefour", period: "2026-Q1" });
    if (!r.ok) throw new Error("failed");
    const A = r.review.promotionEvents!.find((e) => e.promotion === "New year")!;
    expect([A.status, A.baselineWeeks, A.incrementalUnits]).toEqual(["evaluated", 2, 150]);
    // Post window 1 week: A's dip is W04 only (100 − 80 = 20), and W05 is clean again for B's baseline.
    expect(A.dipUnits).toBe(20);
    const over = runReview(ingest(s2, products, sheet("Sell-out", sellOutRows()), promotions()), {
      retailer: "Carrefour",
      period: "2026-Q1",
      promotions: { minBaselineWeeks: 4 },
    });
    if (!over.ok) throw new Error("failed");
    expect(over.review.promotionEvents!.find((e) => e.promotion === "New year")!.status).toBe("no clean baseline");
  });
  test("an unreadable option is said and the default kept", () => {
    const bad = ingest(
      sheet("Settings", [
        ["Own company", "Acme"],
        ["Promo baseline weeks", "eight"],
      ]),
    );
    expect(bad.issues.map((i) => [i.code, i.row, i.column])).toContainEqual(["settings-bad-value", 2, "B"]);
    expect(bad.settings.promo.baselineWeeks).toBe(8);
  });
});
