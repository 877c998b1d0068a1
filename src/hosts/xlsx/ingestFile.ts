/**
 * An .xlsx file straight into the engine, for the CLI and the browser worker: small sheets are read
 * whole (merged cells filled, as Excel shows them); a large sheet is streamed, its first rows held for
 * detection and the rest handed to the encoder block by block, so memory stays bounded by the
 * encoded columns, never the grid.
 */
import { IngestOptions, IngestResult, RawCell, ReviewMark, SheetSink, SheetStore, StoredSheet, WorkbookIngest, columnLetter, parseMarks } from "../../engine";
import { SheetEnd, XlsxWorkbook, readSheetGrid } from "./xlsxStream";

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

/** Sheet i's rows in blocks from row 1 (rows the file skips are blank rows, [], as in a grid). */
function sheetBlocks(wb: XlsxWorkbook, i: number, blockRows: number, onBlock: (rows: RawCell[][], firstRow: number) => void): SheetEnd {
  let block: RawCell[][] = [];
  let first = 1;
  const flush = () => {
    onBlock(block, first);
    first += block.length;
    block = [];
  };
  const end = wb.readSheet(i, (rowNumber, cells) => {
    while (first + block.length < rowNumber) {
      block.push([]);
      if (block.length >= blockRows) flush();
    }
    block.push(cells);
    if (block.length >= blockRows) flush();
  });
  flush();
  return end;
}

/** Merged ranges a streamed sheet could not fill, as the engine reports them. */
function unfilled(end: SheetEnd): Array<{ ref: string; bottom: number }> {
  return end.merges.map((m) => ({ ref: `${columnLetter(m.left + 1)}${m.top}:${columnLetter(m.right + 1)}${m.bottom}`, bottom: m.bottom }));
}

/** KA Review's own sheets in a workbook, from its defined names. */
export function workbookMarks(wb: XlsxWorkbook): ReviewMark[] {
  return parseMarks(
    wb.definedNames,
    wb.sheets.map((s) => s.name),
  );
}

/** The command line's path: each sheet read once and fed to the engine, large sheets block by block. */
export function ingestXlsx(bytes: Uint8Array, options: IngestOptions = {}, stream: StreamOptions = {}): FileIngest {
  const wb = new XlsxWorkbook(bytes);
  // The sheets KA Review wrote into this workbook are known before any is read: they are never input.
  const ingest = new WorkbookIngest({ ...options, marks: options.marks ?? workbookMarks(wb) });
  const sheets = feedXlsx(wb, ingest, stream);
  return { input: ingest.finish(wb.date1904), sheets };
}

/**
 * Every sheet of a workbook into an ingestion (which may hold other files' sheets too): small sheets
 * whole, large ones streamed. `prefix` goes before each sheet's name ("master.xlsx › ") when several
 * files make one account, so issues and reconciliation name the file.
 */
export function feedXlsx(wb: XlsxWorkbook, ingest: WorkbookIngest, stream: StreamOptions = {}, prefix = ""): FileIngest["sheets"] {
  const hold = stream.holdBelowBytes ?? HOLD_BELOW_BYTES;
  const blockRows = stream.blockRows ?? BLOCK_ROWS;
  const sheets: FileIngest["sheets"] = [];
  wb.sheets.forEach((sheet, i) => {
    const name = prefix + sheet.name;
    if (sheet.xmlBytes < hold) {
      const grid = readSheetGrid(wb, i);
      ingest.beginSheet({ ...grid, name }).end({ hiddenRows: grid.hiddenRows?.length ?? 0 });
      const rows = grid.rows.reduce((a, r) => a + (r.length ? 1 : 0), 0);
      sheets.push({ name, rows, streamed: false });
      stream.onProgress?.({ sheet: name, rows, done: true });
      return;
    }
    const { sink, rows } = streamInto(ingest, name, sheet.hidden, stream, (onBlock) => sheetBlocks(wb, i, blockRows, onBlock));
    sink.sink.end({ hiddenRows: sink.end.hiddenRows.length, unfilledMerges: unfilled(sink.end) });
    sheets.push({ name, rows: rows(), streamed: true });
    stream.onProgress?.({ sheet: name, rows: rows(), done: true });
  });
  return sheets;
}

/**
 * A sheet's rows in blocks into the ingestion: the first rows are held until there are enough to
 * detect the sheet, the rest go straight on (memory: one block, never the sheet).
 */
export function streamInto<E>(
  ingest: WorkbookIngest,
  name: string,
  hidden: "hidden" | "veryHidden" | undefined,
  stream: StreamOptions,
  read: (onBlock: (block: RawCell[][], firstRow: number) => void, restart: () => void) => E,
): { sink: { sink: SheetSink; end: E }; rows: () => number } {
  const headRows = ingest.headRows(name);
  let head: RawCell[][] = [];
  let sink: SheetSink | null = null;
  let rows = 0;
  const begin = () => ingest.beginSheet({ name, rows: head.slice(0, headRows), firstRow: 1, firstColumn: 1, hidden });
  const end = read(
    (block, firstRow) => {
      rows += block.reduce((a, r) => a + (r.length ? 1 : 0), 0);
      if (!sink) {
        head = head.concat(block);
        if (head.length < headRows) return;
        sink = begin();
        sink.push(head.slice(headRows), headRows + 1);
      } else sink.push(block, firstRow);
      stream.onProgress?.({ sheet: name, rows, done: false });
    },
    () => {
      // The reader starts the sheet again from its first row: what it gave so far goes.
      sink?.discard();
      sink = null;
      head = [];
      rows = 0;
    },
  );
  if (!sink) {
    // Fewer rows than a head: the whole sheet is its head.
    sink = ingest.beginSheet({ name, rows: head, firstRow: 1, firstColumn: 1, hidden });
  }
  return { sink: { sink, end }, rows: () => rows };
}

/**
 * Every sheet read once into stores (all columns encoded): the task pane's worker keeps these, not
 * the file, and re-resolves them when the user changes a mapping. Small sheets are read whole first
 * (merged cells filled); large ones are streamed, as in `ingestXlsx`.
 */
export function storeXlsx(bytes: Uint8Array, stream: StreamOptions = {}, prefix = ""): { sheets: StoredSheet[]; date1904: boolean; marks: ReviewMark[] } {
  const wb = new XlsxWorkbook(bytes);
  const hold = stream.holdBelowBytes ?? HOLD_BELOW_BYTES;
  const blockRows = stream.blockRows ?? BLOCK_ROWS;
  const sheets = wb.sheets.map((sheet, i): StoredSheet => {
    const store = new SheetStore(prefix + sheet.name);
    if (sheet.xmlBytes < hold) {
      const grid = readSheetGrid(wb, i);
      store.push(grid.rows);
      stream.onProgress?.({ sheet: store.name, rows: store.n, done: true });
      return { store, hiddenRows: grid.hiddenRows?.length ?? 0, hidden: sheet.hidden };
    }
    const end = sheetBlocks(wb, i, blockRows, (block) => {
      store.push(block);
      stream.onProgress?.({ sheet: store.name, rows: store.n, done: false });
    });
    stream.onProgress?.({ sheet: store.name, rows: store.n, done: true });
    return { store, hiddenRows: end.hiddenRows.length, unfilledMerges: unfilled(end), hidden: sheet.hidden };
  });
  return { sheets, date1904: wb.date1904, marks: workbookMarks(wb).map((m) => ({ ...m, sheet: prefix + m.sheet })) };
}
