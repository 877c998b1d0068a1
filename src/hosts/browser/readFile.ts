/** The standalone pane's reader: an .xlsx picked from disk, parsed in the browser by ExcelJS. */
import ExcelJS from "exceljs";
import type { WorkbookGrids } from "../../engine";
import { workbookToGrids } from "../xlsx/grids";

export async function readPickedFile(file: File): Promise<WorkbookGrids> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await file.arrayBuffer());
  return workbookToGrids(wb);
}
