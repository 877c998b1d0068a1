/**
 * The retailer copy must not carry a single internal figure or term name: every part of the .xlsx
 * zip and the JSON are searched for what the internal review knows about trade terms.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import JSZip from "jszip";
import { main } from "../../src/cli/main";
import { ingestWorkbook, runReview, IngestResult } from "../../src/engine";
import { readWorkbookFile } from "../../src/hosts/xlsx/file";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");
let tmp: string;
let input: IngestResult;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-review-leak-"));
  input = ingestWorkbook(await readWorkbookFile(SAMPLE));
}, 30_000);
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function deepZipText(bytes: Uint8Array | Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const parts: string[] = [];
  for (const f of Object.values(zip.files)) {
    if (f.dir) continue;
    if (/\.(xlsx|zip)$/.test(f.name)) parts.push(await deepZipText(await f.async("uint8array")));
    else parts.push(await f.async("string"));
  }
  return parts.join("\n");
}

/** Every part of a zip, and of every zip inside it (a deck's embedded chart workbooks), as text. */
async function zipText(file: string): Promise<string> {
  return deepZipText(await fs.readFile(file));
}

/** Internal facts: term names as written (both halves of "Invoice discount 票折"), deduction names, money. */
function internalNeedles(retailer: string): string[] {
  const r = runReview(input, { retailer });
  if (!r.ok || !r.review.tradeTerms) throw new Error("no internal review");
  const t = r.review.tradeTerms;
  const names = new Set<string>();
  for (const term of t.terms) {
    names.add(term.term);
    for (const part of term.term.split(/\s+/)) if (/[^\x20-\x7e]/.test(part)) names.add(part); // the Chinese name
  }
  for (const u of t.unmatchedCharges) names.add(u.term);
  const figures = [
    t.grossSales,
    t.invoiceSales,
    t.netSales,
    t.netNetSales,
    t.tradeSpend,
    t.cogs!,
    t.contribution!,
    ...t.terms.map((x) => x.expected).filter((x) => x > 1000),
  ];
  // Round amounts ("3000") occur in any file by chance; a figure with cents or of six digits does not.
  const distinctive = figures.filter((x) => Math.abs(x) >= 100000 || !Number.isInteger(Math.round(x * 100) / 100));
  const money = distinctive.flatMap((x) => [String(x), x.toFixed(2), Math.round(x).toLocaleString("en-US")]);
  return [...names, ...money, "Trade spend", "Net-net", "Deductions check", "扣款", "贸易条款", "净净"];
}

describe.each([["Carrefour"], ["RT-Mart"], ["Walmart"]])("the retailer copy for %s", (retailer) => {
  test("holds none of the internal figures or term names, in any part of the file or the JSON", async () => {
    const xlsx = path.join(tmp, `${retailer}.xlsx`);
    const json = path.join(tmp, `${retailer}.json`);
    for (const lang of ["en", "zh"]) {
      const code = await main(["review", SAMPLE, "--retailer", retailer, "--audience", "retailer", "--lang", lang, "--out", xlsx, "--json", json], {
        out: () => undefined,
        err: () => undefined,
      });
      expect(code).toBe(0);
      const text = (await zipText(xlsx)) + (await fs.readFile(json, "utf8"));
      const found = internalNeedles(retailer).filter((n) => text.includes(n));
      expect([lang, found]).toEqual([lang, []]);
      expect(JSON.parse(await fs.readFile(json, "utf8")).tradeTerms).toBeUndefined();
    }
  }, 60_000);

  test("the internal review does hold them (the scan can fail)", async () => {
    const xlsx = path.join(tmp, `${retailer}-internal.xlsx`);
    await main(["review", SAMPLE, "--retailer", retailer, "--out", xlsx], { out: () => undefined, err: () => undefined });
    const text = await zipText(xlsx);
    const needles = internalNeedles(retailer);
    expect(needles.filter((n) => text.includes(n)).length).toBeGreaterThan(10);
  }, 60_000);
});

describe.each([["Carrefour"], ["Walmart"]])("the retailer's QBR deck for %s (--deck)", (retailer) => {
  test("every part of the .pptx, embedded workbooks included, holds none of the internal figures or term names", async () => {
    for (const lang of ["en", "zh"]) {
      const deck = path.join(tmp, `${retailer}-${lang}.pptx`);
      const code = await main(["review", SAMPLE, "--retailer", retailer, "--lang", lang, "--out", path.join(tmp, `${retailer}-deck.xlsx`), "--deck", deck], {
        out: () => undefined,
        err: () => undefined,
      });
      expect(code).toBe(0);
      const text = await zipText(deck);
      expect(text).toContain("<p:presentation");
      expect([lang, internalNeedles(retailer).filter((n) => text.includes(n))]).toEqual([lang, []]);
    }
  }, 90_000);

  test("the internal deck (--deck-audience internal) does hold them (the scan can fail)", async () => {
    const deck = path.join(tmp, `${retailer}-internal.pptx`);
    await main(
      [
        "review",
        SAMPLE,
        "--retailer",
        retailer,
        "--lang",
        "en",
        "--out",
        path.join(tmp, `${retailer}-deck-i.xlsx`),
        "--deck",
        deck,
        "--deck-audience",
        "internal",
      ],
      {
        out: () => undefined,
        err: () => undefined,
      },
    );
    const text = await zipText(deck);
    expect(internalNeedles(retailer).filter((n) => text.includes(n)).length).toBeGreaterThan(5);
  }, 60_000);
});

describe("the leak scan itself", () => {
  test("finds internal figures when an internal sheet is hidden in a retailer copy", async () => {
    const { composeReview } = await import("../../src/engine");
    const { renderReviewWorkbook } = await import("../../src/hosts/xlsx/render");
    const r = runReview(input, { retailer: "Carrefour" });
    if (!r.ok) throw new Error("failed");
    const internal = composeReview(r.review, { lang: "en", audience: "internal" });
    const retailerCopy = composeReview(r.review, { lang: "en", audience: "retailer" });
    // A careless copy: the retailer sheets plus the trade-terms sheet, hidden.
    const careless = { ...retailerCopy, sections: [...retailerCopy.sections, internal.sections.find((s) => s.id === "tradeTerms")!] };
    const { workbook } = renderReviewWorkbook(careless);
    workbook.getWorksheet("Trade terms")!.state = "veryHidden";
    const file = path.join(tmp, "careless.xlsx");
    await fs.writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    const text = await zipText(file);
    expect(internalNeedles("Carrefour").filter((n) => text.includes(n)).length).toBeGreaterThan(5);
  }, 30_000);
});

describe("the retailer copy of the weekly sample's promotion evaluation", () => {
  const WEEKLY = path.join(__dirname, "../../assets/sample-weekly.xlsx");
  /** What the internal Promo evaluation knows that the retailer must not: cost, gross profit, ROI, cannibalisation. */
  async function promoNeedles(): Promise<string[]> {
    const r = runReview(ingestWorkbook(await readWorkbookFile(WEEKLY)), { retailer: "Walmart" });
    if (!r.ok || !r.review.promotionEvents) throw new Error("no evaluation");
    const figures = r.review.promotionEvents.flatMap((e) => [
      e.cost,
      e.incrementalGrossProfit,
      e.roi,
      e.netRoiPct,
      e.costPerIncrementalUnit,
      e.cannibalisedValue,
      e.netIncrementalValue,
    ]);
    // Figures with decimals (a round 900 occurs anywhere by chance); as stored and as shown with cents.
    const distinctive = figures.filter((x): x is number => x !== null && !Number.isInteger(Math.round(x * 100) / 100));
    expect(distinctive.length).toBeGreaterThan(10);
    return [
      // Short renderings ("0.43") occur anywhere by chance: only those of six characters or more.
      ...distinctive.flatMap((x) => [String(x), x.toFixed(2)]).filter((t) => t.length >= 6),
      "Incremental gross profit",
      "增量毛利",
      "ROI",
      "Cost per incremental unit",
      "每增量件费用",
      "cannibalised",
      "固定费用",
      "单件补贴",
    ];
  }

  test("its zip and JSON hold no cost, margin, ROI or cannibalisation figure, in English or Chinese", async () => {
    const needles = await promoNeedles();
    for (const lang of ["en", "zh"]) {
      const xlsx = path.join(tmp, `weekly-${lang}.xlsx`);
      const json = path.join(tmp, `weekly-${lang}.json`);
      // The retailer's deck of the same review too (its default audience), embedded chart workbooks included.
      const deck = path.join(tmp, `weekly-${lang}.pptx`);
      expect(
        await main(["review", WEEKLY, "--audience", "retailer", "--lang", lang, "--out", xlsx, "--json", json, "--deck", deck], {
          out: () => undefined,
          err: () => undefined,
        }),
      ).toBe(0);
      const text = (await zipText(xlsx)) + (await fs.readFile(json, "utf8")) + (await zipText(deck));
      expect([lang, needles.filter((n) => text.includes(n))]).toEqual([lang, []]);
      const events = JSON.parse(await fs.readFile(json, "utf8")).promotionEvents;
      expect(events.length).toBeGreaterThan(5);
      expect(Object.keys(events[0])).not.toContain("roi");
      // The retailer's figures are there.
      expect(text).toContain("Uplift %".replace("Uplift %", lang === "zh" ? "提升 %" : "Uplift %"));
    }
  }, 90_000);

  test("the internal review holds them (the scan can fail)", async () => {
    const needles = await promoNeedles();
    const xlsx = path.join(tmp, "weekly-internal.xlsx");
    const json = path.join(tmp, "weekly-internal.json");
    await main(["review", WEEKLY, "--lang", "en", "--out", xlsx, "--json", json], { out: () => undefined, err: () => undefined });
    const text = (await zipText(xlsx)) + (await fs.readFile(json, "utf8"));
    expect(needles.filter((n) => text.includes(n)).length).toBeGreaterThan(15);
  }, 60_000);
});
