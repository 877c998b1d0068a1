/** Pieces every corpus case builds with: the Settings sheet, and an exact check that names what it checks. */
import ExcelJS from "exceljs";

type Row = ExcelJS.CellValue[];

export function settings(wb: ExcelJS.Workbook, extra: Row[] = []): void {
  const ws = wb.addWorksheet("Settings");
  ws.addRow(["Own company", "Acme"]);
  for (const r of extra) ws.addRow(r);
}

export function expectEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}
