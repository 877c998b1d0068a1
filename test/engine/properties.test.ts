/**
 * Properties that must hold for any input (fast-check): messy grids never throw and always
 * reconcile; shares are fractions and every manufacturer's shares add up to 1; contributions add up
 * to 1; the waterfall reconciles; figures do not depend on row order or on splitting a sheet.
 */
import fc from "fast-check";
import { HEAD_ROWS, RawCell, SheetStore, WorkbookIngest, ingestStored, ingestWorkbook, reviewJson, runReview } from "../../src/engine";
import { tableRows } from "../../src/engine/core/table";
import { sheet } from "../helpers";

const RUNS = Number(process.env.KA_PROPERTY_RUNS ?? 300);

const messyCell: fc.Arbitrary<RawCell> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    "Retailer",
    "SKU",
    "Sales value",
    "Month",
    "Store",
    "Manufacturer",
    "Category",
    "销售金额",
    "条码",
    "合计",
    "Total",
    "#N/A",
    "#DIV/0!",
    "",
    "  ",
  ),
  fc.constantFrom(
    "2026-07",
    "2026年8月",
    "2026Q3",
    "2026-H2",
    "2026-07-05",
    "05.07.2026",
    "4/5/2026",
    "1,234.56",
    "¥1.2万",
    "(300)",
    "12%",
    "abc",
    "Carrefour",
    "家乐福",
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ min: -1e7, max: 1e7, noNaN: true }),
  fc.boolean(),
  fc.constant({ error: "#REF!" }),
);
const messyGrid = fc.array(fc.array(messyCell, { maxLength: 10 }), { maxLength: 25 });
const header = fc.shuffledSubarray(["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Units", "Sales value"], { minLength: 3 });

describe("messy grids", () => {
  test("never throw, and every sheet reconciles (rows and money)", () => {
    fc.assert(
      fc.property(fc.option(header, { nil: undefined }), messyGrid, messyGrid, (h, a, b) => {
        const input = ingestWorkbook({ sheets: [sheet("A", h ? [h, ...a] : a), sheet("B", b)] });
        for (const rec of input.reconciliation) {
          expect(rec.rowsRead).toBe(rec.rowsUsed + rec.rowsRejected);
          if (rec.valueRead !== null)
            expect(Math.abs(rec.valueRead - rec.valueUsed! - rec.valueRejected!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(rec.valueRead)));
        }
        for (const r of input.tables["sell-out"] ? ["Carrefour", "R", "x"] : []) {
          const res = runReview(input, { retailer: r, ourCompany: "Acme" });
          if (res.ok) reviewJson(res.review, { audience: "internal", lang: "zh" });
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("rows arriving in blocks", () => {
  test("give exactly what the grid held whole gives: issues, reconciliation, tables", () => {
    fc.assert(
      fc.property(header, messyGrid, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), (h, a, cuts) => {
        // Long enough that rows come after the head a reader holds for detection (64 rows).
        const rows: RawCell[][] = [h];
        while (rows.length < 120 && a.length) rows.push(...a);
        const whole = ingestWorkbook({ sheets: [sheet("S", rows)] });
        const ingest = new WorkbookIngest();
        const sink = ingest.beginSheet({ name: "S", rows: rows.slice(0, HEAD_ROWS), firstRow: 1, firstColumn: 1 });
        for (let at = HEAD_ROWS, k = 0; at < rows.length; k++) {
          const n = cuts[k % cuts.length];
          sink.push(rows.slice(at, at + n), at + 1);
          at += n;
        }
        sink.end({ hiddenRows: 0 });
        // And every column stored first (the pane's worker), in the same blocks.
        const store = new SheetStore("S");
        for (let at = 0, k = 0; at < rows.length; k++) {
          const n = cuts[k % cuts.length];
          store.push(rows.slice(at, at + n));
          at += n;
        }
        for (const streamed of [ingest.finish(false), ingestStored([{ store, hiddenRows: 0 }], {}, false)]) {
          expect(streamed.issues).toEqual(whole.issues);
          expect(streamed.reconciliation).toEqual(whole.reconciliation);
          expect(Object.keys(streamed.tables)).toEqual(Object.keys(whole.tables));
          for (const [kind, t] of Object.entries(whole.tables)) expect(tableRows(streamed.tables[kind as keyof typeof whole.tables]!)).toEqual(tableRows(t));
        }
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});

// A clean market: SKUs with fixed makers and categories, random sales by retailer, store and month.
const SKUS: Array<[string, string, string]> = [
  ["K1", "M1", "C1"],
  ["K2", "M1", "C2"],
  ["K3", "M2", "C1"],
  ["K4", "M2", "C2"],
  ["K5", "M3", "C1"],
  ["K6", "M4", "C2"],
  ["K7", "M3", "C2"],
];
const record = fc.record({
  retailer: fc.constantFrom("R1", "R2", "R3"),
  store: fc.constantFrom("S1", "S2", "S3", "S4"),
  sku: fc.integer({ min: 0, max: SKUS.length - 1 }),
  month: fc.constantFrom("2025-07", "2025-09", "2026-07", "2026-08", "2026-09"),
  cents: fc.integer({ min: 1, max: 10_000_000 }),
  units: fc.integer({ min: 1, max: 500 }),
});
// A review needs R1 in the period and a row of ours (M1) somewhere: without one there is no review (issue 19).
const market = fc
  .array(record, { minLength: 1, maxLength: 60 })
  .filter((rs) => rs.some((r) => r.retailer === "R1" && r.month.startsWith("2026")) && rs.some((r) => SKUS[r.sku][1] === "M1"));

type Rec = { retailer: string; store: string; sku: number; month: string; cents: number; units: number };
const HEADER = ["Retailer", "Store", "SKU", "Manufacturer", "Category", "Month", "Units", "Sales value"];
const toRow = (r: Rec): RawCell[] => [r.retailer, r.store, SKUS[r.sku][0], SKUS[r.sku][1], SKUS[r.sku][2], r.month, r.units, r.cents / 100];

function review(sheets: RawCell[][][], our = "M1") {
  const input = ingestWorkbook({ sheets: sheets.map((rows, i) => sheet(`Sell-out ${i + 1}`, rows)) });
  const res = runReview(input, { retailer: "R1", period: "2026-Q3", ourCompany: our });
  if (!res.ok) throw new Error(res.issues.map((i) => i.code).join());
  return res.review;
}

describe("market figures", () => {
  test("shares lie in [0, 1] and all manufacturers' shares sum to 1 per category", () => {
    fc.assert(
      fc.property(market, (recs) => {
        const rows = [HEADER, ...recs.map(toRow)];
        const sums = new Map<string, number>();
        for (const m of ["M1", "M2", "M3", "M4"]) {
          // A maker with no row has no review (its share, 0, adds nothing to the sums).
          if (!recs.some((r) => SKUS[r.sku][1] === m)) continue;
          for (const c of review([rows], m).marketShare.byCategory) {
            expect(c.valueShare).not.toBeNull();
            expect(c.valueShare!).toBeGreaterThanOrEqual(0);
            expect(c.valueShare!).toBeLessThanOrEqual(1);
            sums.set(c.category, (sums.get(c.category) ?? 0) + c.valueShare!);
          }
        }
        for (const total of sums.values()) expect(total).toBeCloseTo(1, 9);
      }),
      { numRuns: RUNS },
    );
  });

  test("contributions sum to 1 and cumulative ends at 1", () => {
    fc.assert(
      fc.property(market, (recs) => {
        const skus = review([[HEADER, ...recs.map(toRow)]]).assortment.skus;
        if (skus.length === 0) return;
        expect(skus.reduce((a, s) => a + s.contribution, 0)).toBeCloseTo(1, 9);
        expect(skus[skus.length - 1].cumulativeContribution).toBeCloseTo(1, 9);
      }),
      { numRuns: RUNS },
    );
  });

  test("figures are invariant under row order and under splitting the sheet in two", () => {
    fc.assert(
      fc.property(market, fc.nat(), fc.nat(), (all, seed, cut) => {
        // One sale per retailer × store × SKU × month: a sale two sheets both report is one sale reported
        // twice (counted once, by design), so splitting is invariant only for sheets that do not repeat one.
        const seen = new Set<string>();
        const recs = all.filter((r) => {
          const k = `${r.retailer} ${r.store} ${r.sku} ${r.month}`;
          return seen.has(k) ? false : (seen.add(k), true);
        });
        const rows = recs.map(toRow);
        const shuffled = [...rows];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) % 2147483648;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        const k = cut % (rows.length + 1);
        const figures = (r: ReturnType<typeof review>) => {
          const j = reviewJson(r, { audience: "internal", lang: "en" });
          return JSON.stringify([j.marketShare, j.skus, j.listingGaps, j.opportunities, j.shareTrend], (_k, v) =>
            typeof v === "number" ? Number(v.toPrecision(12)) : v,
          );
        };
        const base = figures(review([[HEADER, ...rows]]));
        expect(figures(review([[HEADER, ...shuffled]]))).toBe(base);
        expect(
          figures(
            review([
              [HEADER, ...rows.slice(0, k)],
              [HEADER, ...rows.slice(k)],
            ]),
          ),
        ).toBe(base);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the waterfall", () => {
  const term = fc.record({
    name: fc.constantFrom("票折", "年终返利", "达量返利", "上架费", "店庆费", "海报费", "堆头费", "配送费", "账期", "希望资金", "新店开业费"),
    rate: fc.integer({ min: 0, max: 800 }).map((x) => x / 10000),
    amount: fc.integer({ min: 0, max: 50_000 }),
    threshold: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: null }),
  });
  test("gross − every expected cost = net-net, stage by stage, to the cent", () => {
    fc.assert(
      fc.property(
        fc.array(term, { minLength: 1, maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (terms, grossCents, compound) => {
          const contract: RawCell[][] = [["Retailer", "Term", "Basis", "Rate", "Amount", "Condition", "Valid from", "Valid to"]];
          for (const t of terms) {
            const isRate = ["票折", "年终返利", "达量返利", "配送费"].includes(t.name);
            const basis = t.name === "账期" ? "days" : t.name === "希望资金" ? "once" : t.name === "新店开业费" ? "per-store" : isRate ? "gross" : "annual";
            contract.push([
              "R1",
              t.name,
              basis,
              isRate ? t.rate : null,
              isRate ? null : t.name === "账期" ? 60 : t.amount,
              t.name === "达量返利" ? t.threshold : null,
              "2026-01-01",
              "2026-12-31",
            ]);
          }
          const sellIn: RawCell[][] = [
            ["Date", "Retailer", "SKU", "Units", "Gross value"],
            ...grossCents.map((c, i) => [`2026-0${7 + (i % 3)}-10`, "R1", "K1", 10, c / 100]),
          ];
          const sellOut = [HEADER, ["R1", "S1", "K1", "M1", "C1", "2026-07", 1, 1]];
          const input = ingestWorkbook({ sheets: [sheet("Sell-out", sellOut), sheet("Sell-in", sellIn), sheet("Trade terms", contract)] });
          const res = runReview(input, { retailer: "R1", period: "2026-Q3", ourCompany: "M1", compound });
          if (!res.ok) throw new Error("failed");
          const t = res.review.tradeTerms!;
          const sum = (kinds: string[]) => t.terms.filter((x) => kinds.includes(x.kind)).reduce((a, x) => a + x.expected, 0);
          const cent = 0.005;
          expect(Math.abs(t.grossSales - grossCents.reduce((a, c) => a + c, 0) / 100)).toBeLessThan(cent);
          expect(Math.abs(t.invoiceSales - (t.grossSales - sum(["on-invoice"])))).toBeLessThan(cent);
          expect(Math.abs(t.netSales - (t.invoiceSales - sum(["unconditional-rebate", "conditional-rebate"])))).toBeLessThan(cent);
          expect(Math.abs(t.netNetSales - (t.netSales - sum(["fixed-fee", "marketing", "logistics", "financial"])))).toBeLessThan(cent);
          expect(Math.abs(t.tradeSpend - t.terms.reduce((a, x) => a + x.expected, 0))).toBeLessThan(cent);
          expect(Math.abs(t.chargesTotal - t.matchedTotal - t.unmatchedTotal)).toBeLessThan(cent);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
