import { Review, TermCatalogue, runReview } from "../../../src/engine";
import { ingest, sheet, where } from "../../helpers";

const settings = sheet("Settings", [["Own company", "Acme"]]);
const products = sheet("Products", [
  ["SKU", "Manufacturer", "Category", "Pack size", "Unit cost", "List price"],
  ["A1", "Acme", "Biscuits", "100g", 6, 10],
  ["A2", "Acme", "Biscuits", "100g", 6, 10],
]);

function review(...sheets: ReturnType<typeof sheet>[]): Review {
  const r = runReview(ingest(settings, products, ...sheets), { retailer: "Carrefour", period: "2026-Q3" });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.review;
}
function reviewWith(options: { compound?: boolean }, ...sheets: ReturnType<typeof sheet>[]): Review {
  const r = runReview(ingest(settings, products, ...sheets), { retailer: "Carrefour", period: "2026-Q3", ...options });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.review;
}

describe("the term catalogue", () => {
  const c = new TermCatalogue();
  test.each([
    ["票折", "invoice-discount", "on-invoice"],
    ["Invoice discount 票折", "invoice-discount", "on-invoice"],
    ["年终返利", "fixed-rebate", "unconditional-rebate"],
    ["达量返利", "conditional-bonus", "conditional-rebate"], // not the "返利" inside it
    ["Volume bonus 达量返利", "conditional-bonus", "conditional-rebate"],
    ["奖金", "conditional-bonus", "conditional-rebate"],
    ["上架费", "listing-fee", "fixed-fee"],
    ["进场费", "listing-fee", "fixed-fee"],
    ["条码费", "listing-fee", "fixed-fee"],
    ["再上市", "relisting-fee", "fixed-fee"],
    ["合同续签费", "relisting-fee", "fixed-fee"],
    ["周年庆", "anniversary-fee", "fixed-fee"],
    ["店庆费", "anniversary-fee", "fixed-fee"],
    ["anniversary fee", "anniversary-fee", "fixed-fee"],
    ["节庆费", "festival-fee", "fixed-fee"],
    ["新店开业费", "new-store-fee", "fixed-fee"],
    ["赞助", "sponsorship", "fixed-fee"],
    ["Subsidy", "subsidy", "fixed-fee"],
    ["compensation", "subsidy", "fixed-fee"],
    ["希望资金", "hope-fund", "fixed-fee"],
    ["海报费", "flyer-fee", "marketing"],
    ["小报插入广告", "flyer-fee", "marketing"],
    ["DM", "flyer-fee", "marketing"],
    ["flyer inserts", "flyer-fee", "marketing"],
    ["堆头", "display-fee", "marketing"],
    ["端架费", "display-fee", "marketing"],
    ["gondola end", "display-fee", "marketing"],
    ["促销费", "promotion-fee", "marketing"],
    ["promotion", "promotion-fee", "marketing"],
    ["促销员管理费", "promoter-fee", "marketing"],
    ["礼物", "gifts", "marketing"],
    ["souvenirs", "gifts", "marketing"],
    ["纪念品", "gifts", "marketing"],
    ["供应链使用费", "dc-fee", "logistics"],
    ["配送费", "dc-fee", "logistics"],
    ["returns", "returns", "logistics"],
    ["账期", "payment-terms", "financial"],
    ["bonus", "conditional-bonus", "conditional-rebate"],
    ["listing", "listing-fee", "fixed-fee"],
    ["re-listing", "relisting-fee", "fixed-fee"],
    ["hope fund", "hope-fund", "fixed-fee"],
    ["sponsorship", "sponsorship", "fixed-fee"],
  ])("%s is %s (%s)", (name, canonical, kind) => {
    expect(c.classify(name)).toEqual({ canonical, kind });
  });

  test("an unknown name is not classified; a Term kinds entry classifies it", () => {
    expect(c.classify("系统维护费")).toBeNull();
    const mine = new TermCatalogue([{ name: "系统维护费", kind: "fixed-fee" }]);
    expect(mine.classify("系统维护费")?.kind).toBe("fixed-fee");
  });
});

/*
 * Carrefour, P = 2026-Q3 (92 days), P' = 2025-Q3. Sell-in: 1,000 units × 10.00 each month of P:
 * G = 30,000 (3,000 units, COGS 3,000 × 6 = 18,000). P': 2,500 units = 25,000 -> growth 20%.
 * Contract (valid 2026 unless said), costed each on its own basis (the default):
 *   1 Invoice discount   on-invoice   gross 5%                  1,500.00   invoice = 28,500
 *   2 年终返利            rebate       invoice 2%               570.00     2% × 28,500
 *   3 Volume bonus       conditional  gross 1%, ≥ 110,000/yr    300.00     met: 110,000 × 92/365 = 27,726.03 ≤ 30,000
 *   4 Growth bonus       conditional  gross 1%, growth ≥ 20%    300.00     met exactly (≥)
 *   5 Growth bonus B     conditional  gross 1%, 同比增长21%       0          not earned, gap 1 pp
 *   6 Volume bonus B     conditional  gross 1%, ≥ 120,000/yr    0          not earned: 120,000 × 92/365 = 30,246.58, gap 246.58
 *                                                                          net = 28,500 − 1,170 = 27,330
 *   7 上架费              fixed fee    per-sku 500              500.00     A2 first sold at Carrefour in Aug 2026
 *   8 Anniversary fee    fixed fee    annual 3,650              920.00     3,650 × 92/365
 *   9 堆头费              marketing    annual 3,650, from 08-16   460.00     3,650 × 46/365 (contract year from Aug 16, 365 days;
 *                                                                               valid-to Dec 31 cuts it short, the divisor stays 365)
 *  10 New store fee      fixed fee    per-store 300             600.00     S8 (Jul 20) and S9 (Sep 30) opened in P
 *  11 DC fee 配送费       logistics    net 2%                    546.60     2% × 27,330
 *  12 账期                financial    60 days                   187.40     28,500 × 60/365 × 4%
 *  13 Hope fund          fixed fee    once 1,000 on 08-01      1,000.00
 *  14 Sponsorship        fixed fee    once 3,000 on 05-01          0      effective before P
 *   net-net = 27,330 − 4,213.997 = 23,116.0027; trade spend 6,883.9973 = 22.95% of gross
 */
const sellIn = sheet("Sell-in", [
  ["Date", "Retailer", "SKU", "Units", "Gross value"],
  ["2026-07-05", "Carrefour", "A1", 1000, 10000],
  ["2026-08-05", "Carrefour", "A1", 1000, 10000],
  ["2026-09-05", "Carrefour", "A1", 1000, 10000],
  ["2025-08-05", "Carrefour", "A1", 2500, 25000],
  ["2026-08-05", "Walmart", "A1", 9999, 99990],
]);
const sellOut = sheet("Sell-out", [
  ["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Sales value"],
  ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2025-08", 100],
  ["Carrefour", "S1", "A1", "Acme", "Biscuits", "2026-07", 100],
  ["Carrefour", "S1", "A2", "Acme", "Biscuits", "2026-08", 100],
]);
const stores = sheet("Stores", [
  ["Store", "Retailer", "Open date"],
  ["S1", "Carrefour", "2015-01-01"],
  ["S8", "Carrefour", "2026-07-20"],
  ["S9", "Carrefour", "2026-09-30"],
  ["S10", "Carrefour", "2026-10-01"],
]);
const contract = sheet("Trade terms", [
  ["Retailer", "Term", "Basis", "Rate", "Amount", "Condition", "Valid from", "Valid to"],
  ["Carrefour", "Invoice discount", null, "5%", null, null, "2026-01-01", "2026-12-31"],
  ["Carrefour", "年终返利", "invoice", "2%", null, null, "2026-01-01", "2026-12-31"],
  ["Carrefour", "Volume bonus", "gross", 0.01, null, 110000, "2026-01-01", "2026-12-31"],
  ["Carrefour", "Growth bonus", "gross", 0.01, null, "growth >= 20%", "2026-01-01", "2026-12-31"],
  ["Carrefour", "Growth bonus B", "gross", 0.01, null, "同比增长21%", "2026-01-01", "2026-12-31"],
  ["Carrefour", "Volume bonus B", "gross", 0.01, null, "120,000", "2026-01-01", "2026-12-31"],
  ["Carrefour", "上架费", "per-sku", null, 500, null, "2026-01-01", "2026-12-31"],
  ["Carrefour", "Anniversary fee", "annual", null, 3650, null, "2026-01-01", "2026-12-31"],
  ["Carrefour", "堆头费", "annual", null, 3650, null, "2026-08-16", "2026-12-31"],
  ["Carrefour", "New store fee", "per-store", null, 300, null, "2026-01-01", "2026-12-31"],
  ["Carrefour", "DC fee 配送费", "net", "2%", null, null, "2026-01-01", "2026-12-31"],
  ["Carrefour", "账期", "days", null, 60, null, "2026-01-01", "2026-12-31"],
  ["Carrefour", "Hope fund", "once", null, 1000, null, "2026-08-01", "2026-08-31"],
  ["Carrefour", "Sponsorship", "once", null, 3000, null, "2026-05-01", "2026-12-31"],
  ["Walmart", "Invoice discount", null, "9%", null, null, "2026-01-01", "2026-12-31"],
]);
const deductions = sheet("Deductions", [
  ["Date", "Retailer", "Deduction", "Amount", "Reference"],
  ["2026-09-30", "Carrefour", "返利", 570, "D1"], // a synonym of 年终返利: matches, ok
  ["2026-09-28", "家乐福", "店庆费", 1200, "D2"], // Anniversary fee: expected 920 -> over-charged by 280
  ["2026-09-15", "Carrefour", "系统维护费", 800, "D3"], // no such term: unmatched
  ["2026-09-25", "Carrefour", "配送费", 400, "D4"], // DC fee: expected 546.60 -> under-charged by 146.60
  ["2026-09-28", "Carrefour", "堆头费", 460, "D5"], // display: ok
  ["2026-06-30", "Carrefour", "店庆费", 300, "D6"], // before P: not in this review
  ["2026-09-28", "Walmart", "店庆费", 999, "D7"], // another retailer
]);

const r = review(sellIn, sellOut, stores, contract, deductions);
const t = r.tradeTerms!;
const term = (name: string) => t.terms.find((x) => x.term === name)!;

describe("expected cost of each term in P, each on its own basis", () => {
  test.each([
    ["Invoice discount", "on-invoice", "gross", 1500],
    ["年终返利", "unconditional-rebate", "invoice", 570],
    ["Volume bonus", "conditional-rebate", "gross", 300],
    ["Growth bonus", "conditional-rebate", "gross", 300],
    ["Growth bonus B", "conditional-rebate", "gross", 0],
    ["Volume bonus B", "conditional-rebate", "gross", 0],
    ["上架费", "fixed-fee", "per-sku", 500],
    ["Anniversary fee", "fixed-fee", "annual", 920],
    ["堆头费", "marketing", "annual", 460],
    ["New store fee", "fixed-fee", "per-store", 600],
    ["DC fee 配送费", "logistics", "net", 546.6],
    ["账期", "financial", "days", (28500 * 60 * 0.04) / 365],
    ["Hope fund", "fixed-fee", "once", 1000],
    ["Sponsorship", "fixed-fee", "once", 0], // effective 2026-05-01, before P
  ])("%s: %s on %s = %p", (name, kind, basis, expected) => {
    const x = term(name);
    expect([x.kind, x.basis]).toEqual([kind, basis]);
    expect(x.expected).toBeCloseTo(expected as number, 9);
  });

  test("conditional rebates: just met, just missed, with the gap", () => {
    // Earned (expected 300 each); nothing charged yet, so the check says under-charged.
    expect([term("Volume bonus").expected, term("Growth bonus").expected]).toEqual([300, 300]);
    expect([term("Volume bonus").status, term("Growth bonus").status]).toEqual(["under-charged", "under-charged"]);
    expect(term("Growth bonus B").status).toBe("not earned");
    expect(term("Growth bonus B").gapToThreshold).toBeCloseTo(1, 9); // 21% − 20% = 1 pp
    expect(term("Volume bonus B").status).toBe("not earned");
    expect(term("Volume bonus B").gapToThreshold).toBeCloseTo((120000 * 92) / 365 - 30000, 6); // 246.58
  });

  test("the contract of another retailer is not this retailer's, and terms stay in contract order", () => {
    expect(t.terms.map((x) => x.term)).toEqual(contract.rows.slice(1, 15).map((row) => row[1]));
  });
});

describe("the waterfall", () => {
  test("gross -> invoice -> net -> net-net -> contribution, per unit and % of gross", () => {
    const netNetCosts = 500 + 920 + 460 + 600 + 546.6 + (28500 * 60 * 0.04) / 365 + 1000; // 4,213.997
    expect(t.grossSales).toBe(30000);
    expect(t.invoiceSales).toBeCloseTo(28500, 9);
    expect(t.netSales).toBeCloseTo(27330, 9); // 28,500 − 570 − 300 − 300
    expect(t.netNetSales).toBeCloseTo(27330 - netNetCosts, 9); // 23,116.0027
    expect(t.tradeSpend).toBeCloseTo(30000 - (27330 - netNetCosts), 9); // 6,883.9973
    expect(t.tradeSpendPct).toBeCloseTo(((30000 - (27330 - netNetCosts)) / 30000) * 100, 9); // 22.95 %
    expect(t.cogs).toBe(18000);
    expect(t.contribution).toBeCloseTo(27330 - netNetCosts - 18000, 9);
    expect(t.contributionPct).toBeCloseTo(((27330 - netNetCosts - 18000) / (27330 - netNetCosts)) * 100, 9);
    expect(t.units).toBe(3000);
    expect(t.perUnit.netNet).toBeCloseTo((27330 - netNetCosts) / 3000, 9);
    expect(t.byKind["conditional-rebate"]).toBeCloseTo(600, 9);
  });

  test("compound applies the rate terms in waterfall order on the running balance", () => {
    const c = reviewWith({ compound: true }, sellIn, sellOut, stores, contract).tradeTerms!;
    // 30,000 − 5% = 28,500; − 2% = 27,930; − 1% = 27,650.70; − 1% = 27,374.193 (B terms not earned)
    // − 500 − 920 − 460 − 600 = 24,894.193; − 2% DC = 24,396.30914; − 187.3973 (28,500 × 60/365 × 4%); − 1,000
    expect(c.netNetSales).toBeCloseTo(23208.911879726, 6);
    expect(t.netNetSales).toBeCloseTo(23116.002739726, 6); // the default on the same contract
    expect(c.compound).toBe(true);
  });

  test("net-net price per SKU: trade spend allocated by gross share", () => {
    expect(t.skuNetNet).toHaveLength(1);
    expect(t.skuNetNet[0].netNetPricePerUnit).toBeCloseTo(t.netNetSales / 3000, 9);
  });
});

describe("deductions: expected vs charged", () => {
  test("over-charge, under-charge, a synonym that matches, a charge with no term", () => {
    expect(term("年终返利")).toMatchObject({ charged: 570, variance: 0, flagged: false, status: "ok" });
    expect(term("Anniversary fee")).toMatchObject({ charged: 1200, flagged: true, status: "over-charged" });
    expect(term("Anniversary fee").variance).toBeCloseTo(280, 9);
    expect(term("DC fee 配送费")).toMatchObject({ charged: 400, flagged: true, status: "under-charged" });
    expect(term("DC fee 配送费").variance).toBeCloseTo(-146.6, 9);
    expect(term("DC fee 配送费").effectiveRate).toBeCloseTo(400 / 27330, 12); // beside the contract's 2%
    expect(term("堆头费")).toMatchObject({ charged: 460, status: "ok" });
    expect(term("账期")).toMatchObject({ charged: null, variance: null, flagged: false, status: "n/a" });
    // Taken on the invoice, with no deduction recorded against it: nothing to compare (metrics.md, 2026-12-01).
    expect(term("Invoice discount")).toMatchObject({ charged: null, variance: null, flagged: false, status: "n/a" });
    expect(t.unmatchedCharges).toEqual([{ term: "系统维护费", date: "2026-09-15", amount: 800, reference: "D3", sheet: "Deductions", row: 4 }]);
    expect(r.issues.filter((i) => i.code === "deduction-unmatched").map(where)).toEqual([
      { sheet: "Deductions", row: 4, column: null, code: "deduction-unmatched", severity: "warning" },
    ]);
  });

  test("nothing is netted away: charges = matched + unmatched", () => {
    expect(t.chargesTotal).toBe(570 + 1200 + 800 + 400 + 460);
    expect(t.matchedTotal).toBe(570 + 1200 + 400 + 460);
    expect(t.unmatchedTotal).toBe(800);
    const charged = t.terms.reduce((a, x) => a + (x.charged ?? 0), 0);
    expect(charged + t.unmatchedTotal).toBe(t.chargesTotal);
  });

  test("a charge under the payment-terms name is unmatched, never absorbed", () => {
    const d = sheet("Deductions", [
      ["Date", "Retailer", "Deduction", "Amount"],
      ["2026-09-30", "Carrefour", "账期", 50],
    ]);
    const x = review(sellIn, sellOut, stores, contract, d).tradeTerms!;
    expect(x.unmatchedCharges.map((u) => u.amount)).toEqual([50]);
  });

  test("a conditional term not earned but charged is over-charged", () => {
    const c2 = sheet("Trade terms", [
      ["Retailer", "Term", "Rate", "Condition", "Valid from", "Valid to"],
      ["Carrefour", "达量返利", "1%", 120000, "2026-01-01", "2026-12-31"],
    ]);
    const d = sheet("Deductions", [
      ["Date", "Retailer", "Deduction", "Amount"],
      ["2026-09-30", "Carrefour", "Volume bonus", 300],
    ]);
    const x = review(sellIn, sellOut, stores, c2, d).tradeTerms!;
    expect(x.terms[0]).toMatchObject({ expected: 0, charged: 300, variance: 300, flagged: true, status: "over-charged" });
  });
});

describe("the published gross-to-net example", () => {
  // List price 42.90 per case, 2,000,000 cases: gross 85,800,000. On-invoice 5% and 2.5%;
  // off-invoice 3.5%, 8% and 3%; every term taken on list (gross).
  const bigSellIn = sheet("Sell-in", [
    ["Date", "Retailer", "SKU", "Cases", "List price"],
    ["2026-08-01", "Carrefour", "A1", 2000000, 42.9],
  ]);
  const terms = sheet("Trade terms", [
    ["Retailer", "Term", "Kind", "Rate", "Valid from", "Valid to"],
    ["Carrefour", "Invoice discount", null, "5%", "2026-01-01", "2026-12-31"],
    ["Carrefour", "Early payment discount", "on-invoice", "2.5%", "2026-01-01", "2026-12-31"],
    ["Carrefour", "Fixed rebate", null, "3.5%", "2026-01-01", "2026-12-31"],
    ["Carrefour", "Promotion fee", null, "8%", "2026-01-01", "2026-12-31"],
    ["Carrefour", "DC fee", null, "3%", "2026-01-01", "2026-12-31"],
  ]);

  test("each on list: invoice 39.6825, pocket 33.462 per case = 78.0% of list; trade spend 22.0%", () => {
    const x = review(bigSellIn, sellOut, terms).tradeTerms!;
    expect(x.grossSales).toBeCloseTo(85800000, 6);
    expect(x.perUnit.invoice).toBeCloseTo(39.6825, 9); // 42.90 × (1 − 0.075)
    expect(x.perUnit.netNet).toBeCloseTo(33.462, 9); // 42.90 × (1 − 0.22)
    expect(((x.perUnit.netNet! / 42.9) * 100).toFixed(1)).toBe("78.0");
    expect(x.tradeSpendPct!.toFixed(1)).toBe("22.0");
  });

  test("compounded in waterfall order: 34.219 per case = 79.8% of list", () => {
    const x = reviewWith({ compound: true }, bigSellIn, sellOut, terms).tradeTerms!;
    // 42.90 × 0.95 × 0.975 × 0.965 × 0.92 × 0.97 = 34.2197
    expect(x.perUnit.netNet).toBeCloseTo(42.9 * 0.95 * 0.975 * 0.965 * 0.92 * 0.97, 9); // 34.21940
    expect(x.perUnit.netNet!.toFixed(3)).toBe("34.219");
    expect(((x.perUnit.netNet! / 42.9) * 100).toFixed(1)).toBe("79.8");
  });
});

describe("unknown names and negotiation", () => {
  test("an unknown term is an issue asking to classify it; a Term kinds sheet classifies it", () => {
    const c2 = sheet("Trade terms", [
      ["Retailer", "Term", "Amount", "Basis", "Valid from", "Valid to"],
      ["Carrefour", "系统维护费", 3650, "annual", "2026-01-01", "2026-12-31"],
    ]);
    const x = review(sellIn, sellOut, c2);
    expect(x.issues.filter((i) => i.code === "unknown-term").map(where)).toEqual([
      { sheet: "Trade terms", row: 2, column: null, code: "unknown-term", severity: "error" },
    ]);
    expect(x.tradeTerms!.terms).toHaveLength(0);
    const kinds = sheet("Term kinds", [
      ["Term", "Kind"],
      ["系统维护费", "固定费用"],
    ]);
    const y = review(sellIn, sellOut, c2, kinds);
    expect(y.tradeTerms!.terms.map((z) => [z.term, z.kind, z.expected])).toEqual([["系统维护费", "fixed-fee", 920]]);
  });

  test("an ask costed against the contract, with its break-even extra gross sales", () => {
    const asks = sheet("Negotiation", [
      ["Retailer", "Term", "New rate", "New amount"],
      ["Carrefour", "DC fee", "3%", null],
      ["Carrefour", "节庆费", null, 1000],
    ]);
    const x = review(sellIn, sellOut, stores, contract, asks).tradeTerms!;
    const [dc, festival] = x.negotiation;
    // DC fee 2% -> 3% of net 27,330: +273.30 in the period.
    expect(dc.currentCost).toBeCloseTo(546.6, 9);
    expect(dc.newCost).toBeCloseTo(819.9, 9);
    expect(dc.deltaCost).toBeCloseTo(273.3, 9);
    expect(dc.newNetNetSales).toBeCloseTo(t.netNetSales - 273.3, 9);
    // Break-even = Δcost / (gross margin % − Σ variable rates); GM = 1 − 18,000 / 30,000 = 40%;
    // rates after the change: 5% + 2% + 1% × 4 + 3% = 14% -> 273.30 / 0.26 = 1,051.15
    expect(x.grossMarginPct).toBeCloseTo(0.4, 12);
    expect(dc.breakEvenGrossSales).toBeCloseTo(273.3 / 0.26, 6);
    // A new fee of 1,000 a year (annual: per contract year, metrics.md), asked from the start of P:
    // its contract year starts 2026-07-01 and has 365 days, so the 92 days of Q3 cost 1,000 × 92 / 365 = 252.05.
    expect(festival.currentCost).toBe(0);
    expect(festival.deltaCost).toBeCloseTo((1000 * 92) / 365, 9);
  });

  test("the walk-away view: the last 12 months vs the 12 before", () => {
    expect(t.walkAway.thisYear).toMatchObject({ from: "2025-10-01", to: "2026-09-30", grossSales: 30000 });
    expect(t.walkAway.lastYear).toMatchObject({ from: "2024-10-01", to: "2025-09-30", grossSales: 25000 });
  });
});

describe("contract changes of 2026-12-01", () => {
  test("annual is per contract year: a two-year contract of 60,000 a year is not diluted", () => {
    const c = sheet("Trade terms", [
      ["Retailer", "Term", "Basis", "Amount", "Valid from", "Valid to"],
      ["Carrefour", "Anniversary fee", "annual", 60000, "2026-01-01", "2027-12-31"],
    ]);
    const x = review(sellIn, sellOut, stores, c).tradeTerms!;
    // Contract year 2026-01-01..2026-12-31 has 365 days; Q3 (Jul–Sep) has 92 of them:
    // 60,000 × 92 / 365 = 15,123.29 (the old rule, over the 730 days of validity, gave half: 7,561.64).
    expect(x.terms[0].expected).toBeCloseTo((60000 * 92) / 365, 9);
    expect(x.terms[0].expected.toFixed(2)).toBe("15123.29");
  });

  test("a contract year across the period: each year's days over its own length (366 in a leap year)", () => {
    const c = sheet("Trade terms", [
      ["Retailer", "Term", "Basis", "Amount", "Valid from", "Valid to"],
      // Contract years 2025-08-16..2026-08-15 (365 days) and 2026-08-16..2027-08-15 (365 days).
      ["Carrefour", "Anniversary fee", "annual", 36500, "2025-08-16", "2027-08-15"],
    ]);
    const x = review(sellIn, sellOut, stores, c).tradeTerms!;
    // Q3 2026: Jul 1 – Aug 15 = 46 days in year 1, Aug 16 – Sep 30 = 46 days in year 2: 36,500 × 46/365 × 2 = 9,200.
    expect(x.terms[0].expected).toBeCloseTo(9200, 9);
  });

  test("on-invoice discount: n/a without deductions, compared like any term with them", () => {
    const without = review(sellIn, sellOut, stores, contract).tradeTerms!;
    const inv = without.terms.find((z) => z.term === "Invoice discount")!;
    expect(inv).toMatchObject({ expected: 1500, charged: null, variance: null, flagged: false, status: "n/a" });
    const d = sheet("Deductions", [
      ["Date", "Retailer", "Deduction", "Amount"],
      ["2026-09-30", "Carrefour", "票折", 1900], // 5% of 30,000 = 1,500 expected: over by 400
    ]);
    const withCharges = review(sellIn, sellOut, stores, contract, d).tradeTerms!;
    const inv2 = withCharges.terms.find((z) => z.term === "Invoice discount")!;
    expect(inv2).toMatchObject({ charged: 1900, flagged: true, status: "over-charged" });
    expect(inv2.variance).toBeCloseTo(400, 9);
  });
});
