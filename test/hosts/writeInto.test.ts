/**
 * The review lives in the workbook quarter after quarter, on files (`ka-review review in.xlsx --into
 * out.xlsx`): the review written into a copy of the account workbook is never read back as input, the
 * user's parts are carried byte for byte, the Action plan's edits come back, earlier reviews stay
 * beside the new one, renamed with their period and linked from the new cover, within the limit.
 */
import { execFileSync } from "child_process";
import { existsSync, promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { IngestResult, composeReview, reviewJson, runReview } from "../../src/engine";
import { ingestXlsx } from "../../src/hosts/xlsx/ingestFile";
import { parseXml, serializeXml } from "../../src/hosts/xlsx/ooxmlDom";
import { addDefinedNames, writeReviewInto } from "../../src/hosts/xlsx/writeInto";
import { XlsxWorkbook } from "../../src/hosts/xlsx/xlsxStream";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");
const VALIDATE = path.join(__dirname, "../../../shared/tools/ooxml-validate");
const LOOP_CODES = new Set(["generated-sheets-skipped", "actions-carried"]);

let sample: Uint8Array;
let tmp: string;
beforeAll(async () => {
  sample = new Uint8Array(await fs.readFile(SAMPLE));
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-into-"));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

function review(input: IngestResult, period?: string) {
  const r = runReview(input, { retailer: "Carrefour", period });
  if (!r.ok) throw new Error("review failed");
  return r.review;
}

async function into(bytes: Uint8Array, period?: string, keepReviews?: number) {
  const r = review(ingestXlsx(bytes).input, period);
  return { review: r, ...(await writeReviewInto(bytes, composeReview(r, { lang: "en", audience: "internal" }), { keepReviews })) };
}

const json = (r: ReturnType<typeof review>) => reviewJson(r, { audience: "internal", lang: "en" });
const withoutLoop = (j: ReturnType<typeof json>) => ({ ...j, issues: j.issues.filter((i) => !LOOP_CODES.has(i.code)) });

async function parts(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, Uint8Array>();
  for (const f of Object.values(zip.files)) if (!f.dir) out.set(f.name, await f.async("uint8array"));
  return out;
}

/** Every part of the input but the package's directories and the styles (which only grow) is in the output unchanged. */
const DIRECTORIES = new Set(["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"]);

test("the sample reviewed into a copy, then that copy reviewed again: the same JSON but for two named info issues; the user's parts unchanged", async () => {
  const first = await into(sample, "2026-Q3");
  const second = await into(first.bytes, "2026-Q3");
  expect(withoutLoop(json(second.review))).toEqual(withoutLoop(json(first.review)));
  expect(
    json(second.review)
      .issues.filter((i) => LOOP_CODES.has(i.code))
      .map((i) => i.code),
  ).toEqual(["generated-sheets-skipped", "actions-carried"]);
  // And the first review of the copy equals the review of the sample itself (the before/after of the issue).
  expect(withoutLoop(json(first.review))).toEqual(withoutLoop(json(review(ingestXlsx(sample).input, "2026-Q3"))));
  for (const bytes of [first.bytes, second.bytes]) {
    const before = await parts(sample);
    const after = await parts(bytes);
    for (const [name, data] of before) {
      if (DIRECTORIES.has(name)) continue;
      expect([name, Buffer.from(after.get(name) ?? []).equals(Buffer.from(data))]).toEqual([name, true]);
    }
    // The styles only grow: the workbook's own cell formats keep their index and meaning.
    const xfs = (x: Uint8Array) => /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(Buffer.from(x).toString("utf8"))![1];
    expect(xfs(after.get("xl/styles.xml")!).startsWith(xfs(before.get("xl/styles.xml")!))).toBe(true);
  }
  // The same sheets: the user's twelve and one review (a user's "Trade terms" keeps its name, ours is "(2)").
  const names = new XlsxWorkbook(second.bytes).sheets.map((s) => s.name);
  expect(names.slice(0, 12)).toEqual(new XlsxWorkbook(sample).sheets.map((s) => s.name));
  expect(names.slice(12)).toEqual(second.written);
  expect(second.written).toContain("Trade terms (2)");
}, 120_000);

test("a status changed in the generated Action plan comes back; nothing twice", async () => {
  const first = await into(sample, "2026-Q3");
  const zip = await JSZip.loadAsync(first.bytes);
  const wb = new XlsxWorkbook(first.bytes);
  const i = wb.sheets.findIndex((s) => s.name === "Action plan");
  // The part behind the sheet, found as a reader would (the n-th worksheet in the package's order).
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const rid = /<sheet\b[^>]*name="Action plan"[^>]*r:id="([^"]+)"/.exec(await zip.file("xl/workbook.xml")!.async("string"))![1];
  const part = `xl/${new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)![1]}`;
  expect(i).toBeGreaterThan(0);
  const xml = await zip.file(part)!.async("string");
  expect(xml).toContain("<t>Open</t>");
  zip.file(part, xml.replace("<t>Open</t>", "<t>Waiting for the buyer</t>"));
  const edited = await zip.generateAsync({ type: "uint8array" });
  const next = await into(edited, "2026-Q3");
  const open = first.review.actions.find((a) => a.status === "Open")!;
  expect(next.review.actions.find((a) => a.ref === open.ref)!.status).toBe("Waiting for the buyer");
  expect(next.review.actions.length).toBe(first.review.actions.length);
  expect(next.review.issues.find((x) => x.code === "actions-carried")!.params).toMatchObject({ changed: 1, added: 0 });
}, 120_000);

test("2026-Q2, then 2026-Q3: both readable, the Q3 cover's link resolves, the limit holds; every file schema-valid", async () => {
  const q2 = await into(sample, "2026-Q2");
  const q3 = await into(q2.bytes, "2026-Q3");
  const names = new XlsxWorkbook(q3.bytes).sheets.map((s) => s.name);
  expect(names.filter((n) => n.endsWith(" 2026-Q2")).length).toBe(q2.written.length);
  expect(q3.written.every((n) => names.includes(n))).toBe(true);
  // The Q2 review is still the Q2 review: read its Market share sheet's heading.
  const zip = await JSZip.loadAsync(q3.bytes);
  const wbXml = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const partOf = (sheet: string) => {
    const rid = new RegExp(`<sheet name="${sheet}"[^>]*r:id="([^"]+)"|<sheet\\b[^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(wbXml)!;
    return `xl/${new RegExp(`Id="${rid[1] ?? rid[2]}"[^>]*Target="([^"]+)"`).exec(rels)![1]}`;
  };
  const cover = await zip.file(partOf("Cover"))!.async("string");
  const link = /<hyperlink\b[^>]*location="([^"]+)"/.exec(cover)![1].replace(/&apos;/g, "'");
  expect(link).toBe("'Cover 2026-Q2'!A1");
  expect(names).toContain("Cover 2026-Q2");
  expect(cover).toContain("Earlier review 2026-Q2");
  const q2Share = await zip.file(partOf("Market share 2026-Q2"))!.async("string");
  expect(q2Share).toContain("2026-Q2");
  // Charts of the renamed review follow it.
  const charts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
  const refs = (await Promise.all(charts.map((c) => zip.file(c)!.async("string")))).flatMap((x) =>
    [
      ...x
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, "&")
        .matchAll(/<c:f>'([^']+)'!/g),
    ].map((m) => m[1]),
  );
  expect(refs.length).toBeGreaterThan(0);
  expect(refs.every((s) => names.includes(s))).toBe(true);
  expect(refs.some((s) => s.endsWith(" 2026-Q2"))).toBe(true);
  // Reading Q3's copy again takes none of the two reviews for input.
  const again = ingestXlsx(q3.bytes).input;
  expect(again.detections.filter((d) => d.generated).length).toBe(q2.written.length + q3.written.length);
  // --keep 1: a third review drops the oldest of the earlier ones.
  const q1 = await into(q3.bytes, "2026-Q1", 1);
  const after = new XlsxWorkbook(q1.bytes).sheets.map((s) => s.name);
  expect(after.filter((n) => n.endsWith(" 2026-Q2")).length).toBe(0);
  expect(after.filter((n) => n.endsWith(" 2026-Q3")).length).toBe(q3.written.length);
  expect(after.length).toBe(12 + 2 * q3.written.length);

  // With no Excel here, schema validity is the proof a file opens without a repair prompt.
  const xmllint = ["/usr/bin/xmllint"].some((p) => existsSync(p));
  if (!xmllint && process.env.CI !== "true") return;
  for (const [name, bytes] of [
    ["q3", q3.bytes],
    ["q1", q1.bytes],
  ] as const) {
    const file = path.join(tmp, `${name}.xlsx`);
    await fs.writeFile(file, bytes);
    const out = execFileSync(VALIDATE, [file], { encoding: "utf8" });
    expect(out).toMatch(/(\d+)\/\1 parts valid/);
  }
}, 180_000);

test("names go where the workbook schema puts them: into <definedNames>, else after <sheets>, <functionGroups> or <externalReferences>", () => {
  const W = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const n = [{ name: "KAReview_cover_r1_2026_Q3", formula: "Cover!$A$1" }];
  const name = '<definedName name="KAReview_cover_r1_2026_Q3">Cover!$A$1</definedName>';
  const sheets = '<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets>';
  const added = (body: string, names = n) => {
    const doc = parseXml(`<workbook ${W}>${body}</workbook>`, "xl/workbook.xml");
    addDefinedNames(doc, names);
    return serializeXml(doc)
      .replace(/^<\?xml[^>]*>\n/, "")
      .replace(` ${W}`, "");
  };
  expect(added(`${sheets}<calcPr/>`)).toBe(`<workbook>${sheets}<definedNames>${name}</definedNames><calcPr/></workbook>`);
  expect(added(`${sheets}<externalReferences><externalReference r:id="rId9"/></externalReferences><calcPr/>`)).toBe(
    `<workbook>${sheets}<externalReferences><externalReference r:id="rId9"/></externalReferences><definedNames>${name}</definedNames><calcPr/></workbook>`,
  );
  expect(added(`${sheets}<functionGroups/><calcPr/>`)).toBe(`<workbook>${sheets}<functionGroups/><definedNames>${name}</definedNames><calcPr/></workbook>`);
  expect(added(`${sheets}<definedNames><definedName name="x">A!$B$2</definedName></definedNames>`)).toBe(
    `<workbook>${sheets}<definedNames><definedName name="x">A!$B$2</definedName>${name}</definedNames></workbook>`,
  );
  expect(added(`${sheets}<definedNames></definedNames>`, [])).toBe(`<workbook>${sheets}</workbook>`);
});

/** The sample with its Actions sheet changed, written by ExcelJS (a workbook the user could have). */
async function withActions(change: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(sample) as unknown as ExcelJS.Buffer);
  change(wb.getWorksheet("Actions")!);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

test.each([
  ["an Actions sheet without an Opened-in column", (ws: ExcelJS.Worksheet) => ws.spliceColumns(6, 1)],
  ["no action for the retailer (the plan shows its empty-table row)", (ws: ExcelJS.Worksheet) => ws.spliceRows(2, 4)],
])(
  "re-reading our own review adds nothing: %s",
  async (_what, change) => {
    const input = await withActions(change);
    const first = await into(input, "2026-Q3");
    const again = review(ingestXlsx(first.bytes).input, "2026-Q3");
    // The same issues but the loop's info lines (no missing-value on the plan's "(none)" row), the same actions.
    expect(withoutLoop(json(again)).issues).toEqual(withoutLoop(json(first.review)).issues);
    expect(json(again).issues.filter((i) => i.code === "missing-value")).toEqual([]);
    expect(again.actions.map((a) => [a.ref, a.openedIn, a.status])).toEqual(first.review.actions.map((a) => [a.ref, a.openedIn, a.status]));
    expect(withoutLoop(json(again))).toEqual(withoutLoop(json(first.review)));
  },
  120_000,
);
