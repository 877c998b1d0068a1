import { formatDay, issueMessage, reviewJson, reviewablePeriods, runReview } from "../../../src/engine";
import type { RawCell } from "../../../src/engine";
import { ingest, sheet, where } from "../../helpers";

/*
 * A retailer on the NRF 4-5-4 calendar (FY N ends on the Saturday nearest 31 January of N, weeks start
 * on Sunday): FY2026 runs 2025-02-02..2026-01-31, FY2027 2026-02-01..2027-01-30 (52 weeks each);
 * FY2024 runs 2023-01-29..2024-02-03 and has 53 weeks.
 * Sell-out by retail week, one store, ours A1 (100 a week, +1 a week in FY2027) and the rival C1 (100 a week).
 */
const settings = (
  extra: RawCell[][] = [
    ["Calendar", "4-5-4"],
    ["Retail year end", "Saturday nearest 01-31"],
  ],
) => sheet("Settings", [["Own company", "Acme"], ...extra]);
const products = sheet("Products", [
  ["SKU", "Manufacturer", "Category"],
  ["A1", "Acme", "Biscuits"],
  ["C1", "Rival", "Biscuits"],
]);
function weeks(fy: number, from: number, to: number, ours: (w: number) => number): RawCell[][] {
  const rows: RawCell[][] = [];
  for (let w = from; w <= to; w++) {
    const label = `FY${fy}-W${String(w).padStart(2, "0")}`;
    rows.push(["Carrefour", "S1", "A1", label, ours(w)], ["Carrefour", "S1", "C1", label, 100]);
  }
  return rows;
}
const header = ["Retailer", "Store", "SKU", "Fiscal week", "Sales value"];
const sellOut = sheet("Sell-out", [header, ...weeks(2026, 1, 52, () => 100), ...weeks(2027, 1, 30, (w) => 100 + w)]);

function review(period: string, ...sheets: ReturnType<typeof sheet>[]) {
  const r = runReview(ingest(settings(), products, ...sheets), { retailer: "Carrefour", period });
  if (!r.ok) throw new Error(JSON.stringify(r.issues.filter((i) => i.severity === "error")));
  return r.review;
}

describe("a weekly sell-out on a 4-5-4 retail calendar", () => {
  test("FY2027-Q2: weeks 14–26, against FY2026-Q2 by week number", () => {
    const r = review("FY2027-Q2", sellOut);
    const j = reviewJson(r, { audience: "internal", lang: "en" });
    expect([j.period, j.comparePeriod]).toEqual(["FY2027-Q2", "FY2026-Q2"]);
    // Ours: Σ (100 + w) for w = 14..26 = 1,300 + 260 = 1,560; P': 13 × 100 = 1,300: growth 20%.
    expect(j.marketShare.total.ourValue).toBe(1560);
    expect(j.marketShare.total.growthPct).toBeCloseTo(20, 9);
    // Weeks in P = its 13 weeks: the rate of sale is 1,560 / (1 store × 13 weeks) = 120.
    expect(j.skus[0].rateOfSale).toBeCloseTo(120, 9);
    expect(r.context.P.weeks).toBe(13);
  });

  test("L13W, MAT and YTD end at the last complete week, FY2027-W30", () => {
    const l13 = reviewJson(review("L13W", sellOut), { audience: "internal", lang: "en" });
    expect([l13.period, l13.comparePeriod]).toEqual(["L13W:FY2027-W30", "L13W:FY2026-W30"]);
    // Weeks 18–30: Σ (100 + w) = 1,300 + 312 = 1,612 against 1,300.
    expect(l13.marketShare.total.ourValue).toBe(1612);
    const mat = review("MAT", sellOut);
    expect(mat.context.P.key).toBe("MAT:FY2027-W30");
    // 52 weeks back from W30: FY2026-W31..FY2027-W30; the year before starts FY2025-W31, before the data.
    expect(mat.context.Pc!.key).toBe("MAT:FY2026-W30");
    expect(mat.marketShare.total.growthPct).toBeNull();
    expect(mat.issues.filter((i) => i.code === "comparison-partly-covered").map(where)).toEqual([
      { sheet: null, row: null, column: null, code: "comparison-partly-covered", severity: "info" },
    ]);
    expect(
      issueMessage(
        mat.issues.find((i) => i.code === "comparison-partly-covered")!,
        "en",
      ),
    ).toBe(
      "The sell-out starts on 2025-02-02, after the comparison period MAT:FY2026-W30 begins (2024-09-01): 2024-09-01..2025-02-01 is not covered, so growth, prior share and share change are left empty.",
    );
    const ytd = review("YTD", sellOut);
    expect([ytd.context.P.key, ytd.context.Pc!.key]).toEqual(["YTD:FY2027-W30", "YTD:FY2026-W30"]);
    // W01–W30: 3,000 + 465 = 3,465 against 3,000: +15.5%.
    expect(ytd.marketShare.total.ourValue).toBe(3465);
    expect(ytd.marketShare.total.growthPct).toBeCloseTo(15.5, 9);
  });

  test("the periods offered, latest first, and the default: the latest complete retail quarter", () => {
    const keys = reviewablePeriods(ingest(settings(), products, sellOut)).map((p) => p.key);
    expect(keys[0]).toBe("FY2027-Q2");
    expect(keys).toEqual(expect.arrayContaining(["MAT:FY2027-W30", "YTD:FY2027-W30", "L13W:FY2027-W30", "L4W:FY2027-W30", "FY2027-P07", "FY2026"]));
    expect(keys).not.toContain("FY2027-Q3");
  });

  test("the 53rd week has no comparison: null, with an info issue", () => {
    const s = sheet("Sell-out", [header, ...weeks(2023, 1, 52, () => 100), ...weeks(2024, 1, 53, () => 110)]);
    const r = review("FY2024-W53", s);
    const j = reviewJson(r, { audience: "internal", lang: "en" });
    expect(j.period).toBe("FY2024-W53");
    expect(j.comparePeriod).toBeNull();
    expect(j.marketShare.total.ourValue).toBe(110);
    expect(j.marketShare.total.growthPct).toBeNull();
    expect(j.marketShare.total.valueSharePrior).toBeNull();
    expect(r.issues.map((i) => i.code)).toContain("no-comparison-week53");
    expect(r.issues.map((i) => i.code)).not.toContain("no-prior-data");
    // FY2024-Q4 has 14 weeks (with W53) and compares with the 13 of FY2023-Q4.
    const q4 = review("FY2024-Q4", s);
    expect(q4.context.P.weeks).toBe(14);
    expect(q4.marketShare.total.ourValue).toBe(14 * 110);
    expect(q4.marketShare.total.growthPct).toBeCloseTo(((14 * 110) / 1300 - 1) * 100, 9);
  });

  test("a calendar quarter on weekly data: each week by its start date, never split", () => {
    // 2026-Q2 = Apr 1 – Jun 30. Weeks starting in it: FY2027-W09 (starts 2026-03-29, before: out) … W22 (starts 06-28: in).
    const r = review("2026-Q2", sellOut);
    expect(r.issues.map((i) => i.code)).not.toContain("straddles-period");
    // Weeks starting Apr 5 (W10) through Jun 28 (W22): 13 weeks, Σ (100 + w) for w = 10..22 = 1,300 + 208.
    expect(r.marketShare.total.ourValue).toBe(1508);
  });
});

describe("weeks as they come", () => {
  test("a column of dates that are all Mondays is a column of weeks (said), reviewed by week", () => {
    const rows: RawCell[][] = [["Retailer", "Store", "SKU", "Date", "Sales value"]];
    // ISO weeks (no retail calendar): Mondays from 2025-06-30 (2025-W27) to 2026-06-29 (2026-W27).
    for (let k = 0; k <= 52; k++) {
      const d = new Date(Date.UTC(2025, 5, 30 + 7 * k)).toISOString().slice(0, 10);
      rows.push(["Carrefour", "S1", "A1", d, 100 + k], ["Carrefour", "S1", "C1", d, 100]);
    }
    const input = ingest(settings([]), products, sheet("Sell-out", rows));
    expect(input.issues.filter((i) => i.code === "dated-weeks").map((i) => issueMessage(i, "en"))).toEqual([
      "Sheet Sell-out: every date in column D falls on the same weekday, so each row is read as the week containing its date (2025-06-30 is the week 2025-06-30..2025-07-06).",
    ]);
    const r = runReview(input, { retailer: "Carrefour", period: "L4W" });
    if (!r.ok) throw new Error("failed");
    // Data to Sunday 2026-07-05: the last complete ISO week is 2026-W27 (Jun 29 – Jul 5), k = 49..52.
    expect(r.review.context.P.key).toBe("L4W:2026-W27");
    expect(r.review.marketShare.total.ourValue).toBe(4 * 100 + 49 + 50 + 51 + 52);
    expect(reviewJson(r.review, { audience: "internal", lang: "en" }).period).toBe("L4W:2026-W27");
  });

  test("week labels with the retail year after the week (#24): Wk 05 FY2027 and Week 5 FY27 are read as FY27 Wk5", () => {
    const rows = [
      header,
      ["Carrefour", "S1", "A1", "Wk 05 FY2027", 100],
      ["Carrefour", "S1", "A1", "Week 5 FY27", 50],
      ["Carrefour", "S1", "A1", "FY27 Wk5", 25],
    ];
    const input = ingest(settings(), products, sheet("Sell-out", rows));
    expect(input.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(input.reconciliation.find((x) => x.sheet === "Sell-out")).toMatchObject({ rowsUsed: 3, rowsRejected: 0, valueUsed: 175 });
    const t = input.tables["sell-out"]!;
    expect(new Set(Array.from({ length: t.n }, (_, i) => formatDay(t.num.spanStart.values[i])))).toEqual(new Set(["2026-03-01"]));
    // Without a retail calendar they ask for one, as FY27 Wk5 does, instead of a hint about month formats.
    const noCalendar = ingest(settings([]), products, sheet("Sell-out", rows));
    expect(noCalendar.issues.filter((i) => i.row !== null && i.severity === "error").map((i) => i.code)).toEqual([
      "week-needs-calendar",
      "week-needs-calendar",
      "week-needs-calendar",
    ]);
  });

  test("bad input: a week that contradicts its date, a retail week without a calendar, an unreadable year end", () => {
    const s = sheet("Sell-out", [
      ["Retailer", "Store", "SKU", "Week", "Date", "Sales value"],
      ["Carrefour", "S1", "A1", "FY2027-W05", "2026-03-02", 100], // W05 = 2026-03-01..03-07: fine
      ["Carrefour", "S1", "A1", "FY2027-W06", "2026-03-02", 100], // W06 = 03-08..03-14: contradicts
    ]);
    const input = ingest(settings(), products, s);
    const mismatch = input.issues.find((i) => i.code === "week-date-mismatch")!;
    expect(where(mismatch)).toEqual({ sheet: "Sell-out", row: 3, column: "D", code: "week-date-mismatch", severity: "error" });
    expect(issueMessage(mismatch, "en")).toBe(
      'Row 3: the week in D3 ("FY2027-W06") runs 2026-03-08..2026-03-14, but the date in E3 is 2026-03-02. Correct one of the two; KA Review cannot tell which is right, so the row was left out.',
    );
    expect(issueMessage(mismatch, "zh")).toBe(
      "第 3 行：D3 的周（“FY2027-W06”）为 2026-03-08..2026-03-14，但 E3 的日期是 2026-03-02。请更正其中之一；无法判断哪个正确，该行已排除。",
    );
    expect(input.reconciliation.find((x) => x.sheet === "Sell-out")).toMatchObject({ rowsUsed: 1, rowsRejected: 1, valueRejected: 100 });

    const noCalendar = ingest(settings([]), products, sheet("Sell-out", [header, ["Carrefour", "S1", "A1", "FY27 Wk5", 100]]));
    const needs = noCalendar.issues.find((i) => i.code === "week-needs-calendar")!;
    expect(where(needs)).toEqual({ sheet: "Sell-out", row: 2, column: "D", code: "week-needs-calendar", severity: "error" });
    expect(issueMessage(needs, "en")).toContain("add Calendar (4-4-5, 4-5-4 or 5-4-4) and Retail year end");

    const badEnd = ingest(
      settings([
        ["Calendar", "4-5-4"],
        ["Retail year end", "end of January"],
      ]),
      products,
      sellOut,
    );
    const unreadable = badEnd.issues.find((i) => i.code === "retail-year-end-unreadable")!;
    expect(where(unreadable)).toEqual({ sheet: "Settings", row: 3, column: "B", code: "retail-year-end-unreadable", severity: "warning" });
    expect(issueMessage(unreadable, "en")).toBe(
      'Settings row 3: Retail year end "end of January" cannot be read; write a weekday, "nearest" or "last" and a day of the year, e.g. "Saturday nearest 01-31" (the NRF rule) or "last Saturday 01-31". No retail calendar was applied until it is corrected.',
    );
    expect(issueMessage(unreadable, "zh")).toBe(
      "设置第 3 行：零售年度结束“end of January”无法识别；请写明星期几、“最接近”或“最后一个”以及日期，例如“最接近1月31日的星期六”（NRF 规则）或“1月31日前最后一个星期六”。更正前不使用零售日历。",
    );
    expect(badEnd.settings.retailCalendar).toBeNull();
  });

  test("a week period on monthly sell-out is refused with what the data supports", () => {
    const monthly = sheet("Sell-out", [
      ["Retailer", "Store", "SKU", "Month", "Sales value"],
      ["Carrefour", "S1", "A1", "2026-07", 100],
      ["Carrefour", "S1", "A1", "2026-08", 100],
      ["Carrefour", "S1", "A1", "2026-09", 100],
    ]);
    const r = runReview(ingest(settings([]), products, monthly), { retailer: "Carrefour", period: "L13W" });
    if (r.ok) throw new Error("an L13W review of monthly data");
    const issue = r.issues.find((i) => i.code === "period-needs-weeks")!;
    expect(issueMessage(issue, "en")).toBe(
      "L13W needs sell-out by week or by day, and this sell-out is by month. Choose one of: 2026-Q3, L3M:2026-M09, 2026-M09, 2026-M08, 2026-M07.",
    );
  });
});
