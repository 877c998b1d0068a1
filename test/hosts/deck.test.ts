/**
 * The QBR deck (.pptx), the third renderer of the review: every XML part valid against the ECMA-376
 * schemas, every chart's axis ids resolving to axes, every chart's data in its embedded workbook
 * (read back with the engine's own reader), the slides' figures equal to the review JSON's, empty
 * sections and long tables, and LibreOffice Impress rendering it (en and zh).
 */
import { execFileSync } from "child_process";
import { existsSync, promises as fs } from "fs";
import os from "os";
import path from "path";
import JSZip from "jszip";
import { DECK_ROWS_PER_SLIDE, IngestResult, RawCell, composeReview, formatValue, ingestWorkbook, layoutDeck, reviewJson, runReview } from "../../src/engine";
import { deckBytes } from "../../src/hosts/pptx/deck";
import { readWorkbookFile } from "../../src/hosts/xlsx/file";
import { xlsxToGrids } from "../../src/hosts/xlsx/xlsxStream";
import { ingest, sheet } from "../helpers";

const VALIDATE = path.join(__dirname, "../../../shared/tools/ooxml-validate");
const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));
const impress = existsSync("/usr/lib/libreoffice/program/simpress") || existsSync("/usr/lib/libreoffice/program/libsdlo.so");
const CI = process.env.CI === "true";

let tmp: string;
let monthly: IngestResult;
let weekly: IngestResult;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-review-deck-"));
  monthly = ingestWorkbook(await readWorkbookFile(path.join(__dirname, "../../assets/sample-account.xlsx")));
  weekly = ingestWorkbook(await readWorkbookFile(path.join(__dirname, "../../assets/sample-weekly.xlsx")));
}, 60_000);
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

function review(input: IngestResult, retailer: string) {
  const r = runReview(input, { retailer });
  if (!r.ok) throw new Error("no review");
  return r.review;
}

const attr = (xml: string, re: RegExp) => [...xml.matchAll(re)].map((m) => m[1]);

describe.each([
  ["Carrefour (monthly), retailer deck, en", "monthly", "Carrefour", "retailer", "en"],
  ["Walmart (weekly 4-5-4), internal deck, zh", "weekly", "Walmart", "internal", "zh"],
] as const)("%s", (_name, which, retailer, audience, lang) => {
  let zip: JSZip;
  let bytes: Uint8Array;
  let plan: ReturnType<typeof layoutDeck>;
  let json: ReturnType<typeof reviewJson>;
  beforeAll(async () => {
    const r = review(which === "monthly" ? monthly : weekly, retailer);
    plan = layoutDeck(composeReview(r, { lang, audience }));
    bytes = await deckBytes(plan);
    zip = await JSZip.loadAsync(bytes);
    json = reviewJson(r, { audience, lang });
  }, 60_000);

  test("one story in slides, 16:9, every slide listed in the presentation", async () => {
    const slides = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slides.length).toBe(plan.slides.length);
    const pres = await zip.file("ppt/presentation.xml")!.async("string");
    expect(pres).toContain('<p:sldSz cx="12192000" cy="6858000"/>');
    expect(attr(pres, /<p:sldId id="\d+" r:id="(rId\d+)"\/>/g).length).toBe(plan.slides.length);
    // The retailer's monthly deck tells the story in 10–14 slides.
    if (audience === "retailer") expect(plan.slides.length).toBeGreaterThanOrEqual(10);
    if (audience === "retailer") expect(plan.slides.length).toBeLessThanOrEqual(14);
    if (audience === "internal")
      for (const id of ["tradeTerms", "deductions", "negotiation"]) expect(plan.slides.some((s) => "sectionId" in s && s.sectionId === id)).toBe(true);
  });

  test("every XML part is valid against the ECMA-376 Transitional schemas", async () => {
    if (!existsSync("/usr/bin/xmllint") && !CI) return;
    const file = path.join(tmp, `${which}-${audience}.pptx`);
    await fs.writeFile(file, bytes);
    expect(execFileSync(VALIDATE, [file], { encoding: "utf8" })).toMatch(/(\d+)\/\1 parts valid/);
  });

  test("every chart's axis ids resolve to axes, and its data sits in its embedded workbook", async () => {
    const charts = Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
    expect(charts.length).toBe(plan.slides.filter((s) => s.kind === "chart").length);
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const c of charts) {
      const xml = await zip.file(c)!.async("string");
      const axes = new Set(attr(xml, /<c:(?:catAx|valAx)><c:axId val="(\d+)"\/>/g));
      const used = attr(xml, /<c:axId val="(\d+)"\/>/g);
      for (const id of used) expect([c, id, axes.has(id)]).toEqual([c, id, true]);
      const rels = await zip.file(c.replace("charts/", "charts/_rels/") + ".rels")!.async("string");
      const target = /Target="\.\.\/(embeddings\/[^"]+\.xlsx)"/.exec(rels)![1];
      const grids = xlsxToGrids(await zip.file(`ppt/${target}`)!.async("uint8array"));
      // Every cached value of every series is the value in the embedded sheet at the series' reference.
      for (const ser of xml.split("<c:ser>").slice(1)) {
        const f = /<c:val><c:numRef><c:f>([^<]+)<\/c:f>/
          .exec(ser)![1]
          .replace(/&apos;/g, "'")
          .replace(/&amp;/g, "&");
        const ref = /^'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)$/.exec(f)!;
        const sheetGrid = grids.sheets.find((g) => g.name === ref[1].replace(/''/g, "'"))!;
        const col = ref[2].split("").reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
        const cached = new Map(
          attr(ser.split("<c:val>")[1], /<c:pt idx="(\d+)"><c:v>/g).map((idx, k) => [
            Number(idx),
            Number(attr(ser.split("<c:val>")[1], /<c:v>([^<]*)<\/c:v>/g)[k]),
          ]),
        );
        for (const [idx, v] of cached) {
          const cell = sheetGrid.rows[Number(ref[3]) - 1 + idx - (sheetGrid.firstRow ?? 1) + 1]?.[col - ((sheetGrid.firstColumn ?? 1) - 1)];
          expect([c, idx, cell]).toEqual([c, idx, v]);
        }
      }
    }
  });

  test("the figures on the slides are the review JSON's", async () => {
    const text = (
      await Promise.all(
        Object.keys(zip.files)
          .filter((f) => f.startsWith("ppt/slides/slide"))
          .map((f) => zip.file(f)!.async("string")),
      )
    ).join("\n");
    const cur = json.currency;
    expect(text).toContain(formatValue(json.marketShare.total.ourValue, "money", cur));
    expect(text).toContain(formatValue(json.marketShare.total.valueShare, "share"));
    for (const c of json.marketShare.byCategory) expect(text).toContain(formatValue(c.categoryValue, "money", cur));
    for (const o of json.opportunities.slice(0, 5)) expect(text).toContain(formatValue(o.value, "money", cur));
    // The price index chart's cache: the JSON's index per SKU, in the chart's order.
    const charts = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f))
        .map((f) => zip.file(f)!.async("string")),
    );
    // The index chart: columns with the corridor as lines on the same axes (the Pareto's line has its own, 201).
    const priceChart = charts.find((x) => x.includes("<c:barChart>") && x.includes("<c:lineChart>") && !x.includes('<c:axId val="201"/>'))!;
    const firstSeries = priceChart.split("<c:ser>")[1];
    const skus = attr(firstSeries.split("<c:cat>")[1].split("</c:cat>")[0], /<c:v>([^<]*)<\/c:v>/g);
    const values = attr(firstSeries.split("<c:val>")[1], /<c:v>([^<]*)<\/c:v>/g).map(Number);
    const bySku = new Map(json.pricePosition.map((p) => [p.sku, p.priceIndex]));
    expect(skus.length).toBeGreaterThan(5);
    skus.forEach((sku, k) => expect([sku, values[k]]).toEqual([sku, bySku.get(sku)]));
    // The internal deck's waterfall chart: net-net sales in its cache, as the JSON has it.
    if (audience === "internal") expect(charts.some((x) => x.includes(`<c:v>${json.tradeTerms!.netNetSales}</c:v>`))).toBe(true);
  });

  test("Chinese text carries its language and an East Asian font", async () => {
    const slide = await zip.file("ppt/slides/slide1.xml")!.async("string");
    if (lang === "zh") expect(slide).toMatch(/<a:rPr lang="zh-CN"[^>]*>.*?<a:ea typeface="Microsoft YaHei"\/>/);
    expect(slide).not.toMatch(/<a:rPr(?![^>]*lang=)/);
  });

  (soffice && (impress || CI) ? test : test.skip)(
    "LibreOffice Impress renders it to PDF, one page per slide",
    async () => {
      const file = path.join(tmp, `render-${which}-${lang}.pptx`);
      await fs.writeFile(file, bytes);
      execFileSync(soffice ?? "soffice", ["--headless", "--convert-to", "pdf", "--outdir", tmp, file], { timeout: 180_000, stdio: "pipe" });
      const pdf = file.replace(/\.pptx$/, ".pdf");
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf]).toString())![1]);
      expect(pages).toBe(plan.slides.length);
      const text = execFileSync("pdftotext", [pdf, "-"]).toString();
      expect(text).toContain(lang === "zh" ? "关键数据" : "Key figures");
      expect(text).toContain(retailer);
    },
    240_000,
  );
});

describe("what a deck must do with awkward reviews", () => {
  test("an empty table is a slide that says so, not an empty chart or table", () => {
    // Carrefour has no listing gap in the sample.
    const plan = layoutDeck(composeReview(review(monthly, "Carrefour"), { lang: "en", audience: "retailer" }));
    const listing = plan.slides.find((s) => s.title.includes("Listing gaps"))!;
    expect(listing).toMatchObject({ kind: "empty", message: "(none)" });
  });

  test("a 200-SKU assortment: long tables split into readable slides, the header on each", () => {
    // 200 SKUs of ours sold at Walmart, none at Carrefour but A0: 199 listing gaps at Carrefour.
    const products: RawCell[][] = [
      ["SKU", "Manufacturer", "Category"],
      ["C1", "Rival", "Biscuits"],
    ];
    const rows: RawCell[][] = [["Retailer", "Store", "SKU", "Month", "Units", "Sales value"]];
    for (let k = 0; k < 200; k++) {
      products.push([`A${k}`, "Acme", "Biscuits"]);
      rows.push(["Walmart", "W1", `A${k}`, "2026-08", 10, 100 + k]);
    }
    rows.push(["Carrefour", "S1", "A0", "2026-08", 10, 100], ["Carrefour", "S1", "C1", "2026-08", 10, 100]);
    const r = runReview(ingest(sheet("Settings", [["Own company", "Acme"]]), sheet("Products", products), sheet("Sell-out", rows)), {
      retailer: "Carrefour",
      period: "2026-Q3",
    });
    if (!r.ok) throw new Error("failed");
    const plan = layoutDeck(composeReview(r.review, { lang: "en", audience: "retailer" }));
    const gaps = plan.slides.filter((s) => s.kind === "table" && s.tableId === "listingGaps");
    expect(gaps.length).toBe(Math.ceil(199 / DECK_ROWS_PER_SLIDE)); // 15 slides of at most 14 rows
    for (const s of gaps) {
      if (s.kind !== "table") continue;
      expect(s.table.rows.length).toBeLessThanOrEqual(DECK_ROWS_PER_SLIDE);
      expect(s.table.columns[0]).toBe("SKU");
    }
    expect(gaps.reduce((a, s) => a + (s.kind === "table" ? s.table.rows.length : 0), 0)).toBe(199);
    expect(gaps[0].title).toMatch(/\(1\/15\)$/);
  });
});
