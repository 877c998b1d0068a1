/**
 * The marks on our own sheets and the plan for the reviews already in a workbook (engine/core/marks.ts):
 * names are read back whatever Excel did to them (renamed sheets, quotes, #REF!), and a new review
 * replaces only itself, keeps the others renamed once with their period, within the limit.
 */
import { markName, parseMarks, planReviewSheets, retailerTag, sheetOfRef, sheetRef, staleMarkNames } from "../../../src/engine";

test("a mark names its section, retailer and period, and survives a rename (Excel updates the reference)", () => {
  const name = markName("marketShare", "Carrefour", "FY2027-Q1");
  expect(name).toBe(`KAReview_marketShare_${retailerTag("Carrefour")}_FY2027_Q1`);
  expect(retailerTag("家乐福")).toBe(retailerTag("Carrefour")); // one retailer, one tag
  const marks = parseMarks([
    { name, formula: "='Market share 2026-Q2'!$A$1" },
    { name: markName("cover", "Carrefour", "MAT:2026-M09"), formula: "=Cover!$A$1" },
    { name: markName("skuMix", "Carrefour", "2026-Q2"), formula: "=#REF!" },
    { name: "SalesTotal", formula: "=Sheet1!$B$2" },
    { name: markName("dataNotes", "Carrefour", "2026-Q2"), formula: "='It''s ours'!$A$1" },
  ]);
  expect(marks.map((m) => [m.sheet, m.sectionId, m.period])).toEqual([
    ["Market share 2026-Q2", "marketShare", "FY2027-Q1"],
    ["Cover", "cover", "MAT:2026-M09"],
    ["It's ours", "dataNotes", "2026-Q2"],
  ]);
  expect(sheetOfRef(sheetRef("It's ours"))).toBe("It's ours");
  expect(
    staleMarkNames(
      [
        { name: markName("skuMix", "Carrefour", "2026-Q2"), formula: "=#REF!" },
        { name: "SalesTotal", formula: "=#REF!" },
      ],
      [],
    ),
  ).toEqual([markName("skuMix", "Carrefour", "2026-Q2")]);
});

test("the same review is replaced, another period kept and renamed once, the oldest beyond the limit removed", () => {
  const mk = (section: string, period: string, sheet: string, retailer = "Carrefour") => ({
    name: markName(section, retailer, period),
    sheet,
    sectionId: section,
    retailerTag: retailerTag(retailer),
    period,
  });
  const marks = [
    mk("cover", "2026-Q3", "Cover"),
    mk("cover", "2026-Q2", "Cover 2026-Q2"),
    mk("cover", "2026-Q1", "Cover 2026-Q1"),
    mk("cover", "2026-Q2", "Cover (2)", "Walmart"),
  ];
  const sheets = ["Sell-out", ...marks.map((m) => m.sheet)];
  // Regenerate 2026-Q3: only its own sheet goes.
  const again = planReviewSheets(marks, sheets, "CARREFOUR", "2026-Q3", 4);
  expect(again.remove).toEqual(["Cover"]);
  expect(again.rename).toEqual([{ from: "Cover (2)", to: "Cover 2026-Q2 (2)" }]);
  expect(again.earlier.map((e) => [e.period, e.coverSheet])).toEqual([
    ["2026-Q2", "Cover 2026-Q2"],
    ["2026-Q1", "Cover 2026-Q1"],
    ["2026-Q2", "Cover 2026-Q2 (2)"],
  ]);
  // 2026-Q4 with keep 1: the latest earlier review stays (Q3, renamed), every older one goes.
  const next = planReviewSheets(marks, sheets, "Carrefour", "2026-Q4", 1);
  expect(next.rename).toEqual([{ from: "Cover", to: "Cover 2026-Q3" }]);
  expect(next.remove.sort()).toEqual(["Cover (2)", "Cover 2026-Q1", "Cover 2026-Q2"]);
  expect(next.earlier.map((e) => e.coverSheet)).toEqual(["Cover 2026-Q3"]);
  // keep 0: nothing earlier is kept.
  expect(planReviewSheets(marks, sheets, "Carrefour", "2026-Q4", 0).remove.length).toBe(4);
});
