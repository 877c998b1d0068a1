import path from "path";
import { RawCell, ingestWorkbook } from "../../src/engine";
import { readWorkbookFile } from "../../src/hosts/xlsx/file";
import { generateSample } from "../../src/sample/generate";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");

/** As the generator writes them: ISO date strings become date cells, read back as Dates. */
function normal(cell: RawCell): RawCell {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return cell === undefined ? null : cell;
}
const trimRow = (row: RawCell[]) => {
  const r = row.map(normal);
  while (r.length && r[r.length - 1] === null) r.pop();
  return r;
};

describe("the sample account workbook", () => {
  const data = generateSample();

  test("is deterministic", () => {
    expect(generateSample()).toEqual(data);
  });

  test("is the size the issue asks for", () => {
    expect(data.facts).toEqual({ stores: 64, skusOurs: 25, skusCompetitors: 15, sellOutRows: data.facts.sellOutRows, months: 27 });
    expect(data.facts.sellOutRows).toBeGreaterThan(40_000);
  });

  test("the file in assets/ is what the generator makes (regenerate with npm run sample)", async () => {
    const grids = await readWorkbookFile(SAMPLE);
    expect(grids.sheets.map((s) => s.name)).toEqual(data.sheets.map((s) => s.name));
    for (const [i, s] of data.sheets.entries()) {
      const fromFile = grids.sheets[i].rows.map(trimRow);
      const generated = s.rows.map(trimRow);
      expect([s.name, fromFile.length]).toEqual([s.name, generated.length]);
      expect(fromFile).toEqual(generated);
    }
    // The defects are there on purpose: a title row, subtotal rows, numbers stored as text.
    const input = ingestWorkbook(grids);
    expect(input.detections.find((d) => d.sheet === "Sell-out 2024-2025")!.headerRow).toBe(3);
    expect(input.issues.filter((i) => i.code === "subtotal-row").map((i) => [i.sheet, i.row])).toEqual([
      ["Sell-out 2024-2025", 44],
      ["零售数据2026", 27],
    ]);
    const textValues = grids.sheets[4].rows.slice(1).filter((r) => typeof r[6] === "string" && String(r[6]).startsWith("¥"));
    expect(textValues.length).toBeGreaterThan(100);
    for (const rec of input.reconciliation) {
      expect(rec.rowsRead).toBe(rec.rowsUsed + rec.rowsRejected);
      if (rec.valueRead !== null) expect(rec.valueRead).toBeCloseTo(rec.valueUsed! + rec.valueRejected!, 6);
    }
  }, 30_000);
});
