/**
 * An account as it really comes: several files read as one workbook (the portal's sell-out CSV, the
 * manager's master-data workbook, the contract), in the command line. Each file is checked first (the
 * same guard as for one .xlsx), then its sheets go into one ingestion: a CSV is one sheet named after
 * its file; a workbook's sheets carry the file name ("master.xlsx › Stores") when there are several
 * files, so every issue and reconciliation line says which file it is about. The same kind from two
 * files is combined (two years of sell-out in two exports), and rows one file repeats from another are
 * counted once (engine: repeated rows).
 * CSV files are read in 1 MB pieces and fed to the engine block by block: memory is bounded by the
 * encoded columns, not the file, and there is no row cap.
 */
import { closeSync, promises as fs, openSync, readSync, statSync } from "fs";
import path from "path";
import { IngestOptions, Issue, RawCell, ReviewMark, WorkbookGrids, WorkbookIngest, parseMarks } from "../../engine";
import { WorkbookFileError, guardedBytes, sniffFile } from "../xlsx/file";
import { FileIngest, StreamOptions, feedXlsx, streamInto, workbookMarks } from "../xlsx/ingestFile";
import { XlsxWorkbook } from "../xlsx/xlsxStream";
import { CsvEncodingError, readCsvChunks } from "./csv";
import { XlsPasswordError, xlsToGrids } from "./xls";

/** The name a file's sheets carry when several files make one account. */
export const FILE_SEPARATOR = " › ";

const CHUNK = 1 << 20;

function* fileChunks(file: string): Generator<Uint8Array> {
  const fd = openSync(file, "r");
  try {
    for (;;) {
      const buf = new Uint8Array(CHUNK);
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n <= 0) return;
      yield n === CHUNK ? buf : buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Why a file of a folder is not read: what folders hold besides the account's files. */
export type SkippedWhy = "lock" | "system" | "empty";

/**
 * The files of a folder that can be account files, in name order, and those skipped: Excel's and
 * LibreOffice's lock files (~$Book.xlsx, .~lock.Book.xlsx#, held while the workbook is open), what
 * macOS and Windows leave (.DS_Store, ._Book.xlsx, Thumbs.db, desktop.ini) and empty files (a download
 * that failed). A folder is the account: one stray file in it does not stop the run, it is said (info).
 * Files of other kinds (a .docx, a .pdf) are not account files and pass unsaid, as before.
 */
export function accountFilesIn(
  folder: string,
  list: (dir: string) => string[],
  size: (file: string) => number = (f) => statSync(f).size,
): { files: string[]; skipped: Issue[] } {
  const files: string[] = [];
  const skipped: Issue[] = [];
  const skip = (name: string, why: SkippedWhy) =>
    skipped.push({ sheet: null, row: null, column: null, severity: "info", code: `file-skipped-${why}`, params: { file: path.join(folder, name), name } });
  for (const name of list(folder).sort()) {
    const file = path.join(folder, name);
    if (name.startsWith("~$") || /^\.~lock\..*#$/.test(name)) skip(name, "lock");
    else if (/^(\.ds_store|thumbs\.db|desktop\.ini)$/i.test(name) || name.startsWith("._")) skip(name, "system");
    else if (!/\.(xlsx|xlsm|xlsb|xls|csv|tsv|txt)$/i.test(name)) continue;
    else if (size(file) === 0) skip(name, "empty");
    else files.push(file);
  }
  return { files, skipped };
}

export async function ingestAccountFiles(files: string[], options: IngestOptions = {}, stream: StreamOptions = {}): Promise<FileIngest> {
  // Every file is opened and checked before any is read: a bad one stops the run with its sentence.
  const opened: Array<
    { file: string; kind: "xlsx"; wb: XlsxWorkbook } | { file: string; kind: "csv" } | { file: string; kind: "grids"; grids: WorkbookGrids }
  > = [];
  for (const file of files) {
    const kind = await sniffFile(file);
    if (kind === "csv") {
      opened.push({ file, kind });
      continue;
    }
    if (kind === "ole" || kind === "xlsb") {
      // .xls (BIFF8) and .xlsb through SheetJS; an encrypted workbook is an OLE file too.
      const bytes = new Uint8Array(await fs.readFile(file));
      try {
        opened.push({ file, kind: "grids", grids: xlsToGrids(bytes) });
      } catch (e) {
        if (e instanceof XlsPasswordError) throw new WorkbookFileError(file, { kind: "password" });
        // An OLE file named .xlsx that is not a readable .xls: an encrypted workbook or a mislabelled file.
        if (kind === "ole" && /\.xls[xm]$/i.test(file)) throw new WorkbookFileError(file, { kind: "not-xlsx", looksLike: "xls" });
        throw new WorkbookFileError(file, { kind: "corrupt", detail: e instanceof Error ? e.message : String(e) });
      }
      continue;
    }
    const bytes = await guardedBytes(file);
    try {
      opened.push({ file, kind, wb: new XlsxWorkbook(bytes) });
    } catch (e) {
      throw new WorkbookFileError(file, { kind: "corrupt", detail: e instanceof Error ? e.message : String(e) });
    }
  }
  const several = files.length > 1;
  const prefixOf = (file: string) => (several ? `${path.basename(file)}${FILE_SEPARATOR}` : "");
  const marks: ReviewMark[] = [];
  for (const o of opened) {
    if (o.kind === "xlsx") for (const m of workbookMarks(o.wb)) marks.push({ ...m, sheet: prefixOf(o.file) + m.sheet });
    if (o.kind === "grids")
      for (const m of parseMarks(
        o.grids.definedNames ?? [],
        o.grids.sheets.map((s) => s.name),
      ))
        marks.push({ ...m, sheet: prefixOf(o.file) + m.sheet });
  }
  const ingest = new WorkbookIngest({ ...options, marks: options.marks ?? marks });
  const sheets: FileIngest["sheets"] = [];
  let date1904 = false;
  for (const o of opened) {
    if (o.kind === "xlsx") {
      sheets.push(...feedXlsx(o.wb, ingest, stream, prefixOf(o.file)));
      date1904 ||= o.wb.date1904;
      continue;
    }
    if (o.kind === "grids") {
      for (const g of o.grids.sheets) {
        const name = prefixOf(o.file) + g.name;
        ingest.beginSheet({ ...g, name }).end({ hiddenRows: 0 });
        const rows = g.rows.reduce((a, r) => a + (r.length ? 1 : 0), 0);
        sheets.push({ name, rows, streamed: false });
        stream.onProgress?.({ sheet: name, rows, done: true });
      }
      date1904 ||= !!o.grids.date1904;
      continue;
    }
    // A CSV is one sheet, named after its file.
    const name = path.basename(o.file);
    const blockRows = stream.blockRows ?? 8192;
    try {
      const { sink, rows } = streamInto(ingest, name, undefined, stream, (onBlock, restart) => {
        let next = 1;
        return readCsvChunks(
          // Read anew from the start when its later bytes say another encoding than its first ones.
          () => fileChunks(o.file),
          (block: RawCell[][]) => {
            onBlock(block, next);
            next += block.length;
          },
          blockRows,
          /\.tsv$/i.test(o.file) ? "\t" : undefined,
          () => {
            restart();
            next = 1;
          },
        );
      });
      sink.sink.end({ hiddenRows: 0 });
      sheets.push({ name, rows: rows(), streamed: statSync(o.file).size >= CHUNK });
      stream.onProgress?.({ sheet: name, rows: rows(), done: true });
    } catch (e) {
      if (e instanceof CsvEncodingError) throw new WorkbookFileError(o.file, { kind: "csv-encoding", reason: e.reason, line: e.line });
      throw e;
    }
  }
  return { input: ingest.finish(date1904), sheets };
}
