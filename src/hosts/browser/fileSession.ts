/**
 * Picked files, opened where they are parsed (a Web Worker in the pane): read once into encoded
 * sheets, so the pane receives only sheet heads, summaries and the finished review, never a grid.
 * Files come as they come: an .xlsx (behind the same zip guard as the command line's), a CSV or text
 * export (encoding and delimiter detected), an .xls or .xlsb (SheetJS, loaded only when one is picked);
 * several files are one account, each sheet named with its file ("master.xlsx › Stores"), as in the
 * command line. What it returns is what the engine ingests; the pane's session (taskpane/session.ts)
 * keeps it.
 */

/** Progress while reading: the sheet and its rows so far. */

/** Picked files read into stores: what the engine's `ingestStored` takes. */
export interface StoredAccount {
  sheets: StoredSheet[];
  marks: ReviewMark[];
  date1904: boolean;
}
import type { RowsProgress } from "../../contracts/reading";
import { ReviewMark, SheetStore, StoredSheet, parseMarks } from "../../engine";
import { CsvEncodingError, readCsvChunks } from "../files/csv";
import { storeXlsx } from "../xlsx/ingestFile";
import { PickedFileError, readPicked } from "./readFile";

/** The name a file's sheets carry when several files make one account (as account.ts). */
const FILE_SEPARATOR = " › ";

export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

function kindOf(bytes: Uint8Array): "zip" | "ole" | "text" {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return "zip";
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return "ole";
  return "text";
}

/** A picked file's bytes in 1 MiB pieces, as the command line reads a file: each decoded piece is a string of its own, not one of the whole file. */
function* textChunks(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 1 << 20) yield bytes.subarray(at, at + (1 << 20));
}

/** One picked file into stores (all columns encoded); its marks (our own sheets) named as its sheets are. */
async function storeFile(
  f: PickedFile,
  prefix: string,
  onProgress?: (p: RowsProgress) => void,
): Promise<{ sheets: StoredSheet[]; date1904: boolean; marks: ReviewMark[] }> {
  const kind = kindOf(f.bytes);
  if (kind === "zip" && !/\.xlsb$/i.test(f.name)) {
    return readPicked(f.bytes, (b) => storeXlsx(b, { onProgress: (p) => onProgress?.({ sheet: p.sheet, rows: p.rows }) }, prefix));
  }
  if (kind === "zip" || kind === "ole") {
    // .xls / .xlsb: SheetJS is a chunk of its own, fetched only when such a file is picked.
    const { xlsToGrids, XlsPasswordError } = await import("../files/xls");
    let grids;
    try {
      grids = xlsToGrids(f.bytes);
    } catch (e) {
      throw new PickedFileError(e instanceof XlsPasswordError ? "password" : "corrupt");
    }
    const sheets = grids.sheets.map((g): StoredSheet => {
      const store = new SheetStore(prefix + g.name);
      store.push(g.rows);
      onProgress?.({ sheet: store.name, rows: store.n });
      return { store, hiddenRows: 0, ...(g.hidden ? { hidden: g.hidden } : {}) };
    });
    const marks = parseMarks(
      grids.definedNames ?? [],
      grids.sheets.map((g) => g.name),
    ).map((m) => ({ ...m, sheet: prefix + m.sheet }));
    return { sheets, date1904: !!grids.date1904, marks };
  }
  // A CSV is one sheet, named after its file.
  let store = new SheetStore(f.name);
  try {
    readCsvChunks(
      () => textChunks(f.bytes),
      (block) => {
        store.push(block);
        onProgress?.({ sheet: f.name, rows: store.n });
      },
      8192,
      /\.tsv$/i.test(f.name) ? "\t" : undefined,
      // Read again in another encoding (its later bytes said so): the rows so far go.
      () => (store = new SheetStore(f.name)),
    );
  } catch (e) {
    if (e instanceof CsvEncodingError)
      throw new PickedFileError(e.reason === "undecided" ? "csv-encoding" : e.reason === "ambiguous" ? "csv-ambiguous" : "csv-mixed");
    throw e;
  }
  return { sheets: [{ store, hiddenRows: 0 }], date1904: false, marks: [] };
}

/**
 * Check the files and read them once into stores: every column encoded, so the bytes can go and a
 * change of mapping re-resolves without reading the files again.
 */
export async function readPickedFiles(files: PickedFile[], onProgress?: (p: RowsProgress) => void): Promise<StoredAccount> {
  const several = files.length > 1;
  const out: StoredAccount = { sheets: [], marks: [], date1904: false };
  for (const f of files) {
    const read = await storeFile(f, several ? `${f.name}${FILE_SEPARATOR}` : "", onProgress);
    out.sheets.push(...read.sheets);
    out.marks.push(...read.marks);
    out.date1904 ||= read.date1904;
  }
  return out;
}
