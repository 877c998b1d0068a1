/**
 * `--into` on workbooks other programs wrote. Each writer declares namespaces and orders parts its own
 * way (openpyxl declares `xmlns:r` on every <sheet>, not on <workbook>; the Open XML SDK prefixes the
 * main namespace; SheetJS and ExcelJS write their own directories; LibreOffice its own styles): the
 * review written into each must be namespace-well-formed in every part (what openpyxl's parser demands),
 * ECMA-376-valid, readable by openpyxl itself where it is installed, and read back by us to the same
 * review. The writers' files are made here, from the bundled sample, by the writers themselves.
 */
import { execFileSync, spawnSync } from "child_process";
import { existsSync, promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import * as XLSX from "@e965/xlsx";
import { composeReview, reviewJson, runReview } from "../../src/engine";
import { ingestXlsx } from "../../src/hosts/xlsx/ingestFile";
import { NS, parseXml, serializeXml } from "../../src/hosts/xlsx/ooxmlDom";
import { writeReviewInto } from "../../src/hosts/xlsx/writeInto";
import { XlsxWorkbook } from "../../src/hosts/xlsx/xlsxStream";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");
const VALIDATE = path.join(__dirname, "../../../shared/tools/ooxml-validate");
const LOOP_CODES = new Set(["generated-sheets-skipped", "actions-carried"]);
const CI = process.env.CI === "true";
/** Debian's python3-openpyxl lives with the system Python (CI installs it); a developer may have it elsewhere. */
const PYTHON = ["/usr/bin/python3", "python3"].find((p) => spawnSync(p, ["-c", "import openpyxl"]).status === 0) ?? null;
const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p)) ?? null;
const XMLLINT = existsSync("/usr/bin/xmllint");

let sample: Uint8Array;
let tmp: string;
beforeAll(async () => {
  sample = new Uint8Array(await fs.readFile(SAMPLE));
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-writers-"));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

function review(bytes: Uint8Array) {
  const r = runReview(ingestXlsx(bytes).input, { retailer: "Carrefour", period: "2026-Q3" });
  if (!r.ok) throw new Error("review failed");
  return r.review;
}
const json = (r: ReturnType<typeof review>) => reviewJson(r, { audience: "internal", lang: "en" });
const withoutLoop = (j: ReturnType<typeof json>) => ({ ...j, issues: j.issues.filter((i) => !LOOP_CODES.has(i.code)) });

/** Rewrite parts of a package as a test input (the bytes another writer would have produced). */
async function rewrite(bytes: Uint8Array, parts: Record<string, (xml: string) => string>): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  for (const [part, f] of Object.entries(parts)) zip.file(part, f(await zip.file(part)!.async("string")));
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

/** openpyxl's shape of workbook.xml: `xmlns:r` declared on each <sheet>, none on the root. */
function openpyxlShape(xml: string): string {
  const doc = parseXml(xml, "xl/workbook.xml");
  const root = doc.documentElement!;
  const out = doc.implementation.createDocument(NS.main, "workbook", null);
  const copy = (from: typeof root, to: typeof root) => {
    for (let n = from.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== 1) continue;
      const e = n as typeof root;
      const c = out.createElementNS(NS.main, e.localName!);
      for (const a of Array.from(e.attributes)) {
        if (a.name.startsWith("xmlns")) continue;
        if (a.namespaceURI) c.setAttributeNS(a.namespaceURI, a.name, a.value);
        else c.setAttribute(a.name, a.value);
      }
      if (e.localName === "definedName") c.appendChild(out.createTextNode(e.textContent ?? ""));
      else copy(e, c);
      to.appendChild(c);
    }
  };
  copy(root, out.documentElement!);
  // The serializer would declare r: on the root if it needed one there: it must not, to be openpyxl's shape.
  const text = serializeXml(out);
  if (/<workbook\b[^>]*xmlns:r=/.test(text)) throw new Error("not openpyxl's shape");
  return text;
}

/** The Open XML SDK's habit: the main namespace under the prefix x:. */
function prefixedMain(xml: string): string {
  return xml.replace(/<(\/?)(?![?!]|[A-Za-z][\w.-]*:)([A-Za-z]+)/g, "<$1x:$2").replace(` xmlns="${NS.main}"`, ` xmlns:x="${NS.main}"`);
}

const writers: Array<[string, () => Promise<Uint8Array | null>]> = [
  ["KA Review (the sample itself)", async () => sample],
  [
    "ExcelJS",
    async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(sample) as unknown as ExcelJS.Buffer);
      return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    },
  ],
  [
    "SheetJS",
    async () => new Uint8Array(XLSX.write(XLSX.read(sample, { type: "array", cellDates: true }), { type: "array", bookType: "xlsx" }) as ArrayBuffer),
  ],
  ["openpyxl's workbook.xml (xmlns:r on each sheet)", async () => rewrite(sample, { "xl/workbook.xml": openpyxlShape })],
  ["the Open XML SDK's prefixed main namespace", async () => rewrite(sample, { "xl/workbook.xml": prefixedMain, "xl/styles.xml": prefixedMain })],
  [
    "openpyxl",
    async () => {
      if (!PYTHON) return null;
      const src = path.join(tmp, "in.xlsx");
      const out = path.join(tmp, "openpyxl.xlsx");
      await fs.writeFile(src, sample);
      execFileSync(PYTHON, ["-W", "ignore", "-c", "import openpyxl,sys; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])", src, out]);
      return new Uint8Array(await fs.readFile(out));
    },
  ],
  [
    "LibreOffice",
    async () => {
      if (!SOFFICE) return null;
      const dir = await fs.mkdtemp(path.join(tmp, "lo-"));
      const src = path.join(dir, "in.xls.xlsx");
      await fs.writeFile(src, sample);
      const out = path.join(dir, "out");
      execFileSync(
        SOFFICE,
        ["--headless", `-env:UserInstallation=file://${dir}/profile`, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, src],
        {
          stdio: "ignore",
          timeout: 120_000,
        },
      );
      return new Uint8Array(await fs.readFile(path.join(out, "in.xls.xlsx")));
    },
  ],
];

describe.each(writers)("--into a workbook written by %s", (writer, make) => {
  test("every part namespace-well-formed, valid, re-read to the same review; the user's sheets kept", async () => {
    const input = await make();
    if (!input) {
      // openpyxl and LibreOffice are installed by CI; a developer's machine may lack them.
      if (CI) throw new Error(`${writer} is not installed, but CI must run this case`);
      return;
    }
    const first = review(input);
    const into = await writeReviewInto(input, composeReview(first, { lang: "en", audience: "internal" }));
    // What openpyxl's parser demands of every XML part: well-formed, every prefix declared.
    const zip = await JSZip.loadAsync(into.bytes);
    const xmlParts = Object.keys(zip.files).filter((p) => /\.(xml|rels)$/.test(p));
    for (const p of xmlParts) {
      const text = await zip.file(p)!.async("string");
      let verdict = "ok";
      try {
        parseXml(text, p);
      } catch (e) {
        verdict = String(e);
      }
      expect([p, verdict]).toEqual([p, "ok"]);
    }
    // The user's sheets are still there, first, and ours after them.
    const names = new XlsxWorkbook(into.bytes).sheets.map((s) => s.name);
    const theirs = new XlsxWorkbook(input).sheets.map((s) => s.name);
    expect(names.slice(0, theirs.length)).toEqual(theirs);
    expect(names.slice(theirs.length)).toEqual(into.written);
    // Read back: the same review but for the info issues of the loop.
    expect(withoutLoop(json(review(into.bytes)))).toEqual(withoutLoop(json(first)));

    const file = path.join(tmp, `${writer.replace(/[^A-Za-z]+/g, "-")}.xlsx`);
    await fs.writeFile(file, into.bytes);
    if (PYTHON) {
      const out = execFileSync(PYTHON, ["-W", "ignore", "-c", "import openpyxl,sys; print(len(openpyxl.load_workbook(sys.argv[1]).sheetnames))", file], {
        encoding: "utf8",
      });
      expect(Number(out.trim())).toBe(names.length);
    }
    if (XMLLINT || CI) {
      const out = spawnSync(VALIDATE, [file], { encoding: "utf8" });
      expect(out.stdout).toMatch(/(\d+)\/\1 parts valid/);
    }
  }, 240_000);
});
