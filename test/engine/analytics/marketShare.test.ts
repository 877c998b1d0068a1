import { runReview, Review, ShareFigures } from "../../../src/engine";
import { ingest, sheet, where } from "../../helpers";

/*
 * A small market, computed by hand. Ours = Acme. R = Carrefour, P = 2026-Q3, P' = 2025-Q3.
 * Packs: A1 100g, C1 200g, A2 200g, C2 100g (Biscuits, all kg); J1 1L, AJ 1L (Juice, L).
 *
 *                    Carrefour P   Carrefour P'   Walmart P
 * A1 Acme Cream      600 (100u)    500 (90u)      300 (50u)
 * C1 Comp Cream      400 (50u)     400 (50u)      700 (80u)
 * A2 Acme Crackers   200 (40u)     100 (20u)        —
 * C2 Comp Crackers   300 (60u)     200 (40u)      500 (100u)
 * J1 Comp Juice      500 (50u)     400 (40u)        —
 * AJ Acme Juice        —             —            250 (25u)
 *
 * P rows are months (2026-07..09) and one date; P' rows are quarter labels; one Carrefour row
 * labelled 2026-H2 straddles P and must be left out with a warning.
 */
const products = sheet("Products", [
  ["SKU", "Manufacturer", "Category", "Segment", "Pack size"],
  ["A1", "Acme", "Biscuits", "Cream", "100g"],
  ["C1", "Comp", "Biscuits", "Cream", "200g"],
  ["A2", "Acme", "Biscuits", "Crackers", "200g"],
  ["C2", "Comp", "Biscuits", "Crackers", "100g"],
  ["J1", "Comp", "Juice", "Nectar", "1L"],
  ["AJ", "Acme", "Juice", "Nectar", "1000ml"],
]);

const sellOut = (extra: (string | number)[][] = []) =>
  sheet("Sell-out", [
    ["Retailer", "Store", "SKU", "Period", "Units", "Sales value"],
    // Carrefour, P: 600 of A1 split over two months
    ["Carrefour", "S1", "A1", "2026-07", 60, 360],
    ["家乐福", "S2", "A1", "2026年8月", 40, 240],
    ["CARREFOUR", "S1", "C1", "2026-09", 50, 400],
    ["Carrefour", "S1", "A2", "2026-08-15", 40, 200],
    ["Carrefour", "S2", "C2", "2026-Q3", 60, 300],
    ["Carrefour", "S2", "J1", "2026-09", 50, 500],
    // Carrefour, P'
    ["Carrefour", "S1", "A1", "2025Q3", 90, 500],
    ["Carrefour", "S1", "C1", "2025Q3", 50, 400],
    ["Carrefour", "S1", "A2", "2025Q3", 20, 100],
    ["Carrefour", "S1", "C2", "2025Q3", 40, 200],
    ["Carrefour", "S1", "J1", "2025Q3", 40, 400],
    // Walmart, P
    ["Walmart", "W1", "A1", "2026-07", 50, 300],
    ["Walmart", "W1", "C1", "2026-07", 80, 700],
    ["Walmart", "W1", "C2", "2026-08", 100, 500],
    ["Walmart", "W1", "AJ", "2026-08", 25, 250],
    // straddles P: counted in neither P nor the market
    ["Carrefour", "S1", "A1", "2026-H2", 999, 9999],
    ...extra,
  ]);

const settings = sheet("Settings", [["Own company", "Acme"]]);

function review(opts: { retailer?: string; period?: string; compare?: "yoy" | "pop" } = {}, extra: (string | number)[][] = []): Review {
  const r = runReview(ingest(settings, products, sellOut(extra)), {
    retailer: opts.retailer ?? "Carrefour",
    period: opts.period ?? "2026-Q3",
    compare: opts.compare,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.review;
}

/** Each listed figure: null and text exactly, numbers to 1e-9. The key is in the message on failure. */
function expectFigures(actual: ShareFigures, expected: Partial<Record<keyof ShareFigures, number | string | null>>) {
  for (const [k, v] of Object.entries(expected)) {
    const a = actual[k as keyof ShareFigures];
    if (v === null || typeof v === "string" || typeof a !== "number") expect([k, a]).toEqual([k, v]);
    else if (Math.abs(a - v) > 1e-9 * Math.max(1, Math.abs(v))) expect([k, a]).toEqual([k, v]);
  }
}

describe("market share at Carrefour, 2026-Q3 vs 2025-Q3", () => {
  const r = review();
  const ms = r.marketShare;

  test("the retailer spelled three ways is one retailer, and the period defaults are right", () => {
    expect(r.context.retailer.name).toBe("Carrefour");
    expect(r.context.retailers.map((x) => x.name)).toEqual(["Carrefour", "Walmart"]);
    expect([r.context.P.key, r.context.Pc?.key]).toEqual(["2026-Q3", "2025-Q3"]);
  });

  test("Biscuits", () => {
    const b = ms.byCategory.find((c) => c.category === "Biscuits")!;
    expectFigures(b, {
      ourValue: 800, // 600 + 200
      categoryValue: 1500, // 600 + 400 + 200 + 300
      valueShare: 800 / 1500, // 0.5333
      valueSharePrior: 600 / 1200, // (500 + 100) / (500 + 400 + 100 + 200) = 0.5
      shareChangePp: (800 / 1500 - 0.5) * 100, // +3.333 pp
      ourVolume: 18, // 100 × 0.1 kg + 40 × 0.2 kg
      categoryVolume: 34, // 18 + 50 × 0.2 + 60 × 0.1
      volumeShare: 18 / 34,
      volumeUnit: "kg",
      growthPct: (800 / 600 - 1) * 100, // +33.33 %
      categoryGrowthPct: 25, // 1500 / 1200 − 1
      shareOfGrowth: 200 / 300, // Δ ours 200 / Δ category 300
      // market (all retailers) in P: ours 800 + 300 = 1100, category 1500 + 300 + 700 + 500 = 3000
      fairShareIndex: (800 / 1500 / (1100 / 3000)) * 100, // 145.45
      fairShareGapValue: 0, // share at R is above the market's
    });
  });

  test("Juice: ours sells none at Carrefour, so it is reported but not in the total", () => {
    const j = ms.byCategory.find((c) => c.category === "Juice")!;
    expectFigures(j, {
      ourValue: 0,
      categoryValue: 500,
      valueShare: 0,
      valueSharePrior: 0, // 0 / 400
      shareChangePp: 0,
      volumeUnit: "L", // 1L and 1000ml are both litres
      growthPct: null, // our prior value is 0
      categoryGrowthPct: 25, // 500 / 400 − 1
      shareOfGrowth: 0, // 0 / 100
      fairShareIndex: 0, // 0 / (250 / 750)
      fairShareGapValue: (250 / 750) * 500, // (1/3 − 0) × 500 = 166.67
    });
  });

  test("total = the categories where ours sells at R (Biscuits only here)", () => {
    expectFigures(ms.total, {
      ourValue: 800,
      categoryValue: 1500,
      valueShare: 800 / 1500,
      fairShareIndex: (800 / 1500 / (1100 / 3000)) * 100,
      volumeUnit: "kg",
    });
  });

  test("segments", () => {
    // by category, then segment name ("Crackers" < "Cream")
    expect(ms.bySegment.map((s) => `${s.category}/${s.segment}`)).toEqual(["Biscuits/Crackers", "Biscuits/Cream", "Juice/Nectar"]);
    expectFigures(ms.bySegment[1], {
      ourValue: 600,
      categoryValue: 1000,
      valueShare: 0.6,
      valueSharePrior: 500 / 900,
      shareChangePp: (0.6 - 500 / 900) * 100, // +4.44 pp
      growthPct: 20, // 600 / 500 − 1
      categoryGrowthPct: (1000 / 900 - 1) * 100, // +11.1 %
      shareOfGrowth: 1, // Δ ours 100 / Δ segment 100
      fairShareIndex: (0.6 / (900 / 2000)) * 100, // market: ours 600 + 300, segment 1000 + 1000 → 133.3
      fairShareGapValue: 0,
    });
    expectFigures(ms.bySegment[0], {
      ourValue: 200,
      categoryValue: 500,
      valueShare: 0.4,
      valueSharePrior: 100 / 300,
      growthPct: 100,
      categoryGrowthPct: (500 / 300 - 1) * 100,
      shareOfGrowth: 0.5, // 100 / 200
      fairShareIndex: (0.4 / (200 / 1000)) * 100, // 200
    });
  });

  test("the straddling row is reported, not split", () => {
    const straddles = r.issues.filter((i) => i.code === "straddles-period");
    expect(straddles.map(where)).toEqual([{ sheet: "Sell-out", row: 17, column: null, code: "straddles-period", severity: "warning" }]);
  });
});

describe("a retailer under its fair share", () => {
  test("Walmart: the fair-share gap is money", () => {
    const ms = review({ retailer: "沃尔玛" }).marketShare;
    const b = ms.byCategory.find((c) => c.category === "Biscuits")!;
    // Walmart Biscuits: ours 300 / 1500 = 0.2; market 1100 / 3000 = 0.3667
    expectFigures(b, {
      valueShare: 0.2,
      fairShareIndex: (0.2 / (1100 / 3000)) * 100, // 54.5
      fairShareGapValue: (1100 / 3000 - 0.2) * 1500, // 250
      valueSharePrior: null, // Walmart has no rows in 2025-Q3
      growthPct: null,
      shareOfGrowth: null,
    });
    // Total = Biscuits + Juice (ours sells both at Walmart): ours 550 / 1750
    expectFigures(ms.total, { ourValue: 550, categoryValue: 1750, valueShare: 550 / 1750, volumeUnit: "units", ourVolume: 75, categoryVolume: 255 });
  });
});

describe("null cases", () => {
  test("no rows at all in P': every comparison figure is null, not computed against 0", () => {
    const r = review({ period: "2026-Q3", compare: "pop" }); // P' = 2026-Q2: no rows
    expect(r.context.hasPrior).toBe(false);
    for (const f of [r.marketShare.total, ...r.marketShare.byCategory, ...r.marketShare.bySegment]) {
      expectFigures(f, { valueSharePrior: null, shareChangePp: null, growthPct: null, categoryGrowthPct: null, shareOfGrowth: null });
    }
    expect(r.issues.map((i) => i.code)).toContain("no-prior-data");
    // Figures of P itself are unaffected.
    expectFigures(r.marketShare.total, { valueShare: 800 / 1500 });
  });

  test("a category with zero growth: share of growth is null (Δ category = 0), growth is 0", () => {
    // Add 300 of Juice in 2025-Q3 at Carrefour by a competitor... no: add J1 100 in P' so P' Juice = 500 = P.
    const r = review({}, [["Carrefour", "S9", "J1", "2025Q3", 10, 100]]);
    const j = r.marketShare.byCategory.find((c) => c.category === "Juice")!;
    expectFigures(j, { categoryGrowthPct: 0, shareOfGrowth: null, shareChangePp: 0 });
  });

  test("a shrinking category: share of growth is null (Δ category < 0)", () => {
    const r = review({}, [["Carrefour", "S9", "J1", "2025Q3", 10, 200]]); // P' Juice 600 > P 500
    const j = r.marketShare.byCategory.find((c) => c.category === "Juice")!;
    expect(j.shareOfGrowth).toBeNull();
    expect(j.categoryGrowthPct).toBeCloseTo((500 / 600 - 1) * 100, 10);
  });

  test("a category where one SKU has no pack size is counted in units, and said so", () => {
    const withC3 = sheet("Products", [...products.rows, ["C3", "Comp", "Biscuits", "Cream", null]]);
    const res = runReview(ingest(settings, withC3, sellOut([["Carrefour", "S9", "C3", "2026-07", 5, 50]])), { retailer: "Carrefour", period: "2026-Q3" });
    if (!res.ok) throw new Error("review failed");
    const b = res.review.marketShare.byCategory.find((c) => c.category === "Biscuits")!;
    // units: ours 100 + 40 = 140; category 140 + 50 + 60 + 5 = 255
    expectFigures(b, { volumeUnit: "units", ourVolume: 140, categoryVolume: 255, volumeShare: 140 / 255 });
    expect(res.review.issues.filter((i) => i.code === "mixed-volume-units").map((i) => i.params.category)).toEqual(["Biscuits"]);
  });

  test("a sell-out row whose SKU is unknown is rejected with an issue, not counted", () => {
    const r = review({}, [["Carrefour", "S9", "X9", "2026-07", 5, 50]]);
    expect(r.issues.map(where)).toContainEqual({ sheet: "Sell-out", row: 18, column: null, code: "unknown-manufacturer", severity: "error" });
    expect(r.marketShare.total.categoryValue).toBe(1500);
  });
});

describe("the retailer must exist", () => {
  test("an unknown retailer is an error naming the ones there are", () => {
    const res = runReview(ingest(settings, products, sellOut()), { retailer: "Metro" });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      const issue = res.issues.find((i) => i.code === "retailer-not-found")!;
      expect(issue.params).toEqual({ name: "Metro", list: "Carrefour, Walmart" });
    }
  });
});
