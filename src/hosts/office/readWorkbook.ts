/**
 * The Office.js host's reader: every worksheet's used range, read in row blocks.
 * Excel on the web caps a request or response at 5 MB and any platform at 5,000,000 cells per
 * range, so a million-row sheet is read as many small ranges, one sync each, with progress.
 * Block size adapts to what the rows weigh: a first small block is measured, then each block is
 * sized to about 2 MB of response (at most 100,000 cells), so wide text columns get smaller blocks.
 * Uses ExcelApi 1.7 only (getUsedRangeOrNullObject 1.4, getRangeByIndexes 1.7): Office 2019 works.
 */
import type { DefinedName, SheetGrid, WorkbookGrids, RawCell } from "../../engine";
import type { ReadProgress } from "../../contracts/reading";

export type { ReadProgress };

/** At most this many cells per request (a fixed ceiling, whatever the measured weight). */
export const CELLS_PER_BLOCK = 100_000;
/** Aim per response: well under Excel on the web's 5 MB, leaving room for JSON overhead we do not see. */
export const TARGET_RESPONSE_BYTES = 2_000_000;
/** The first block of a sheet: small, to measure what a row weighs. */
export const PROBE_ROWS = 200;

/** The most rows per block for this many columns (the cell ceiling). */
export function rowsPerBlock(columnCount: number): number {
  return Math.max(100, Math.floor(CELLS_PER_BLOCK / Math.max(1, columnCount)));
}

/** Bytes of response per row, from a sample of a block's rows (JSON, as the response carries it). */
export function bytesPerRow(values: unknown[][]): number {
  if (values.length === 0) return 0;
  const step = Math.max(1, Math.floor(values.length / 200));
  let bytes = 0;
  let rows = 0;
  for (let r = 0; r < values.length; r += step) {
    bytes += JSON.stringify(values[r]).length + 1;
    rows++;
  }
  return bytes / rows;
}

/** The next block's rows: sized to the target response, within the cell ceiling. */
export function nextBlockRows(columnCount: number, measuredBytesPerRow: number): number {
  const ceiling = rowsPerBlock(columnCount);
  if (measuredBytesPerRow <= 0) return ceiling;
  return Math.max(100, Math.min(ceiling, Math.floor(TARGET_RESPONSE_BYTES / measuredBytesPerRow)));
}

/** Where blocks go as they arrive: a grid being assembled, or the engine's encoder directly. */
export interface BlockSink {
  /** The workbook's defined names, before any sheet (KA Review's own sheets are marked by them). */
  names?(names: DefinedName[]): void;
  beginSheet(name: string, firstRow: number, firstColumn: number, rowCount: number, hidden?: "hidden" | "veryHidden"): void;
  /** Rows of the current sheet; rows[0] is Excel row `firstRow`. */
  block(rows: RawCell[][], firstRow: number): void;
  endSheet(): void;
}

export async function readWorkbookBlocks(
  sink: BlockSink,
  onProgress: (p: ReadProgress) => void = () => undefined,
  isCancelled: () => boolean = () => false,
): Promise<void> {
  return Excel.run(async (context) => {
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/name,items/visibility");
    // Workbook-level names (ExcelApi 1.4; formula 1.7): the marks on the sheets KA Review wrote.
    const names = context.workbook.names;
    names.load("items/name,items/formula");
    await context.sync();
    sink.names?.(names.items.map((n) => ({ name: n.name, formula: String(n.formula ?? "") })));
    // All used ranges in one round trip; then the data itself, block by block.
    const usedRanges = worksheets.items.map((ws) => {
      const used = ws.getUsedRangeOrNullObject(true);
      used.load("rowCount,columnCount,rowIndex,columnIndex");
      return used;
    });
    await context.sync();
    for (const [i, ws] of worksheets.items.entries()) {
      const used = usedRanges[i];
      // Hidden sheets are read like any other (users hide real data too), and said so.
      const v = String(ws.visibility);
      const hidden = v === "Hidden" ? "hidden" : v === "VeryHidden" ? "veryHidden" : undefined;
      if (used.isNullObject) {
        sink.beginSheet(ws.name, 1, 1, 0, hidden);
        sink.endSheet();
        continue;
      }
      sink.beginSheet(ws.name, used.rowIndex + 1, used.columnIndex + 1, used.rowCount, hidden);
      let block = Math.min(PROBE_ROWS, rowsPerBlock(used.columnCount));
      for (let r = 0; r < used.rowCount;) {
        if (isCancelled()) throw new Error("cancelled");
        const n = Math.min(block, used.rowCount - r);
        const range = ws.getRangeByIndexes(used.rowIndex + r, used.columnIndex, n, used.columnCount);
        range.load("values");
        // One sync per block is the point: each block is its own bounded request.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
        const values = range.values as RawCell[][];
        sink.block(values, used.rowIndex + r + 1);
        r += n;
        block = nextBlockRows(used.columnCount, bytesPerRow(values));
        onProgress({ sheet: ws.name, rowsRead: r, rowsTotal: used.rowCount });
      }
      sink.endSheet();
    }
  });
}

/** The whole workbook as grids (the pane keeps them to re-read with the user's column choices). */
export async function readWorkbookGrids(
  onProgress: (p: ReadProgress) => void = () => undefined,
  isCancelled: () => boolean = () => false,
): Promise<WorkbookGrids> {
  const sheets: SheetGrid[] = [];
  let definedNames: DefinedName[] = [];
  let current: SheetGrid | null = null;
  await readWorkbookBlocks(
    {
      names: (names) => void (definedNames = names),
      beginSheet: (name, firstRow, firstColumn, _rows, hidden) => {
        current = { name, rows: [], firstRow, firstColumn, ...(hidden ? { hidden } : {}) };
      },
      block: (rows) => {
        for (const row of rows) current!.rows.push(row);
      },
      endSheet: () => {
        const g = current!;
        sheets.push(g.rows.length ? g : { name: g.name, rows: [], ...(g.hidden ? { hidden: g.hidden } : {}) });
      },
    },
    onProgress,
    isCancelled,
  );
  return { sheets, definedNames };
}
