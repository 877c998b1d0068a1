/**
 * An account as it really comes: the sample's two sell-out sheets as GB18030 CSV exports (one per
 * portal report), its master data as an .xls written by LibreOffice (BIFF8), its contract, sell-in and
 * deductions as an .xlsx, give the same review figures as the one workbook; every issue and reconciliation line names its file; a folder stands for its files; a file
 * of no readable kind, or a CSV whose encoding cannot be decided, ends in a sentence and exit 3.
 */
import { execFileSync } from "child_process";
import { existsSync, promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { csvText } from "../helpers";
import { EXIT, main } from "../../src/cli/main";
import { ingestWorkbook, listRetailers, reviewJson, runReview } from "../../src/engine";
import { FILE_SEPARATOR, ingestAccountFiles } from "../../src/hosts/files/account";
import { xlsxToGrids } from "../../src/hosts/xlsx/xlsxStream";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");
const SELL_OUT = ["Sell-out 2024-2025", "零售数据2026"];
const CONTRACT = ["Trade terms", "扣款明细", "出货数据"];
const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));

let tmp: string;
let files: string[];
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-account-"));
  const grids = xlsxToGrids(new Uint8Array(await fs.readFile(SAMPLE)));
  const master = new ExcelJS.Workbook();
  const contract = new ExcelJS.Workbook();
  files = [];
  for (const g of grids.sheets) {
    if (SELL_OUT.includes(g.name)) {
      const file = path.join(tmp, `${g.name}.csv`);
      await fs.writeFile(file, iconv.encode(csvText(g.rows), "gb18030"));
      files.push(file);
    } else {
      const ws = (CONTRACT.includes(g.name) ? contract : master).addWorksheet(g.name);
      for (const r of g.rows) ws.addRow(r.map((v) => (v === undefined ? null : v)));
    }
  }
  const masterFile = path.join(tmp, "master.xlsx");
  await master.xlsx.writeFile(masterFile);
  // The master data as the old ERP export it is: BIFF8, written by LibreOffice (an independent writer).
  if (soffice || process.env.CI === "true") {
    execFileSync(soffice ?? "soffice", ["--headless", "--convert-to", "xls", "--outdir", tmp, masterFile], { timeout: 120_000, stdio: "pipe" });
    await fs.rm(masterFile);
    files.push(path.join(tmp, "master.xls"));
  } else files.push(masterFile);
  const contractFile = path.join(tmp, "contract.xlsx");
  await contract.xlsx.writeFile(contractFile);
  files.push(contractFile);
}, 60_000);
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

/** A sheet's name without the file it came from ("master.xlsx › Stores" -> "Stores", "x.csv" -> "x"). */
const bare = (s: string | null) => (s === null ? null : s.includes(FILE_SEPARATOR) ? s.split(FILE_SEPARATOR)[1] : s.replace(/\.csv$/, ""));

test("two GB18030 CSV exports, a BIFF8 master file and a contract workbook: the one workbook's review, figure for figure", async () => {
  const three = (await ingestAccountFiles(files)).input;
  const one = ingestWorkbook(xlsxToGrids(new Uint8Array(await fs.readFile(SAMPLE))));
  for (const retailer of ["Carrefour", "RT-Mart", "Walmart"]) {
    const a = runReview(one, { retailer });
    const b = runReview(three, { retailer });
    if (!a.ok || !b.ok) throw new Error("no review");
    const ja = reviewJson(a.review, { audience: "internal", lang: "en" });
    const jb = reviewJson(b.review, { audience: "internal", lang: "en" });
    for (const key of Object.keys(ja) as Array<keyof typeof ja>) {
      if (key === "issues" || key === "reconciliation" || key === "tradeTerms") continue;
      expect([retailer, key, jb[key]]).toEqual([retailer, key, ja[key]]);
    }
    expect(JSON.stringify(jb.tradeTerms).replace(/contract\.xlsx › /g, "")).toBe(JSON.stringify(ja.tradeTerms));
    // The same issues and reconciliation, each naming its file.
    expect(jb.issues.map((i) => ({ ...i, sheet: bare(i.sheet), message: i.message.replace(/(contract\.xlsx|master\.xlsx?) › |\.csv/g, "") }))).toEqual(
      ja.issues,
    );
    expect(jb.reconciliation.map((r) => ({ ...r, sheet: bare(r.sheet) }))).toEqual(ja.reconciliation);
    expect(jb.reconciliation.map((r) => r.sheet)).toEqual([
      "Sell-out 2024-2025.csv",
      "零售数据2026.csv",
      "contract.xlsx › 出货数据",
      "contract.xlsx › 扣款明细",
    ]);
  }
}, 120_000);

test("the command line on a folder of account files", async () => {
  const err: string[] = [];
  const out: string[] = [];
  const code = await main(["check", tmp, "--lang", "en"], { out: (s) => out.push(s), err: (s) => err.push(s) });
  expect(code).toBe(EXIT.ok);
  expect(err.join("\n")).toContain("read 零售数据2026.csv: 16,488 rows");
  expect(out.join("\n")).toContain("› Stores");
  expect(out.join("\n")).toContain("contract.xlsx › Trade terms");
});

test("a CSV whose encoding cannot be decided, and a file of no kind: a sentence each, exit 3", async () => {
  const bad = path.join(tmp, "portal.csv");
  await fs.writeFile(bad, Buffer.from([0x80, 0x80, 0xff, 0x2c, 0x81, 0x0a, 0x80, 0x80, 0x2c, 0x0a]));
  for (const lang of ["en", "zh"]) {
    const err: string[] = [];
    const code = await main(["check", bad, path.join(tmp, "contract.xlsx"), "--lang", lang], { out: () => undefined, err: (s) => err.push(s) });
    expect(code).toBe(EXIT.file);
    expect(err.join("\n")).toContain(lang === "en" ? "its encoding cannot be decided" : "无法判断其编码");
  }
  const png = path.join(tmp, "logo.csv");
  await fs.writeFile(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
  const err: string[] = [];
  expect(await main(["check", png, "--lang", "en"], { out: () => undefined, err: (s) => err.push(s) })).toBe(EXIT.file);
  expect(err.join("\n")).toContain("it is not a zip-based Office file");
});

test("two exports of one kind that disagree on their columns: a sentence naming both and the field", async () => {
  const a = path.join(tmp, "units.csv");
  const b = path.join(tmp, "no-units.csv");
  await fs.writeFile(a, "Retailer,Store,SKU,Manufacturer,Category,Month,Units,Sales value\nCarrefour,S1,A1,Acme,Biscuits,2026-07,10,300\n");
  await fs.writeFile(b, "Retailer,Store,SKU,Manufacturer,Category,Month,Sales value\nCarrefour,S1,C1,Rival,Biscuits,2026-08,700\n");
  const input = (await ingestAccountFiles([a, b])).input;
  expect(input.issues.filter((i) => i.code === "kind-columns-differ").map((i) => [i.sheet, i.severity, i.params.fields, i.params.others])).toEqual([
    ["no-units.csv", "warning", "units", "units.csv"],
  ]);
});

test("hostile and mislabelled files of each format: a workbook named .csv, a 20 MB line, an empty zip named .xlsb", async () => {
  const quiet = { out: () => undefined, err: () => undefined };
  // A workbook renamed .csv is read by what it is.
  const renamed = path.join(tmp, "renamed.csv");
  await fs.copyFile(SAMPLE, renamed);
  const out: string[] = [];
  expect(await main(["check", renamed, "--lang", "en"], { out: (s) => out.push(s), err: () => undefined })).toBe(EXIT.ok);
  expect(out.join("\n")).toContain("零售数据2026");
  // One 20 MB line with no newline: read to its end, said to be no known kind, nothing crashes.
  const long = path.join(tmp, "one-line.csv");
  await fs.writeFile(long, "x".repeat(20 * 1024 * 1024));
  const err: string[] = [];
  expect(await main(["check", long, "--lang", "en"], { out: (s) => err.push(s), err: () => undefined })).toBe(EXIT.ok);
  expect(err.join("\n")).toContain("was not recognised");
  // A zip that is no workbook, named .xlsb: a sentence and exit 3.
  const empty = path.join(tmp, "empty.xlsb");
  const JSZip = (await import("jszip")).default;
  const zip = new JSZip();
  zip.file("readme.txt", "not a workbook");
  await fs.writeFile(empty, await zip.generateAsync({ type: "uint8array" }));
  expect(await main(["check", empty, "--lang", "en"], quiet)).toBe(EXIT.file);
}, 60_000);

describe("encodings decided on the whole file (#24)", () => {
  const HEAD = "Retailer,Store,SKU,Manufacturer,Category,Month,Sales value\n";
  const filler = (bytes: number) => "Walmart,W1,A1,Acme,Biscuits,2026-08,10\n".repeat(Math.ceil(bytes / 38));

  test("a GBK export whose 家乐福 rows start past the first MiB: read in GB18030, its value counted", async () => {
    const file = path.join(tmp, "gbk-late.csv");
    await fs.writeFile(file, iconv.encode(HEAD + filler(1.5 * 1024 * 1024) + "家乐福,S1,A1,Acme,饼干,2026-09,51394\n", "gb18030"));
    const input = (await ingestAccountFiles([file])).input;
    expect(input.issues.filter((i) => i.code === "text-undecodable")).toEqual([]);
    const rec = input.reconciliation[0];
    expect(rec.rowsRejected).toBe(0);
    expect(rec.valueUsed! - Math.ceil((1.5 * 1024 * 1024) / 38) * 10).toBe(51394);
  });

  test("UTF-8-looking text contradicted later: the read restarts, its first rows counted once", async () => {
    const file = path.join(tmp, "restart.csv");
    // 司 (CB BE in GBK) is valid UTF-8 too: the first MiB is read as UTF-8, then 家乐福 says GB18030.
    await fs.writeFile(file, iconv.encode(HEAD + "司,S0,A1,Acme,X,2026-08,7\n" + filler(1.2 * 1024 * 1024) + "家乐福,S1,A1,Acme,饼干,2026-09,5\n", "gb18030"));
    const read = await ingestAccountFiles([file], {}, { blockRows: 1000 });
    const rec = read.input.reconciliation[0];
    expect(rec.rowsRead).toBe(Math.ceil((1.2 * 1024 * 1024) / 38) + 2);
    expect(read.input.detections).toHaveLength(1);
  });

  test("ambiguous and mixed encodings: a sentence naming the file, en and zh, exit 3", async () => {
    const ambiguous = path.join(tmp, "ambiguous.csv");
    await fs.writeFile(ambiguous, Buffer.from([...Buffer.from("a,b\nM"), 0xfc, ...Buffer.from("ller,x\n"), 0xbc, 0xd2, ...Buffer.from(",y\n")]));
    const mixed = path.join(tmp, "mixed.csv");
    await fs.writeFile(
      mixed,
      Buffer.concat([
        iconv.encode(HEAD + "Géant Casino,G1,A1,Müller Gebäck,Biscuits,2026-07,120\n" + filler(1.1 * 1024 * 1024), "win1252"),
        iconv.encode("家乐福,S1,A1,Acme,饼干,2026-09,5\n".repeat(20), "gb18030"),
      ]),
    );
    const said = async (file: string, lang: string) => {
      const err: string[] = [];
      expect(await main(["check", file, "--lang", lang], { out: () => undefined, err: (s) => err.push(s) })).toBe(EXIT.file);
      return err.join("\n");
    };
    expect(await said(ambiguous, "en")).toContain(
      "ambiguous.csv looks like a text export, but its bytes read as well as Chinese (GB18030) as Western European (Windows-1252) text",
    );
    expect(await said(ambiguous, "zh")).toContain("ambiguous.csv 看起来是文本导出文件，但其字节既可读作中文（GB18030），也可读作西欧文字（Windows-1252）");
    expect(await said(mixed, "en")).toMatch(/mixed\.csv mixes text encodings: from about line [\d,]+ its bytes/);
    expect(await said(mixed, "zh")).toMatch(/mixed\.csv 混用了多种文本编码：约从第 [\d,]+ 行起/);
  });

  test("a Windows-1252 export is read as Windows-1252", async () => {
    const file = path.join(tmp, "latin.csv");
    await fs.writeFile(
      file,
      iconv.encode("Retailer;Store;SKU;Manufacturer;Category;Month;Sales value\nGéant Casino;G1;A1;Müller Gebäck;Pâtisserie;2026-07;120\n", "win1252"),
    );
    const input = (await ingestAccountFiles([file])).input;
    expect(input.reconciliation[0]).toMatchObject({ rowsUsed: 1, valueUsed: 120 });
    expect(listRetailers(input.tables["sell-out"]!).retailers.map((r) => r.name)).toEqual(["Géant Casino"]);
  });
});

describe("UTF-16 text exports (#24, 5): Excel's Unicode text, BE, BOM-less LE, as .txt, .csv or .tsv", () => {
  const TEXT =
    "零售商\t门店\t条码\t厂家\t品类\t月份\t销售金额\r\n家乐福\tS1\tA1\tAcme\t饼干\t2026年7月\t300\r\n家乐福\tS1\tC1\tRival\t饼干\t2026年8月\t700\r\n";
  test.each([
    ["unicode.txt", iconv.encode(TEXT, "utf16le", { addBOM: true })],
    ["unicode-be.csv", iconv.encode(TEXT, "utf16-be", { addBOM: true })],
    ["unicode-nobom.tsv", iconv.encode(TEXT, "utf16le")],
  ])("%s, alone and with a workbook: read, not refused as 'not an .xlsx workbook'", async (name, bytes) => {
    const file = path.join(tmp, name);
    await fs.writeFile(file, bytes);
    for (const given of [[file], [file, path.join(tmp, "contract.xlsx")]]) {
      const err: string[] = [];
      expect(await main(["check", ...given, "--lang", "en"], { out: () => undefined, err: (s) => err.push(s) })).toBe(EXIT.ok);
      expect(err.join("\n")).toContain(`read ${name}: 3 rows`);
      const input = (await ingestAccountFiles(given)).input;
      expect(input.reconciliation.find((r) => r.sheet === name)).toMatchObject({ rowsRead: 2, rowsUsed: 2, valueUsed: 1000 });
    }
  });
});

test("a folder's junk (#24, 7): lock files, .DS_Store, Thumbs.db, AppleDouble and empty files are skipped with an info issue, not an exit 3", async () => {
  const folder = await fs.mkdtemp(path.join(tmp, "junk-"));
  await fs.writeFile(
    path.join(folder, "portal.csv"),
    "Retailer,Store,SKU,Manufacturer,Category,Month,Sales value\nCarrefour,S1,A1,Acme,Biscuits,2026-07,300\n",
  );
  // What Excel writes beside an open workbook: 165 bytes of its user name, no zip.
  await fs.writeFile(path.join(folder, "~$Book.xlsx"), Buffer.concat([Buffer.from([7]), Buffer.from("manager".padEnd(164, " "))]));
  await fs.writeFile(path.join(folder, ".~lock.Book.xlsx#"), "manager,host,/tmp,01.01.2026 10:00,\n");
  await fs.writeFile(path.join(folder, ".DS_Store"), Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
  await fs.writeFile(path.join(folder, "Thumbs.db"), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
  await fs.writeFile(path.join(folder, "._portal.csv"), Buffer.from([0, 5, 0x16, 7, 0, 2, 0, 0]));
  await fs.writeFile(path.join(folder, "empty.csv"), "");
  const said: Record<string, string> = {};
  for (const lang of ["en", "zh"]) {
    const out: string[] = [];
    expect(await main(["check", folder, "--lang", lang], { out: (s) => out.push(s), err: () => undefined })).toBe(EXIT.ok);
    said[lang] = out.join("\n");
  }
  expect(said.en).toContain("~$Book.xlsx in the folder was not read: it is the lock file Excel keeps while a workbook is open");
  expect(said.en).toContain(".~lock.Book.xlsx# in the folder was not read: it is the lock file");
  for (const name of [".DS_Store", "Thumbs.db", "._portal.csv"])
    expect(said.en).toContain(`${name} in the folder was not read: it is a file the operating system keeps`);
  expect(said.en).toContain("empty.csv in the folder was not read: it is empty (0 bytes");
  expect(said.zh).toContain("未读取文件夹中的 ~$Book.xlsx：它是 Excel 在工作簿打开期间保留的锁定文件");
  expect(said.zh).toContain("未读取文件夹中的 empty.csv：文件为空");
  const json = path.join(tmp, "junk-review.json");
  expect(
    await main(
      [
        "review",
        folder,
        "--retailer",
        "Carrefour",
        "--our",
        "Acme",
        "--period",
        "2026-M07",
        "--json",
        json,
        "--out",
        path.join(tmp, "junk-review.xlsx"),
        "--lang",
        "en",
      ],
      {
        out: () => undefined,
        err: () => undefined,
      },
    ),
  ).toBe(EXIT.ok);
  const issues = (JSON.parse(await fs.readFile(json, "utf8")) as { issues: Array<{ code: string; severity: string }> }).issues.filter((i) =>
    i.code.startsWith("file-skipped"),
  );
  expect(issues.map((i) => `${i.code} ${i.severity}`).sort()).toEqual([
    "file-skipped-empty info",
    "file-skipped-lock info",
    "file-skipped-lock info",
    "file-skipped-system info",
    "file-skipped-system info",
    "file-skipped-system info",
  ]);
}, 60_000);

test("a master-data-only account (#24, 8): why no review was produced is said once, en and zh", async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Products").addRows([
    ["SKU", "Product name", "Manufacturer", "Category"],
    ["A1", "Cookies", "Acme", "Biscuits"],
  ]);
  wb.addWorksheet("Stores").addRows([
    ["Store", "Store name", "Retailer"],
    ["S1", "Store 1", "Carrefour"],
  ]);
  const file = path.join(tmp, "master-only.xlsx");
  await wb.xlsx.writeFile(file);
  for (const [lang, sentence] of [
    ["en", "No Sell-out sheet was found."],
    ["zh", "未找到零售数据工作表。"],
  ]) {
    for (const retailer of [[], ["--retailer", "Carrefour"]]) {
      const err: string[] = [];
      expect(await main(["review", file, ...retailer, "--lang", lang], { out: () => undefined, err: (s) => err.push(s) })).toBe(EXIT.noReview);
      expect([retailer, err.join("\n").split(sentence).length - 1]).toEqual([retailer, 1]);
    }
  }
});
