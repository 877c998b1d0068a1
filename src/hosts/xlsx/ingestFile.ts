/**
 * An .xlsx file straight into the engine, for the CLI and the browser worker: small sheets are read
 * whole (merged cells filled, as Excel shows them); a large sheet is streamed, its first rows held for
 * detection and the rest handed to the encoder block by block, so memory stays bounded by the
 * encoded columns, never the grid.
 */
import { IngestOptions, IngestResult, RawCell, SheetStore, StoredSheet, WorkbookIngest, columnLetter } from "../../engine";
import { XlsxWorkbook, readSheetGrid } from "./xlsxStream";

export interface StreamOptions {
  /** Sheets whose XML is smaller than this are read whole (default 32 MB ≈ 100,000 rows). */
  holdBelowBytes?: number;
  /** Rows per block handed to the encoder. */
  blockRows?: number;
  /** After each sheet, and every block of a streamed sheet. */
  onProgress?: (p: { sheet: string; rows: number; done: boolean }) => void;
}

export interface FileIngest {
  input: IngestResult;
  sheets: Array<{ name: string; rows: number; streamed: boolean }>;
}

export const HOLD_BELOW_BYTES = 32 * 1024 ** 2;
const BLOCK_ROWS = 8_192;

export function ingestXlsx(bytes: Uint8Array, options: IngestOptions = {}, stream: StreamOptions = {}): FileIngest {
  const wb = new XlsxWorkbook(bytes);
  const ingest = new WorkbookIngest(options);
  const hold = stream.holdBelowBytes ?? HOLD_BELOW_BYTES;
  const blockRows = stream.blockRows ?? BLOCK_ROWS;
  const sheets: FileIngest["sheets"] = [];
  wb.sheets.forEach((sheet, i) => {
    if (sheet.xmlBytes < hold) {
      const grid = readSheetGrid(wb, i);
      ingest.beginSheet(grid).end({ hiddenRows: grid.hiddenRows?.length ?? 0 });
      const rows = grid.rows.reduce((a, r) => a + (r.length ? 1 : 0), 0);
      sheets.push({ name: sheet.name, rows, streamed: false });
      stream.onProgress?.({ sheet: sheet.name, rows, done: true });
      return;
    }
    const headRows = ingest.headRows(sheet.name);
    const head: RawCell[][] = [];
    let sink: ReturnType<WorkbookIngest["beginSheet"]> | null = null;
    let block: RawCell[][] = [];
    let blockFirst = headRows + 1;
    let rows = 0;
    const begin = () => {
      for (let r = 0; r < head.length; r++) head[r] ??= [];
      return ingest.beginSheet({ name: sheet.name, rows: head, firstRow: 1, firstColumn: 1 });
    };
    const flush = () => {
      if (block.length) sink!.push(block, blockFirst);
      blockFirst += block.length;
      block = [];
      stream.onProgress?.({ sheet: sheet.name, rows, done: false });
    };
    const end = wb.readSheet(i, (rowNumber, cells) => {
      rows++;
      if (rowNumber <= headRows) {
        head[rowNumber - 1] = cells;
        return;
      }
      if (!sink) sink = begin();
      // Rows the file skips are blank rows, as in a grid.
      while (blockFirst + block.length < rowNumber) {
        block.push([]);
        if (block.length >= blockRows) flush();
      }
      block.push(cells);
      if (block.length >= blockRows) flush();
    });
    if (!sink) sink = begin();
    flush();
    sink.end({
      hiddenRows: end.hiddenRows.length,
      unfilledMerges: end.merges.map((m) => ({ ref: `${columnLetter(m.left + 1)}${m.top}:${columnLetter(m.right + 1)}${m.bottom}`, bottom: m.bottom })),
    });
    sheets.push({ name: sheet.name, rows, streamed: true });
    stream.onProgress?.({ sheet: sheet.name, rows, done: true });
  });
  return { input: ingest.finish(wb.date1904), sheets };
}

/**
 * Every sheet read once into stores (all columns encoded): the task pane's worker keeps these, not
 * the file, and re-resolves them when the user changes a mapping. Small sheets are read whole first
 * (merged cells filled); large ones are streamed, as in `ingestXlsx`.
 */
export function storeXlsx(bytes: Uint8Array, stream: StreamOptions = {}): { sheets: StoredSheet[]; date1904: boolean } {
  const wb = new XlsxWorkbook(bytes);
  const hold = stream.holdBelowBytes ?? HOLD_BELOW_BYTES;
  const blockRows = stream.blockRows ?? BLOCK_ROWS;
  const sheets = wb.sheets.map((sheet, i): StoredSheet => {
    const store = new SheetStore(sheet.name);
    if (sheet.xmlBytes < hold) {
      const grid = readSheetGrid(wb, i);
      store.push(grid.rows);
      stream.onProgress?.({ sheet: sheet.name, rows: store.n, done: true });
      return { store, hiddenRows: grid.hiddenRows?.length ?? 0 };
    }
    let block: RawCell[][] = [];
    let next = 1;
    const end = wb.readSheet(i, (rowNumber, cells) => {
      // Rows the file skips are blank rows, as in a grid.
      while (next < rowNumber) {
        block.push([]);
        next++;
      }
      block.push(cells);
      next++;
      if (block.length >= blockRows) {
        store.push(block);
        block = [];
        stream.onProgress?.({ sheet: sheet.name, rows: store.n, done: false });
      }
    });
    store.push(block);
    stream.onProgress?.({ sheet: sheet.name, rows: store.n, done: true });
    return {
      store,
      hiddenRows: end.hiddenRows.length,
      unfilledMerges: end.merges.map((m) => ({ ref: `${columnLetter(m.left + 1)}${m.top}:${columnLetter(m.right + 1)}${m.bottom}`, bottom: m.bottom })),
    };
  });
  return { sheets, date1904: wb.date1904 };
}
