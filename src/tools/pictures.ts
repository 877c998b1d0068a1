/**
 * Pictures for people: renders the sample's review of one retailer (internal, English) and its
 * retailer copy (Chinese) to PDF with LibreOffice and to PNG pages with pdftoppm, into
 * assets/pictures/ (the README shows them). Needs libreoffice-calc and poppler-utils (apt).
 *   npm run pictures [-- --retailer RT-Mart]
 */
import { execFileSync } from "child_process";
import { promises as fs } from "fs";
import path from "path";
import { composeReview, ingestWorkbook, layoutDeck, runReview } from "../engine";
import { deckBytes } from "../hosts/pptx/deck";
import { readWorkbookFile } from "../hosts/xlsx/file";
import { reviewFileBytes } from "../hosts/xlsx/reviewFile";

async function main(): Promise<void> {
  const root = path.resolve(__dirname, "../..");
  const retailerArg = process.argv.indexOf("--retailer");
  const retailer = retailerArg > 0 ? process.argv[retailerArg + 1] : "Carrefour";
  const outDir = path.join(root, "assets/pictures");
  const work = path.join(root, "out/pictures");
  await fs.mkdir(outDir, { recursive: true });
  await fs.mkdir(work, { recursive: true });
  const input = ingestWorkbook(await readWorkbookFile(path.join(root, "assets/sample-account.xlsx")));
  const res = runReview(input, { retailer });
  if (!res.ok) throw new Error(`no review for ${retailer}`);
  const copies = [
    { name: "internal-en", audience: "internal" as const, lang: "en" as const, pages: [1, 2, 3, 7] },
    { name: "retailer-zh", audience: "retailer" as const, lang: "zh" as const, pages: [1, 4] },
  ];
  for (const c of copies) {
    const { bytes } = await reviewFileBytes(composeReview(res.review, { lang: c.lang, audience: c.audience, today: new Date(Date.UTC(2026, 10, 30)) }));
    const xlsx = path.join(work, `${c.name}.xlsx`);
    await fs.writeFile(xlsx, bytes);
    execFileSync("soffice", ["--headless", "--convert-to", "pdf", "--outdir", work, xlsx], { stdio: "pipe", timeout: 180_000 });
    const pdf = path.join(work, `${c.name}.pdf`);
    const pages = /Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf]).toString())![1];
    process.stdout.write(`${c.name}: ${pages} PDF pages\n`);
    for (const page of c.pages) {
      const stem = path.join(outDir, `${c.name}-p${page}`);
      execFileSync("pdftoppm", ["-png", "-r", "80", "-f", String(page), "-l", String(page), "-singlefile", pdf, stem]);
      process.stdout.write(`  wrote ${path.relative(root, stem)}.png\n`);
    }
  }

  // The QBR deck (the retailer's, English): its title, a chart and a table slide, rendered by Impress.
  const deckModel = composeReview(res.review, { lang: "en", audience: "retailer", today: new Date(Date.UTC(2026, 10, 30)) });
  const plan = layoutDeck(deckModel);
  const deckFile = path.join(work, "deck-retailer-en.pptx");
  await fs.writeFile(deckFile, await deckBytes(plan));
  execFileSync("soffice", ["--headless", "--convert-to", "pdf", "--outdir", work, deckFile], { stdio: "pipe", timeout: 180_000 });
  const deckPdf = path.join(work, "deck-retailer-en.pdf");
  const picks = [
    ["title", plan.slides.findIndex((x) => x.kind === "title")],
    ["chart", plan.slides.findIndex((x) => x.kind === "chart" && x.sectionId === "skuMix")],
    ["table", plan.slides.findIndex((x) => x.kind === "table" && x.sectionId === "marketShare")],
  ] as const;
  for (const [name, index] of picks) {
    const stem = path.join(outDir, `deck-retailer-en-${name}`);
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", String(index + 1), "-l", String(index + 1), "-singlefile", deckPdf, stem]);
    process.stdout.write(`deck: slide ${index + 1} of ${plan.slides.length}, wrote ${path.relative(root, stem)}.png\n`);
  }

  // The weekly 4-5-4 sample's Promo evaluation page, internal (English) and the retailer's copy (中文).
  const weekly = runReview(ingestWorkbook(await readWorkbookFile(path.join(root, "assets/sample-weekly.xlsx"))), { retailer: "Walmart" });
  if (!weekly.ok) throw new Error("no review of the weekly sample");
  for (const c of [
    { name: "weekly-internal-en", audience: "internal" as const, lang: "en" as const, heading: "Promo evaluation ·" },
    { name: "weekly-retailer-zh", audience: "retailer" as const, lang: "zh" as const, heading: "促销评估 ·" },
  ]) {
    const { bytes } = await reviewFileBytes(composeReview(weekly.review, { lang: c.lang, audience: c.audience, today: new Date(Date.UTC(2026, 10, 30)) }));
    const xlsx = path.join(work, `${c.name}.xlsx`);
    await fs.writeFile(xlsx, bytes);
    execFileSync("soffice", ["--headless", "--convert-to", "pdf", "--outdir", work, xlsx], { stdio: "pipe", timeout: 180_000 });
    const pdf = path.join(work, `${c.name}.pdf`);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf]).toString())![1]);
    // The page whose text has the section's heading (its place depends on how the sheets before it paginate).
    const page = Array.from({ length: pages }, (_, i) => i + 1).find((p) =>
      execFileSync("pdftotext", ["-f", String(p), "-l", String(p), pdf, "-"])
        .toString()
        .includes(c.heading),
    );
    if (!page) throw new Error(`${c.name}: no page with "${c.heading}"`);
    const stem = path.join(outDir, `${c.name}-promotions`);
    execFileSync("pdftoppm", ["-png", "-r", "110", "-f", String(page), "-l", String(page), "-singlefile", pdf, stem]);
    process.stdout.write(`${c.name}: ${pages} PDF pages; wrote ${path.relative(root, stem)}.png (page ${page})\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
