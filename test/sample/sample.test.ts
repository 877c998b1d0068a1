import path from "path";
import { IngestResult, RawCell, composeReview, formatDay, ingestWorkbook, reviewJson, runReview } from "../../src/engine";
import { readWorkbookFile } from "../../src/hosts/xlsx/file";
import { generateSample } from "../../src/sample/generate";
import { generateWeeklySample } from "../../src/sample/weekly";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");

/** As the generator writes them: ISO date strings become date cells, read back as Dates. */
function normal(cell: RawCell): RawCell {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return cell === undefined ? null : cell;
}
const trimRow = (row: RawCell[]) => {
  const r = row.map(normal);
  while (r.length && r[r.length - 1] === null) r.pop();
  return r;
};

describe("the sample account workbook", () => {
  const data = generateSample();

  test("is deterministic", () => {
    expect(generateSample()).toEqual(data);
  });

  test("is the size the issue asks for", () => {
    expect(data.facts).toEqual({ stores: 64, skusOurs: 25, skusCompetitors: 15, sellOutRows: data.facts.sellOutRows, months: 27 });
    expect(data.facts.sellOutRows).toBeGreaterThan(40_000);
  });

  test("the file in assets/ is what the generator makes (regenerate with npm run sample)", async () => {
    const grids = await readWorkbookFile(SAMPLE);
    expect(grids.sheets.map((s) => s.name)).toEqual(data.sheets.map((s) => s.name));
    for (const [i, s] of data.sheets.entries()) {
      const fromFile = grids.sheets[i].rows.map(trimRow);
      const generated = s.rows.map(trimRow);
      expect([s.name, fromFile.length]).toEqual([s.name, generated.length]);
      expect(fromFile).toEqual(generated);
    }
    // The defects are there on purpose: a title row, subtotal rows, numbers stored as text.
    const input = ingestWorkbook(grids);
    expect(input.detections.find((d) => d.sheet === "Sell-out 2024-2025")!.headerRow).toBe(3);
    expect(input.issues.filter((i) => i.code === "subtotal-row").map((i) => [i.sheet, i.row])).toEqual([
      ["Sell-out 2024-2025", 44],
      ["零售数据2026", 27],
    ]);
    const textValues = grids.sheets[4].rows.slice(1).filter((r) => typeof r[6] === "string" && String(r[6]).startsWith("¥"));
    expect(textValues.length).toBeGreaterThan(100);
    for (const rec of input.reconciliation) {
      expect(rec.rowsRead).toBe(rec.rowsUsed + rec.rowsRejected);
      if (rec.valueRead !== null) expect(rec.valueRead).toBeCloseTo(rec.valueUsed! + rec.valueRejected!, 6);
    }
  }, 30_000);
});

describe("the weekly sample: Walmart on the NRF 4-5-4 calendar, sell-out by retail week", () => {
  const WEEKLY = path.join(__dirname, "../../assets/sample-weekly.xlsx");
  const data = generateWeeklySample();
  let input: IngestResult;
  beforeAll(async () => {
    input = ingestWorkbook(await readWorkbookFile(WEEKLY));
  }, 30_000);

  test("is deterministic, and the file in assets/ is what the generator makes (npm run sample)", async () => {
    expect(generateWeeklySample()).toEqual(data);
    const grids = await readWorkbookFile(WEEKLY);
    expect(grids.sheets.map((s) => s.name)).toEqual(data.sheets.map((s) => s.name));
    for (const [i, s] of data.sheets.entries()) expect(grids.sheets[i].rows.map(trimRow)).toEqual(s.rows.map(trimRow));
  }, 30_000);

  test("108 retail weeks, FY2025-W27 to FY2027-W30, read as weeks of the retail calendar in Settings", () => {
    expect(input.settings.retailCalendar).toEqual({ pattern: "4-5-4", weekday: 6, month: 1, day: 31, rule: "nearest" });
    const t = input.tables["sell-out"]!;
    const starts = new Set(Array.from(t.num.spanStart.values));
    expect(starts.size).toBe(108);
    expect(formatDay(Math.min(...starts))).toBe("2024-08-04"); // FY2025-W27, a Sunday
    expect(formatDay(Math.max(...Array.from(t.num.spanEnd.values)))).toBe("2026-08-29"); // FY2027-W30, a Saturday
    expect(t.n).toBe(data.facts.sellOutRows);
    expect(input.issues.filter((i) => i.severity !== "info")).toEqual([]);
    expect(data.events.length).toBeGreaterThan(50); // promotions of a few weeks, for the promotions evaluation
  });

  test.each([
    [undefined, "FY2027-Q2", "FY2026-Q2", "FY2027-Q2 (2026-05-03 – 2026-08-01)"],
    ["L13W", "L13W:FY2027-W30", "L13W:FY2026-W30", "L13W to 2026-08-29"],
    ["MAT", "MAT:FY2027-W30", "MAT:FY2026-W30", "MAT to 2026-08-29"],
    ["YTD", "YTD:FY2027-W30", "YTD:FY2026-W30", "YTD to 2026-08-29"],
  ])("review %s: %s against %s, the span named in the title", (period, key, compare, words) => {
    const r = runReview(input, { retailer: "Walmart", period });
    if (!r.ok) throw new Error(JSON.stringify(r.issues.filter((i) => i.severity === "error")));
    const j = reviewJson(r.review, { audience: "internal", lang: "en" });
    expect([j.period, j.comparePeriod]).toEqual([key, compare]);
    // Each comparison span is covered by the data (it starts 2024-08-04): growth is a figure.
    expect(j.marketShare.total.growthPct).not.toBeNull();
    const model = composeReview(r.review, { lang: "en", audience: "internal" });
    expect(model.title).toBe(
      `Walmart × Sunrise Foods · Business review ${words} (vs ${words.replace(/FY2027-Q2 \(2026-05-03 – 2026-08-01\)/, "FY2026-Q2 (2025-05-04 – 2025-08-02)").replace("2026-08-29", "2025-08-30")})`,
    );
    expect(composeReview(r.review, { lang: "zh", audience: "internal" }).title).toContain(period ? "截至2026-08-29" : "FY2027-Q2（2026-05-03至2026-08-01）");
  });

  test("its targets are typed as people type them, and all are scored", () => {
    const r = runReview(input, { retailer: "Walmart" });
    if (!r.ok) throw new Error("failed");
    expect(r.review.scorecard.map((l) => [l.kpi, l.target, l.direction, l.category, l.status])).toEqual([
      ["销售额", 320000, "at-least", null, "green"],
      ["市场份额", 0.38, "at-least", null, "amber"],
      ["Price index", 100, "at-most", null, "amber"],
      ["ND of A SKUs", 0.9, "at-least", null, "red"],
      ["费用率", 20, "at-most", null, "green"],
      ["Value share", 0.34, "at-least", "Juice", "green"],
    ]);
  });
});
