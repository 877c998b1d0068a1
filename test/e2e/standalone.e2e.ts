/**
 * End to end in real Chromium (Debian's, driven by playwright-core): the built task pane served on
 * localhost, opened in a plain browser (office.js cannot load: standalone mode), the sample workbook
 * picked, one mapping changed, the review generated and its three files downloaded; the downloads are
 * checked against the CLI's JSON for the same file, retailer and period. Fails on any console error,
 * on any request to a host other than localhost (the Office CDN script may fail), on any
 * Content-Security-Policy violation, and on any serious or critical axe-core violation at each step.
 * Writes screenshots in English and Chinese.
 */
import { execSync } from "child_process";
import { createServer, Server } from "http";
import { promises as fs, readFileSync } from "fs";
import { AddressInfo } from "net";
import os from "os";
import path from "path";
import { chromium, Browser, Page } from "playwright-core";
import { main } from "../../src/cli/main";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import iconv from "iconv-lite";
import { csvText } from "../helpers";
import { readWorkbookFile } from "../../src/hosts/xlsx/file";
import { xlsxToGrids } from "../../src/hosts/xlsx/xlsxStream";

const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist/taskpane");
const SAMPLE = path.join(ROOT, "assets/sample-account.xlsx");
const SHOTS = path.join(ROOT, "out/screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const OFFICE_CDN = "appsforoffice.microsoft.com";

let server: Server;
let base: string;
let browser: Browser;
let tmp: string;
const report: string[] = [];

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-review-e2e-"));
  await fs.mkdir(SHOTS, { recursive: true });
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".png": "image/png", ".xml": "application/xml" };
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const file = path.join(DIST, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ""));
    fs.readFile(file).then(
      (body) => {
        res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await fs.rm(tmp, { recursive: true, force: true });
  process.stdout.write(`\n${report.join("\n")}\n`);
});

interface Watch {
  errors: string[];
  foreign: string[];
  /** Content-Security-Policy violations the page reported (collected in the page, read at the end). */
  csp(): Promise<string[]>;
}

async function open(locale: string): Promise<{ page: Page; watch: Watch }> {
  const context = await browser.newContext({ locale, acceptDownloads: true, viewport: { width: 480, height: 900 } });
  const page = await context.newPage();
  // Every CSP violation, in the page and its worker's creation, is recorded as it happens.
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __csp: string[] }).__csp = []);
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const watch: Watch = {
    errors: [],
    foreign: [],
    csp: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
  };
  await page.route("**/*", (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === "127.0.0.1" || host === "localhost") return route.continue();
    // Nothing leaves the machine: every other request is refused; only office.js is expected to try.
    if (host !== OFFICE_CDN) watch.foreign.push(route.request().url());
    return route.abort();
  });
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const text = m.text();
    if (/Failed to load resource/.test(text) && (m.location().url.includes(OFFICE_CDN) || text.includes("ERR_FAILED"))) return; // the Office CDN script
    watch.errors.push(text);
  });
  page.on("pageerror", (e) => watch.errors.push(e.message));
  await page.goto(`${base}/taskpane.html`);
  return { page, watch };
}

async function axe(page: Page, step: string): Promise<void> {
  // Colours are judged at rest: a dropdown fading out or a button's focus transition mid-way measures
  // a contrast the user never sees for more than a frame.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity));
  // Evaluated through the DevTools protocol, not as an inline <script>: the pane's CSP refuses those.
  await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown[] }> }> }> } }
    ).axe.run();
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}: ${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
  });
  expect([step, violations]).toEqual([step, []]);
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

async function download(page: Page, button: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
  const file = path.join(tmp, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

describe.each([
  [
    "en-US",
    "en",
    {
      open: "Open account files (.xlsx, .xls, .csv)",
      sources: "Sources",
      review: "Review",
      generate: "Generate review",
      results: "Results",
      internal: "Internal review (.xlsx)",
      retailer: "Retailer copy (.xlsx)",
      json: "Figures (.json)",
      field: "Field: 商品 D 品牌",
      notUsed: "(not used)",
    },
  ],
  [
    "zh-CN",
    "zh",
    {
      open: "打开数据文件 (.xlsx、.xls、.csv)",
      sources: "数据来源",
      review: "回顾",
      generate: "生成回顾",
      results: "结果",
      internal: "内部回顾 (.xlsx)",
      retailer: "零售商版本 (.xlsx)",
      json: "数据 (.json)",
      field: "字段: 商品 D 品牌",
      notUsed: "（未使用）",
    },
  ],
])("standalone task pane in %s", (locale, lang, t) => {
  test("pick the sample, change a mapping, generate, download three files that match the CLI", async () => {
    const { page, watch } = await open(locale);
    await page.getByRole("button", { name: t.open }).waitFor();
    await axe(page, "start");
    await shot(page, `${lang}-1-start`);

    const t0 = Date.now();
    await page.locator("input[type=file]").setInputFiles(SAMPLE);
    await page.getByRole("table", { name: t.sources }).waitFor({ timeout: 60_000 });
    const tSources = Date.now() - t0;
    // The sample's Settings say English; the Chinese run switches the review language back below.
    await page.getByRole("button", { name: "商品" }).click();
    await page.getByRole("combobox", { name: /品牌/ }).click();
    await page.getByRole("option", { name: /not used|未使用/ }).click();
    // The changed mapping is ingested again in the worker: check the page once it has settled.
    await page.getByRole("progressbar").waitFor({ state: "detached" });
    await page.getByRole("listbox").waitFor({ state: "detached" });
    await axe(page, "sources");
    await shot(page, `${lang}-2-sources`);

    await page.getByRole("button", { name: /^(Review|回顾)$/ }).click();
    if (lang === "zh") {
      await page.getByRole("combobox", { name: /Language|语言/ }).click();
      await page.getByRole("option", { name: "中文" }).click();
    }
    await axe(page, "review");
    await shot(page, `${lang}-3-review`);

    await page.getByRole("button", { name: /Generate review|生成回顾/ }).click();
    await page.getByRole("region", { name: /Results|结果/ }).waitFor({ timeout: 60_000 });
    const tResults = Date.now() - t0;
    await axe(page, "results");
    await shot(page, `${lang}-4-results`, false); // the first screen: title, KPI tiles, downloads
    const heap = await page.evaluate(
      () => (performance as unknown as { memory?: { usedJSHeapSize: number; totalJSHeapSize: number } }).memory?.totalJSHeapSize ?? 0,
    );
    report.push(
      `${locale}: file pick -> sources ${(tSources / 1000).toFixed(1)} s, -> results ${(tResults / 1000).toFixed(1)} s; JS heap ${(heap / 1024 ** 2).toFixed(0)} MB`,
    );

    const internal = await download(page, lang === "zh" ? "内部回顾 (.xlsx)" : "Internal review (.xlsx)");
    const retailer = await download(page, lang === "zh" ? "零售商版本 (.xlsx)" : "Retailer copy (.xlsx)");
    const json = await download(page, lang === "zh" ? "数据 (.json)" : "Figures (.json)");

    // The CLI on the same file, retailer and period.
    const cliJson = path.join(tmp, `cli-${lang}.json`);
    expect(
      await main(["review", SAMPLE, "--retailer", "Carrefour", "--lang", lang, "--out", path.join(tmp, `cli-${lang}.xlsx`), "--json", cliJson], {
        out: () => undefined,
        err: () => undefined,
      }),
    ).toBe(0);
    const mine = JSON.parse(await fs.readFile(json, "utf8"));
    const theirs = JSON.parse(await fs.readFile(cliJson, "utf8"));
    for (const key of [
      "retailer",
      "period",
      "comparePeriod",
      "marketShare",
      "skus",
      "listingGaps",
      "pricePosition",
      "promotions",
      "opportunities",
      "scorecard",
      "actions",
      "tradeTerms",
      "reconciliation",
    ]) {
      expect([key, mine[key]]).toEqual([key, theirs[key]]);
    }

    // The downloaded workbooks, read back with the engine's own reader.
    const iw = await readWorkbookFile(internal);
    const rw = await readWorkbookFile(retailer);
    expect(iw.sheets.length).toBe(11);
    expect(rw.sheets.length).toBe(6);
    const shareSheet = iw.sheets[1];
    expect(shareSheet.rows[22][3]).toBe(theirs.marketShare.total.ourValue); // D23: our value, total
    expect(shareSheet.rows[22][5]).toBe(theirs.marketShare.total.valueShare); // F23: value share
    const retailerText = JSON.stringify(rw.sheets.map((x) => x.rows));
    expect(retailerText).not.toContain(String(theirs.tradeTerms.netNetSales));
    expect(watch.foreign).toEqual([]);
    expect(watch.errors).toEqual([]);
    expect(await watch.csp()).toEqual([]);
  }, 180_000);
});

describe.each([
  ["en-US", "en", "L13W to 2026-08-29", "Period", "Review", "Generate review", "Results", "Figures (.json)"],
  ["zh-CN", "zh", "截至2026-08-29的近13周", "期间", "回顾", "生成回顾", "结果", "数据 (.json)"],
])("the weekly 4-5-4 sample in the pane, %s", (locale, lang, l13w, periodLabel, review, generate, results, figures) => {
  test("the period choice offers what the data supports, latest first, named in words; L13W reviewed as the command line does", async () => {
    const { page, watch } = await open(locale);
    await page.locator("input[type=file]").setInputFiles(path.join(ROOT, "assets/sample-weekly.xlsx"));
    await page.getByRole("table", { name: /Sources|数据来源/ }).waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: new RegExp(`^${review}$`) }).click();
    const period = page.getByRole("combobox", { name: periodLabel });
    // The default: the latest complete retail quarter, its days in words.
    expect(await period.textContent()).toMatch(/FY2027-Q2/);
    await period.click();
    const options = await page.getByRole("option").allTextContents();
    expect(options[0]).toMatch(/^FY2027-Q2 ?[（(]2026-05-03/);
    expect(options.slice(1, 4)).toEqual(
      lang === "zh"
        ? ["截至2026-08-29的MAT", "截至2026-08-29的年初至今", "截至2026-08-29的近13周"]
        : ["MAT to 2026-08-29", "YTD to 2026-08-29", "L13W to 2026-08-29"],
    );
    await axe(page, "weekly period choice");
    await shot(page, `${lang}-7-weekly-periods`);
    await page.getByRole("option", { name: l13w, exact: true }).click();
    // The sample's Settings say zh-CN: the English run sets the review's language to English.
    await page.getByRole("combobox", { name: /Language|语言/ }).click();
    await page.getByRole("option", { name: lang === "zh" ? "中文" : "English" }).click();
    // Weekly sell-out: the promotion evaluation's options are offered, at the workbook's values (metrics.md's defaults).
    const baseline = page.getByRole("spinbutton", { name: lang === "zh" ? "基线：干净周数" : "Baseline: clean weeks" });
    expect(await baseline.inputValue()).toBe("8");
    await page.getByRole("listbox").waitFor({ state: "detached" });
    await axe(page, "weekly options");
    await shot(page, `${lang}-9-weekly-options`);
    await page.getByRole("button", { name: generate }).click();
    const region = page.getByRole("region", { name: results });
    await region.waitFor({ timeout: 60_000 });
    await region.getByText(new RegExp(l13w)).first().waitFor();
    await axe(page, "weekly results");
    await shot(page, `${lang}-8-weekly-results`, false);
    const mine = JSON.parse(await fs.readFile(await download(page, figures), "utf8"));
    // The retailer's QBR deck, made in the browser: a .pptx with its slides and native charts.
    const deck = await download(page, lang === "zh" ? "生成生意回顾演示文稿（.pptx，零售商版）" : "Create QBR deck (.pptx, for the retailer)");
    expect(path.basename(deck)).toMatch(/_deck\.pptx$/);
    const pptx = await JSZip.loadAsync(await fs.readFile(deck));
    expect(Object.keys(pptx.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(pptx.files).some((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f))).toBe(true);
    const cliJson = path.join(tmp, `cli-weekly-${lang}.json`);
    const quiet = { out: () => undefined, err: () => undefined };
    expect(
      await main(
        [
          "review",
          path.join(ROOT, "assets/sample-weekly.xlsx"),
          "--period",
          "L13W",
          "--lang",
          lang,
          "--out",
          path.join(tmp, `weekly-${lang}.xlsx`),
          "--json",
          cliJson,
        ],
        quiet,
      ),
    ).toBe(0);
    const theirs = JSON.parse(await fs.readFile(cliJson, "utf8"));
    expect([mine.period, mine.comparePeriod]).toEqual(["L13W:FY2027-W30", "L13W:FY2026-W30"]);
    for (const key of ["period", "comparePeriod", "marketShare", "skus", "scorecard", "tradeTerms", "reconciliation"])
      expect([key, mine[key]]).toEqual([key, theirs[key]]);
    expect(watch.foreign).toEqual([]);
    expect(watch.errors).toEqual([]);
    expect(await watch.csp()).toEqual([]);
  }, 180_000);
});

test("the pane's Content-Security-Policy is in force: a request to another host, a frame and an inline script are refused", async () => {
  const { page, watch } = await open("en-US");
  await page.getByRole("button", { name: "Open account files (.xlsx, .xls, .csv)" }).waitFor();
  const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "");
  expect(policy).toContain("default-src 'none'");
  expect(policy).toContain("connect-src 'self'");
  const outcome = await page.evaluate(async () => {
    const fetched = await fetch("https://example.com/steal").then(
      () => "sent",
      () => "refused",
    );
    const frame = document.createElement("iframe");
    frame.src = "https://example.com/";
    document.body.appendChild(frame);
    const script = document.createElement("script");
    script.textContent = "window.__inline = 1";
    document.body.appendChild(script);
    await new Promise((r) => setTimeout(r, 200));
    return { fetched, inline: (window as unknown as { __inline?: number }).__inline ?? null };
  });
  expect(outcome).toEqual({ fetched: "refused", inline: null });
  const violations = await watch.csp();
  expect(violations.some((v) => v.startsWith("connect-src"))).toBe(true);
  expect(violations.some((v) => v.startsWith("frame-src"))).toBe(true);
  expect(violations.some((v) => v.startsWith("script-src"))).toBe(true);
  expect(watch.foreign).toEqual([]); // refused by the policy before any request left the page
});

test("several files picked at once are one account: a GB18030 CSV export and a master workbook, the command line's figures", async () => {
  const grids = xlsxToGrids(new Uint8Array(await fs.readFile(SAMPLE)));
  const master = new ExcelJS.Workbook();
  const picked: string[] = [];
  for (const g of grids.sheets) {
    if (g.name === "零售数据2026" || g.name === "Sell-out 2024-2025") {
      const file = path.join(tmp, `${g.name}.csv`);
      await fs.writeFile(file, iconv.encode(csvText(g.rows), "gb18030"));
      picked.push(file);
    } else {
      const ws = master.addWorksheet(g.name);
      for (const r of g.rows) ws.addRow(r.map((v) => (v === undefined ? null : v)));
    }
  }
  const masterFile = path.join(tmp, "master.xlsx");
  await master.xlsx.writeFile(masterFile);
  picked.push(masterFile);
  const cliJson = path.join(tmp, "cli-files.json");
  const quiet = { out: () => undefined, err: () => undefined };
  expect(await main(["review", ...picked, "--retailer", "Carrefour", "--lang", "en", "--out", path.join(tmp, "files.xlsx"), "--json", cliJson], quiet)).toBe(0);

  const { page, watch } = await open("en-US");
  await page.locator("input[type=file]").setInputFiles(picked);
  const sources = page.getByRole("table", { name: "Sources" });
  await sources.waitFor({ timeout: 60_000 });
  await sources.getByRole("button", { name: "零售数据2026.csv" }).waitFor();
  await sources.getByRole("button", { name: "master.xlsx › Stores" }).waitFor();
  await shot(page, "en-6-sources-several-files");
  await page.getByRole("button", { name: /^Review$/ }).click();
  await page.getByRole("button", { name: "Generate review" }).click();
  await page.getByRole("region", { name: "Results" }).waitFor({ timeout: 60_000 });
  const mine = JSON.parse(await fs.readFile(await download(page, "Figures (.json)"), "utf8"));
  const theirs = JSON.parse(await fs.readFile(cliJson, "utf8"));
  for (const key of ["marketShare", "skus", "scorecard", "actions", "tradeTerms", "issues", "reconciliation"])
    expect([key, mine[key]]).toEqual([key, theirs[key]]);
  expect(watch.foreign).toEqual([]);
  expect(watch.errors).toEqual([]);
  expect(await watch.csp()).toEqual([]);
}, 180_000);

test("a workbook that already holds a review: our sheets are shown as ours and not read; the figures are the sample's", async () => {
  // The loop without Excel: the sample with its own Carrefour review written into it (what the add-in leaves in a workbook).
  const withReview = path.join(tmp, "with-review.xlsx");
  const quiet = { out: () => undefined, err: () => undefined };
  expect(await main(["review", SAMPLE, "--retailer", "Carrefour", "--into", withReview, "--lang", "en"], quiet)).toBe(0);
  const cliJson = path.join(tmp, "cli-plain.json");
  expect(await main(["review", SAMPLE, "--retailer", "Carrefour", "--lang", "en", "--out", path.join(tmp, "plain.xlsx"), "--json", cliJson], quiet)).toBe(0);

  const { page, watch } = await open("en-US");
  await page.locator("input[type=file]").setInputFiles(withReview);
  const sources = page.getByRole("table", { name: "Sources" });
  await sources.waitFor({ timeout: 60_000 });
  await expect(sources.getByText("Our review 2026-Q3: not read").count()).resolves.toBe(10);
  await expect(sources.getByText("Our plan 2026-Q3: actions read").count()).resolves.toBe(1);
  await shot(page, "en-5-sources-with-review");
  await page.getByRole("button", { name: /^Review$/ }).click();
  await page.getByRole("button", { name: "Generate review" }).click();
  await page.getByRole("region", { name: "Results" }).waitFor({ timeout: 60_000 });
  const json = await download(page, "Figures (.json)");
  const mine = JSON.parse(await fs.readFile(json, "utf8"));
  const theirs = JSON.parse(await fs.readFile(cliJson, "utf8"));
  for (const key of ["marketShare", "skus", "scorecard", "actions", "tradeTerms", "reconciliation"]) expect([key, mine[key]]).toEqual([key, theirs[key]]);
  const codes = (j: { issues: Array<{ code: string }> }) => j.issues.map((i) => i.code);
  expect(codes(mine).filter((c) => !["generated-sheets-skipped", "actions-carried"].includes(c))).toEqual(codes(theirs));
  expect(codes(mine).filter((c) => c === "generated-sheets-skipped" || c === "actions-carried")).toEqual(["generated-sheets-skipped", "actions-carried"]);
  expect(watch.foreign).toEqual([]);
  expect(watch.errors).toEqual([]);
  expect(await watch.csp()).toEqual([]);
}, 180_000);

// A measurement on a bigger workbook of your own: KA_E2E_FILE=/path/to/file.xlsx npm run e2e
const BIG = process.env.KA_E2E_FILE;
(BIG ? test : test.skip)(
  "a large workbook: time from file pick to results and the page's peak memory",
  async () => {
    const { page, watch } = await open("en-US");
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    // The browser's whole memory (page, workers, GPU...): the sum of its processes' RSS, sampled.
    let peakRss = 0;
    const sample = setInterval(() => {
      try {
        const kb = execSync("ps -C chromium,chrome,chromium-browser -o rss=", { encoding: "utf8" })
          .split("\n")
          .reduce((a, l) => a + (Number(l.trim()) || 0), 0);
        peakRss = Math.max(peakRss, kb * 1024);
      } catch {
        // no such process yet
      }
    }, 250);
    const t0 = Date.now();
    await page.locator("input[type=file]").setInputFiles(BIG!);
    await page.getByRole("table", { name: "Sources" }).waitFor({ timeout: 600_000 });
    const tSources = Date.now() - t0;
    await page.getByRole("button", { name: /^Review$/ }).click();
    await page.getByRole("button", { name: "Generate review" }).click();
    await page.getByRole("region", { name: "Results" }).waitFor({ timeout: 600_000 });
    clearInterval(sample);
    const metrics = (await cdp.send("Performance.getMetrics")).metrics;
    const heap = metrics.find((m) => m.name === "JSHeapTotalSize")?.value ?? 0;
    report.push(
      `${path.basename(BIG!)}: file pick -> sources ${(tSources / 1000).toFixed(1)} s, -> results ${((Date.now() - t0) / 1000).toFixed(1)} s; page JS heap ${(heap / 1024 ** 2).toFixed(0)} MB, all browser processes peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MB`,
    );
    expect(watch.errors).toEqual([]);
  },
  900_000,
);
