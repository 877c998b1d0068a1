import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { ingestWorkbook, runReview } from "../../src/engine";
import { readWorkbookFile } from "../../src/hosts/xlsx/file";
import { CASES } from "./cases";

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-review-corpus-"));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

test("the corpus has at least 40 documented cases", () => {
  expect(CASES.length).toBeGreaterThanOrEqual(40);
  expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
  for (const c of CASES) expect(c.why.length).toBeGreaterThan(10);
});

describe.each(CASES.map((c) => [c.id, c] as const))("%s", (_id, c) => {
  test(
    c.why,
    async () => {
      const wb = new ExcelJS.Workbook();
      c.build(wb);
      const file = path.join(tmp, `${c.id}.xlsx`);
      await wb.xlsx.writeFile(file);
      const before = await fs.readFile(file);
      const input = ingestWorkbook(await readWorkbookFile(file));
      // Every sheet reconciles, whatever the case.
      for (const rec of input.reconciliation) {
        expect(rec.rowsRead).toBe(rec.rowsUsed + rec.rowsRejected);
        if (rec.valueRead !== null) expect(rec.valueRead).toBeCloseTo(rec.valueUsed! + rec.valueRejected!, 6);
      }
      const review = c.review === false ? null : runReview(input, { retailer: "Carrefour", period: "2026-Q3" });
      c.check({ input, review });
      // Reading never writes: the file is byte for byte what it was.
      expect((await fs.readFile(file)).equals(before)).toBe(true);
    },
    30_000,
  );
});
