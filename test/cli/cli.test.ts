import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { EXIT } from "../../src/cli/main";
import { run } from "./run";
import { ingestWorkbook, runReview, reviewJson } from "../../src/engine";
import { readWorkbookFile } from "../../src/hosts/xlsx/file";
import { INTERNAL_SHEETS_EN } from "../helpers";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-review-cli-"));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe("ka-review check", () => {
  test("prints every sheet's kind and mapping of the sample", async () => {
    const r = await run("check", SAMPLE);
    expect(r.code).toBe(EXIT.ok);
    const kinds: Record<string, string> = {
      Settings: "Settings",
      Stores: "Stores",
      商品: "Products",
      "Sell-out 2024-2025": "Sell-out",
      零售数据2026: "Sell-out",
      "Price checks": "Price checks",
      "Price pairs": "Price pairs",
      出货数据: "Sell-in",
      "Trade terms": "Trade terms",
      扣款明细: "Deductions",
      Targets: "Targets",
      Actions: "Actions",
    };
    for (const [sheet, kind] of Object.entries(kinds)) expect(r.out).toMatch(new RegExp(`^${sheet}\\s+${kind}\\s+1\\.00`, "m"));
    expect(r.out).toContain("E: 月份 → period");
    expect(r.out).toContain("G: 销售金额 → value");
    expect(r.out).toContain("J: Sales Value → value");
    expect(r.out).toContain("subtotal-row");
    expect(r.err).toMatch(/Read 12 sheets/);
  }, 30_000);
});

describe("ka-review review on the sample", () => {
  let result: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    result = await run("review", SAMPLE, "--out-dir", tmp);
  }, 60_000);

  test("one workbook and one JSON per retailer", async () => {
    expect(result.code).toBe(EXIT.ok);
    const files = (await fs.readdir(tmp)).sort();
    expect(files).toEqual([
      "KA-Review_Carrefour_2026-Q3.json",
      "KA-Review_Carrefour_2026-Q3.xlsx",
      "KA-Review_RT-Mart_2026-Q3.json",
      "KA-Review_RT-Mart_2026-Q3.xlsx",
      "KA-Review_Walmart_2026-Q3.json",
      "KA-Review_Walmart_2026-Q3.xlsx",
    ]);
    expect(result.out).toMatch(/Carrefour · 2026-Q3 vs 2025-Q3 · Market share \(CNY\)/);
  });

  test("the JSON has the contract's keys, and figures equal the engine's", async () => {
    const json = JSON.parse(await fs.readFile(path.join(tmp, "KA-Review_Carrefour_2026-Q3.json"), "utf8"));
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(["retailer", "period", "comparePeriod", "currency", "ourCompany", "marketShare", "issues", "reconciliation"]),
    );
    expect([json.retailer, json.period, json.comparePeriod, json.currency, json.ourCompany]).toEqual([
      "Carrefour",
      "2026-Q3",
      "2025-Q3",
      "CNY",
      "Sunrise Foods",
    ]);
    const shareKeys = [
      "ourValue",
      "categoryValue",
      "valueShare",
      "valueSharePrior",
      "shareChangePp",
      "ourVolume",
      "categoryVolume",
      "volumeShare",
      "growthPct",
      "categoryGrowthPct",
      "shareOfGrowth",
      "fairShareIndex",
      "fairShareGapValue",
    ];
    expect(Object.keys(json.marketShare.total)).toEqual(expect.arrayContaining(shareKeys));
    expect(json.marketShare.byCategory.map((c: { category: string }) => c.category)).toEqual(["Biscuits", "Juice"]);
    expect(json.marketShare.bySegment).toHaveLength(5);
    for (const i of json.issues) expect(Object.keys(i)).toEqual(["sheet", "row", "column", "severity", "code", "message"]);
    for (const r of json.reconciliation) expect(r.valueRead).toBeCloseTo(r.valueUsed + r.valueRejected, 6);
    expect(json.reconciliation.map((r: { sheet: string }) => r.sheet)).toEqual(["Sell-out 2024-2025", "零售数据2026", "出货数据", "扣款明细"]);

    // The same figures straight from the engine on the same file.
    const input = ingestWorkbook(await readWorkbookFile(SAMPLE));
    const res = runReview(input, { retailer: "Carrefour" });
    if (!res.ok) throw new Error("review failed");
    expect(json).toEqual(JSON.parse(JSON.stringify(reviewJson(res.review, { audience: "internal", lang: "en" }))));
  }, 30_000);

  test.each([["Carrefour"], ["RT-Mart"], ["Walmart"]])("%s: every analytics key is filled, nulls only where metrics.md allows", async (retailer) => {
    const json = JSON.parse(await fs.readFile(path.join(tmp, `KA-Review_${retailer}_2026-Q3.json`), "utf8"));
    const skuKeys = [
      "sku",
      "name",
      "category",
      "segment",
      "value",
      "valuePrior",
      "growthPct",
      "contribution",
      "cumulativeContribution",
      "abcClass",
      "storesSelling",
      "storeUniverse",
      "numericDistribution",
      "weightedDistribution",
      "acvDistribution",
      "rateOfSale",
      "tail",
    ];
    expect(json.skus.length).toBeGreaterThan(20);
    for (const sku of json.skus) {
      expect(Object.keys(sku)).toEqual(expect.arrayContaining(skuKeys));
      for (const k of skuKeys) {
        // growth is null only for a SKU with no sales a year earlier (a 2026 launch)
        if (sku[k] === null) expect([k, sku.valuePrior]).toEqual(["growthPct", 0]);
      }
    }
    expect(json.skus.map((x: { contribution: number }) => x.contribution).reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 12);
    for (const p of json.pricePosition) {
      for (const k of [
        "sku",
        "reference",
        "priceSource",
        "pricePerBaseUnit",
        "referencePricePerBaseUnit",
        "priceIndex",
        "corridorLow",
        "corridorHigh",
        "status",
      ])
        expect([k, p[k]]).not.toEqual([k, null]);
      // Without a pair, the corridor is the one in Settings (90-110 in the sample), not the 95-105 default.
      if (p.reference === "segment") expect([p.corridorLow, p.corridorHigh]).toEqual([90, 110]);
    }
    for (const k of ["promoShare", "promoDepth"]) expect(typeof json.promotions[k]).toBe("number");
    expect(json.opportunities.length).toBeGreaterThan(0);
    for (const o of json.opportunities) expect(Object.keys(o)).toEqual(expect.arrayContaining(["kind", "description", "value"]));
    const values = json.opportunities.map((o: { value: number }) => o.value);
    expect(values).toEqual([...values].sort((x: number, y: number) => y - x));
    // As written in the sample's Targets sheet (zh names among them), each read as its KPI; Carrefour has a Juice target too.
    const card = json.scorecard.map((l: { kpi: string; kpiId: string; category: string | null }) => [l.kpi, l.kpiId, l.category]);
    expect(card).toEqual([
      ["Sales value", "salesValue", null],
      ["市场份额", "valueShare", null],
      ["Price index", "priceIndex", null],
      ["ND of A SKUs", "ndA", null],
      ["费用率", "tradeSpendPct", null],
      ...(retailer === "Carrefour" ? [["Value share", "valueShare", "Juice"]] : []),
    ]);
    expect(json.scorecard.every((l: { status: string | null }) => l.status !== null)).toBe(true);
    expect(json.actions.length).toBeGreaterThan(0);
    if (retailer !== "Carrefour") expect(json.listingGaps.length).toBeGreaterThan(0);
  });

  test("the review workbook has its sections, the share table and the reconciliation", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(tmp, "KA-Review_Carrefour_2026-Q3.xlsx"));
    expect(wb.worksheets.map((w) => w.name)).toEqual(INTERNAL_SHEETS_EN);
    const ms = wb.getWorksheet("Market share")!;
    const header = ms.getRow(22).values as unknown[]; // tables start below the chart, at row 22
    expect(header.slice(1, 5)).toEqual(["Level", "Category", "Segment", "Our value"]);
    expect(ms.getRow(23).getCell(1).value).toBe("Total");
    expect(ms.getRow(23).getCell(6).numFmt).toBe("0.0%");
    const json = JSON.parse(await fs.readFile(path.join(tmp, "KA-Review_Carrefour_2026-Q3.json"), "utf8"));
    expect(ms.getRow(23).getCell(4).value).toBe(json.marketShare.total.ourValue);
  }, 30_000);
});

describe("the retailer copy and Chinese", () => {
  test("--audience retailer leaves out the internal Data notes; --lang zh writes Chinese", async () => {
    const out = path.join(tmp, "rt.xlsx");
    const json = path.join(tmp, "rt.json");
    const r = await run("review", SAMPLE, "--retailer", "大润发", "--audience", "retailer", "--lang", "zh", "--out", out, "--json", json);
    expect(r.code).toBe(EXIT.ok);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["封面", "市场份额", "单品结构", "价格定位", "增长机会", "行动计划"]);
    const j = JSON.parse(await fs.readFile(json, "utf8"));
    expect(j.retailer).toBe("RT-Mart");
    expect(j.audience).toBe("retailer");
    expect(j.issues.find((i: { code: string }) => i.code === "subtotal-row").message).toMatch(/^第 \d+ 行是合计或小计行/);
  }, 60_000);
});

describe("bad input ends in a clear message and a non-zero exit", () => {
  test("a missing file", async () => {
    const r = await run("review", path.join(tmp, "nope.xlsx"));
    expect(r.code).toBe(EXIT.file);
    expect(r.err).toContain("File not found");
  });

  test("a CSV named .xlsx", async () => {
    const f = path.join(tmp, "data.xlsx");
    await fs.writeFile(f, "Retailer,SKU,Value\nCarrefour,1,2\n");
    const r = await run("check", f);
    expect(r.code).toBe(EXIT.file);
    expect(r.err).toContain("is not an .xlsx workbook (it looks like a text or CSV file)");
  });

  test("an old .xls or a password-protected workbook (OLE container)", async () => {
    const f = path.join(tmp, "old.xlsx");
    await fs.writeFile(f, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]));
    const r = await run("check", f, "--lang", "zh");
    expect(r.code).toBe(EXIT.file);
    expect(r.err).toContain("看起来是旧版 .xls 文件或受密码保护的工作簿");
  });

  test("a truncated workbook", async () => {
    const bytes = await fs.readFile(SAMPLE);
    const f = path.join(tmp, "cut.xlsx");
    await fs.writeFile(f, bytes.subarray(0, 4000));
    const r = await run("check", f);
    expect(r.code).toBe(EXIT.file);
    expect(r.err).toContain("could not be read as an .xlsx workbook");
  });

  test("a bad period key, an unknown option, an unknown retailer", async () => {
    expect((await run("review", SAMPLE, "--period", "2026-Q7")).code).toBe(EXIT.usage);
    expect((await run("review", SAMPLE, "--colour", "red")).code).toBe(EXIT.usage);
    const r = await run("review", SAMPLE, "--retailer", "Metro", "--out", path.join(tmp, "m.xlsx"));
    expect(r.code).toBe(EXIT.noReview);
    expect(r.err).toContain('Retailer "Metro" has no rows in Sell-out. Retailers in the data: Carrefour, RT-Mart, Walmart.');
  }, 30_000);
});

describe("weeks, retail calendars and rolling periods on the command line", () => {
  const WEEKLY = path.join(__dirname, "../../assets/sample-weekly.xlsx");
  test.each([
    ["FY2027-Q2", "FY2027-Q2", "FY2026-Q2", "KA-Review_Walmart_FY2027-Q2"],
    ["L13W", "L13W:FY2027-W30", "L13W:FY2026-W30", "KA-Review_Walmart_L13W_FY2027-W30"],
    ["MAT", "MAT:FY2027-W30", "MAT:FY2026-W30", "KA-Review_Walmart_MAT_FY2027-W30"],
    ["YTD", "YTD:FY2027-W30", "YTD:FY2026-W30", "KA-Review_Walmart_YTD_FY2027-W30"],
  ])(
    "--period %s on the weekly 4-5-4 sample: %s vs %s, written as %s",
    async (period, key, compare, stem) => {
      const dir = path.join(tmp, `weekly-${period}`);
      const r = await run("review", WEEKLY, "--period", period, "--lang", "en", "--out-dir", dir);
      expect(r.code).toBe(EXIT.ok);
      expect(r.out).toContain(`Walmart · ${key} vs ${compare}`);
      const json = JSON.parse(await fs.readFile(path.join(dir, `${stem}.json`), "utf8"));
      expect([json.period, json.comparePeriod]).toEqual([key, compare]);
      await fs.access(path.join(dir, `${stem}.xlsx`));
    },
    60_000,
  );

  test("check lists the periods the data supports; a week period on monthly data is refused with them", async () => {
    const c = await run("check", WEEKLY, "--lang", "en");
    expect(c.out).toContain(
      "Periods to review (--period), the default first, then latest first:\n  FY2027-Q2  FY2027-Q2 (2026-05-03 – 2026-08-01)\n  MAT:FY2027-W30  MAT to 2026-08-29",
    );
    const r = await run("review", SAMPLE, "--period", "L13W", "--lang", "en", "--out", path.join(tmp, "l13w.xlsx"));
    expect(r.code).toBe(EXIT.noReview);
    expect(r.err).toContain(
      "L13W needs sell-out by week or by day, and this sell-out is by month. Choose one of: 2026-Q3, MAT:2026-M09, YTD:2026-M09, L3M:2026-M09",
    );
    const bad = await run("review", SAMPLE, "--period", "FY2027-W05", "--lang", "zh", "--out", path.join(tmp, "w.xlsx"));
    expect(bad.code).toBe(EXIT.noReview);
    expect(bad.err).toContain("FY2027-W05 是零售周或零售期间，但本回顾没有零售日历");
  }, 60_000);
});

describe("ka-review template", () => {
  test.each([["en"], ["zh"]])(
    "the %s template is recognised kind by kind, with no column missing",
    async (lang) => {
      const f = path.join(tmp, `template-${lang}.xlsx`);
      expect((await run("template", "--lang", lang, "--out", f)).code).toBe(EXIT.ok);
      const input = ingestWorkbook(await readWorkbookFile(f));
      const kinds = input.detections.map((d) => d.kind);
      expect(kinds).toEqual([
        "sell-out",
        "stores",
        "products",
        "price-checks",
        "price-pairs",
        "sell-in",
        "trade-terms",
        "deductions",
        "targets",
        "actions",
        "promotions",
        "term-kinds",
        "negotiation",
        "settings",
      ]);
      for (const d of input.detections) {
        expect([d.sheet, d.missing]).toEqual([d.sheet, []]);
        // Every canonical header maps to its own field.
        if (d.kind !== "settings") expect([d.sheet, d.columns.every((c) => c.field !== null && c.confidence === 1)]).toEqual([d.sheet, true]);
      }
      expect(input.settings.language).toBe(lang);
    },
    30_000,
  );
});
