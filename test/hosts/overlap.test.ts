/**
 * One account in several files whose sell-out overlaps (#24): a workbook up to September and a portal
 * CSV of August–September. The same sales written another way (the month as 2026/8/1, a store code in
 * lower case) are counted once; a re-issued export with corrected figures replaces the older one for
 * the sales both report, with a warning naming both — never both counted.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { csvText } from "../helpers";
import { reviewJson, runReview } from "../../src/engine";
import { ingestAccountFiles } from "../../src/hosts/files/account";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");
let tmp: string;
/** The sample's 2026 sell-out rows of August and September: retailer, store, SKU, month, units, value. */
let portalRows: Array<[string, string, string, number, number, number]>;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-overlap-"));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE);
  portalRows = [];
  wb.getWorksheet("零售数据2026")!.eachRow((row, n) => {
    if (n === 1) return;
    const v = row.values as unknown[];
    const month = /^2026年(\d+)月$/.exec(String(v[5]))?.[1];
    if (month !== "8" && month !== "9") return;
    const money = Number(String(v[7]).replace(/[¥,]/g, ""));
    portalRows.push([String(v[1]), String(v[2]), String(v[3]), Number(month), Number(v[6]), money]);
  });
}, 60_000);
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function reviewOf(files: string[]) {
  const r = runReview((await ingestAccountFiles(files)).input, { retailer: "Carrefour", period: "2026-Q3" });
  if (!r.ok) throw new Error("review failed");
  return reviewJson(r.review, { audience: "internal", lang: "en" });
}

async function portal(name: string, value: (row: (typeof portalRows)[number], i: number) => number): Promise<string> {
  const file = path.join(tmp, name);
  const rows = portalRows.map((r, i) => [r[0], r[1].toLowerCase(), r[2], `2026/${r[3]}/1`, String(r[4]), value(r, i).toFixed(2)]);
  await fs.writeFile(file, csvText([["零售商", "门店", "条码", "月份", "销量", "销售金额"], ...rows]));
  return file;
}

test("the same sales in another spelling (2026/8/1, cf001) are counted once: the review equals the workbook's alone", async () => {
  expect(portalRows.length).toBeGreaterThan(1000);
  const alone = await reviewOf([SAMPLE]);
  const both = await reviewOf([SAMPLE, await portal("portal.csv", (r) => r[5])]);
  expect(both.marketShare.total).toEqual(alone.marketShare.total);
  expect(both.issues.find((i) => i.code === "sheet-repeats-rows")).toMatchObject({ sheet: "portal.csv", severity: "warning" });
  expect(both.issues.find((i) => i.code === "dated-months")).toMatchObject({ sheet: "portal.csv", column: "D" });
  expect(both.issues.some((i) => i.code === "sheets-overlap")).toBe(false);
}, 120_000);

test("a re-issued export with corrected figures: its figures replace the older file's for the sales both report, with a warning naming both", async () => {
  const alone = await reviewOf([SAMPLE]);
  // Every tenth row corrected by +10.00: the review must count the corrected figure once, not both.
  const corrected = portalRows.filter((_, i) => i % 10 === 0);
  const both = await reviewOf([SAMPLE, await portal("portal-reissued.csv", (r, i) => r[5] + (i % 10 === 0 ? 10 : 0))]);
  const carrefour = corrected.filter((r) => r[0] === "家乐福").length;
  expect(carrefour).toBeGreaterThan(10);
  expect(both.marketShare.total.categoryValue - alone.marketShare.total.categoryValue).toBeCloseTo(10 * carrefour, 6);
  const overlap = both.issues.filter((i) => i.code === "sheets-overlap");
  expect(overlap).toHaveLength(1);
  expect(overlap[0]).toMatchObject({ severity: "warning", sheet: "sample-account.xlsx › 零售数据2026" });
  expect(overlap[0].message).toContain("portal-reissued.csv");
  expect(overlap[0].message).toContain("2026-08-01..2026-09-30");
  // The rows left out are in the reconciliation as rejected, so read = used + rejected still holds.
  const rec = both.reconciliation.find((r) => r.sheet === "sample-account.xlsx › 零售数据2026")!;
  expect(rec.rowsRead).toBe(rec.rowsUsed + rec.rowsRejected);
}, 120_000);

test("the overlap warning in Chinese names both sheets and why one was kept", async () => {
  const files = [SAMPLE, await portal("portal-zh.csv", (r, i) => r[5] + (i % 10 === 0 ? 10 : 0))];
  const r = runReview((await ingestAccountFiles(files)).input, { retailer: "Carrefour", period: "2026-Q3" });
  if (!r.ok) throw new Error("review failed");
  const zh = reviewJson(r.review, { audience: "internal", lang: "zh" }).issues.find((i) => i.code === "sheets-overlap")!;
  expect(zh.message).toContain("portal-zh.csv");
  expect(zh.message).toContain("两者截止相同时保留后给出的文件");
  expect(zh.message).not.toMatch(/\{[a-zA-Z]+\}/);
}, 120_000);
