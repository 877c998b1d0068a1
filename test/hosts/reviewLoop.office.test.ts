/**
 * The review lives in the workbook quarter after quarter (Office.js path, on the recording fakes):
 * write a review into Excel, read the workbook back and review again — our own sheets are not input,
 * the figures are the same; a status edited in the generated Action plan is carried; the next
 * quarter keeps the last one beside it, renamed with its period, linked from the new cover, and no
 * more earlier reviews than the option allows.
 */
import { composeReview, ingestWorkbook, reviewJson, runReview } from "../../src/engine";
import { readWorkbookGrids } from "../../src/hosts/office/readWorkbook";
import { writeReview } from "../../src/hosts/office/writeReview";
import { generateSample } from "../../src/sample/generate";
import { installFakeExcel } from "../../src/tools/fakeExcel";
import { asExcelValues } from "../helpers";
import { WriteFake, fakeSettings } from "./fakeExcelWrite";

const LOOP_CODES = new Set(["generated-sheets-skipped", "actions-carried"]);
const withoutLoopNotes = (j: ReturnType<typeof reviewJson>) => ({ ...j, issues: j.issues.filter((i) => !LOOP_CODES.has(i.code)) });

/** Read the fake workbook through the Office.js reader (the reader fake over what the write fake holds). */
async function readExcel(fake: WriteFake) {
  const back = fake.readBack();
  installFakeExcel(back.sheets, back.names);
  const grids = await readWorkbookGrids();
  fake.install();
  return ingestWorkbook(grids);
}

async function generate(fake: WriteFake, period?: string, keepReviews?: number) {
  const input = await readExcel(fake);
  const r = runReview(input, { retailer: "Carrefour", period });
  if (!r.ok) throw new Error("review failed");
  const written = await writeReview(composeReview(r.review, { lang: "en", audience: "internal" }), { settings: fakeSettings(), keepReviews });
  return { review: r.review, written, input };
}

let userSheets: Array<{ name: string; rows: Array<Array<string | number | boolean>> }>;
beforeAll(() => {
  userSheets = generateSample().sheets.map((s) => ({ name: s.name, rows: asExcelValues(s.rows) }));
});

test("generate, regenerate: our sheets are never input, the JSON is the first one's but for two named info issues", async () => {
  const fake = new WriteFake(userSheets);
  fake.install();
  const first = await generate(fake, "2026-Q3");
  const firstJson = reviewJson(first.review, { audience: "internal", lang: "en" });
  const again = await generate(fake, "2026-Q3");
  const againJson = reviewJson(again.review, { audience: "internal", lang: "en" });
  expect(withoutLoopNotes(againJson)).toEqual(withoutLoopNotes(firstJson));
  expect(againJson.issues.filter((i) => LOOP_CODES.has(i.code)).map((i) => i.code)).toEqual(["generated-sheets-skipped", "actions-carried"]);
  expect(againJson.reconciliation).toEqual(firstJson.reconciliation);
  // Every detection of our sheets says so; none took a kind.
  const ours = again.input.detections.filter((d) => d.generated);
  expect(ours.map((d) => d.sheet)).toEqual(first.written);
  expect(ours.every((d) => d.ignored)).toBe(true);
  // One set of ours, the user's sheets unchanged.
  expect(fake.sheets.length).toBe(userSheets.length + first.written.length);
  expect(fake.sheets.filter((s) => s.user).every((s) => s.writes === 0)).toBe(true);
  // The user deletes one of our sheets (its name turns #REF!): the next write leaves no dead name behind.
  fake.sheets.splice(
    fake.sheets.findIndex((s) => s.name === "Data notes"),
    1,
  );
  expect(fake.readBack().names.filter((n) => n.formula === "=#REF!").length).toBe(1);
  await generate(fake, "2026-Q3");
  expect(fake.names.length).toBe(first.written.length);
  expect(fake.readBack().names.every((n) => n.formula !== "=#REF!")).toBe(true);
}, 60_000);

test("a status changed in the generated Action plan is in the next review; no action twice", async () => {
  const fake = new WriteFake(userSheets);
  fake.install();
  const first = await generate(fake, "2026-Q3");
  const plan = fake.sheets.find((s) => s.name === "Action plan")!;
  // Find the Status column and the row of the open action, as a manager would in the sheet.
  const cells = [...plan.cells.entries()];
  const statusHeader = cells.find(([, v]) => v.value === "Status")!;
  const [headerRow, statusCol] = statusHeader[0].split(",").map(Number);
  const openRow = cells
    .find(([k, v]) => v.value === "Open" && Number(k.split(",")[1]) === statusCol)![0]
    .split(",")
    .map(Number)[0];
  const action = plan.cells.get(`${openRow},${statusCol - 3}`)!.value;
  plan.cells.get(`${openRow},${statusCol}`)!.value = "In progress";
  // A new action typed under the table.
  const last = headerRow + first.review.actions.length + 1;
  plan.cells.set(`${last},2`, { value: "Second facing for Sunny biscuits", format: "@", look: {} });
  plan.cells.set(`${last},5`, { value: "Open", format: "@", look: {} });
  const next = await generate(fake, "2026-Q3");
  const actions = next.review.actions;
  expect(actions.find((a) => a.action === action)!.status).toBe("In progress");
  expect(actions.map((a) => a.action).sort()).toEqual([...first.review.actions.map((a) => a.action), "Second facing for Sunny biscuits"].sort());
  expect(new Set(actions.map((a) => a.ref)).size).toBe(actions.length);
  const carried = next.review.issues.find((i) => i.code === "actions-carried")!;
  expect(carried.params).toMatchObject({ period: "2026-Q3", changed: 1, added: 1, count: first.review.actions.length + 1 });
}, 60_000);

test("2026-Q2, then the Q3 block pasted in, then 2026-Q3: both readable, the Q3 cover links to the Q2 cover, the limit holds", async () => {
  // The workbook as it was at the end of June: the 2026 sell-out without its Q3 months.
  const Q3_MONTHS = new Set(["2026年7月", "2026年8月", "2026年9月"]);
  const sheet2026 = userSheets.find((s) => s.name === "零售数据2026")!;
  const q3Block = sheet2026.rows.filter((r) => Q3_MONTHS.has(String(r[4])));
  expect(q3Block.length).toBeGreaterThan(1000);
  const fake = new WriteFake(userSheets.map((s) => (s === sheet2026 ? { ...s, rows: s.rows.filter((r) => !Q3_MONTHS.has(String(r[4]))) } : s)));
  fake.install();
  const q2 = await generate(fake); // the default period: the latest complete quarter, 2026-Q2
  expect(q2.review.context.P.key).toBe("2026-Q2");
  // Next quarter: the manager pastes the Q3 block under the 2026 sell-out, then generates again.
  const target = fake.sheets.find((s) => s.name === "零售数据2026")!;
  const start = Math.max(...[...target.cells.keys()].map((k) => Number(k.split(",")[0])));
  q3Block.forEach((row, i) => row.forEach((v, c) => target.cells.set(`${start + 1 + i},${c + 1}`, { value: v, format: "General", look: {} })));
  const q3 = await generate(fake);
  expect(q3.review.context.P.key).toBe("2026-Q3");
  const names = fake.sheets.map((s) => s.name);
  // Renamed once with the period (a "(2)" taken for a clash with a user's sheet is dropped then).
  expect(names.filter((n) => n.endsWith(" 2026-Q2")).sort()).toEqual(q2.written.map((s) => `${s.replace(/ \(\d+\)$/, "")} 2026-Q2`).sort());
  for (const s of q3.written) expect(names).toContain(s);
  const cover = fake.sheets.find((s) => s.name === "Cover")!;
  const links = [...cover.hyperlinks.values()];
  expect(links).toEqual([{ documentReference: "'Cover 2026-Q2'!A1", textToDisplay: "Earlier review 2026-Q2: open sheet Cover 2026-Q2 →" }]);
  expect(names).toContain("Cover 2026-Q2");
  // The earlier review's tables were renamed: table names stay unique in the workbook.
  const tableNames = fake.sheets.flatMap((s) => s.tables.map((t) => t.name));
  expect(new Set(tableNames).size).toBe(tableNames.length);
  expect(tableNames).toContain("KA_cover_keyMessages_2026_Q2");
  // The Q2 sheets still hold the Q2 review (its heading names its period).
  expect(String(fake.sheets.find((s) => s.name === "Market share 2026-Q2")!.cells.get("1,1")!.value)).toContain("2026-Q2");
  // Marks follow the renamed sheets; the Q3 read takes none of them for input.
  const again = await readExcel(fake);
  expect(again.detections.filter((d) => d.generated).length).toBe(q2.written.length + q3.written.length);
  // keep 1: a third quarter drops the oldest.
  await generate(fake, "2026-Q1", 1);
  const after = fake.sheets.map((s) => s.name);
  expect(after.filter((n) => n.endsWith(" 2026-Q2")).length).toBe(0); // Q2 is older than Q3: dropped
  expect(after.filter((n) => n.endsWith(" 2026-Q3")).length).toBe(q3.written.length);
  expect(fake.sheets.filter((s) => s.user).every((s) => s.writes === 0)).toBe(true);
  expect(fake.names.length).toBe(2 * q3.written.length);
}, 120_000);
