/**
 * The Office.js host's reader: every worksheet's used range as raw grids, read in row blocks.
 * Excel on the web caps a request or response at 5 MB and any platform at 5,000,000 cells per
 * range, so a million-row sheet is read as many small ranges, one sync each, with progress.
 * Uses ExcelApi 1.7 only (getUsedRangeOrNullObject 1.4, getRangeByIndexes 1.7): Office 2019 works.
 */
import type { SheetGrid, WorkbookGrids, RawCell } from "../../engine";

export interface ReadProgress {
  sheet: string;
  rowsRead: number;
  rowsTotal: number;
}

/** About 100,000 cells per request keeps each response well under 5 MB even with text cells of ~40 characters. */
export const CELLS_PER_BLOCK = 100_000;

export function rowsPerBlock(columnCount: number): number {
  return Math.max(100, Math.floor(CELLS_PER_BLOCK / Math.max(1, columnCount)));
}

export async function readWorkbookGrids(
  onProgress: (p: ReadProgress) => void = () => undefined,
  isCancelled: () => boolean = () => false,
): Promise<WorkbookGrids> {
  return Excel.run(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/name");
    await context.sync();
    // All used ranges in one round trip; then the data itself, block by block.
    const usedRanges = worksheets.items.map((ws) => {
      const used = ws.getUsedRangeOrNullObject(true);
      used.load("rowCount,columnCount,rowIndex,columnIndex");
      return used;
    });
    await context.sync();
    const sheets: SheetGrid[] = [];
    for (const [i, ws] of worksheets.items.entries()) {
      const used = usedRanges[i];
      if (used.isNullObject) {
        sheets.push({ name: ws.name, rows: [] });
        continue;
      }
      const rows: RawCell[][] = [];
      const block = rowsPerBlock(used.columnCount);
      for (let r = 0; r < used.rowCount; r += block) {
        if (isCancelled()) throw new Error("cancelled");
        const n = Math.min(block, used.rowCount - r);
        const range = ws.getRangeByIndexes(used.rowIndex + r, used.columnIndex, n, used.columnCount);
        range.load("values");
        // One sync per block is the point: each block is its own bounded request.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
        for (const row of range.values) rows.push(row as RawCell[]);
        onProgress({ sheet: ws.name, rowsRead: r + n, rowsTotal: used.rowCount });
      }
      sheets.push({ name: ws.name, rows, firstRow: used.rowIndex + 1, firstColumn: used.columnIndex + 1 });
    }
    return { sheets };
  });
}
