/**
 * Reading .xlsx files in Node. Before the reader sees a file we check that it exists, can be
 * opened and is a zip (an .xlsx is one) that does not inflate past the guard's bounds, so a user who
 * gives a .xls, a .csv, a locked file or a zip bomb gets a sentence saying so instead of a stack trace.
 */
import { promises as fs } from "fs";
import type { IngestOptions, WorkbookGrids } from "../../engine";
import { looksLikeText } from "../files/csv";
import { FileIngest, StreamOptions, ingestXlsx } from "./ingestFile";
import { xlsxToGrids } from "./xlsxStream";
import { checkZip } from "./zipGuard";

export type FileProblem =
  | { kind: "missing" }
  | { kind: "locked"; detail: string }
  | { kind: "not-xlsx"; looksLike: "xls" | "csv" | "other" }
  | { kind: "corrupt"; detail: string }
  | { kind: "too-large"; bytes: number | null }
  /** Why a text export's encoding was not decided (hosts/files/csv.ts), and near which line its bytes changed encoding. */
  | { kind: "csv-encoding"; reason?: "undecided" | "ambiguous" | "mixed"; line?: number | null }
  | { kind: "password" };

export class WorkbookFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: FileProblem,
  ) {
    super(`${file}: ${problem.kind}`);
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .xls, and encrypted (password) .xlsx

/**
 * What a file is by its first bytes: a workbook (zip: .xlsx, or .xlsb by its name), a legacy or
 * encrypted workbook (OLE: .xls, or a password-protected .xlsx), or a text export (CSV, TSV, Unicode text).
 */
export async function sniffFile(file: string): Promise<"xlsx" | "xlsb" | "ole" | "csv"> {
  try {
    await sniff(file);
    return /\.xlsb$/i.test(file) ? "xlsb" : "xlsx";
  } catch (e) {
    if (e instanceof WorkbookFileError && e.problem.kind === "not-xlsx" && e.problem.looksLike === "xls") return "ole";
    // Text read as text, unless its name says workbook: a mislabelled file gets the sentence, not a guess.
    if (e instanceof WorkbookFileError && e.problem.kind === "not-xlsx" && e.problem.looksLike === "csv" && !/\.xls[xmb]?$/i.test(file)) return "csv";
    throw e;
  }
}

async function sniff(file: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new WorkbookFileError(file, { kind: "missing" });
    if (code === "EISDIR") throw new WorkbookFileError(file, { kind: "not-xlsx", looksLike: "other" });
    throw new WorkbookFileError(file, { kind: "locked", detail: code ?? String(e) });
  }
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, 512, 0);
    const starts = (magic: number[]) => bytesRead >= magic.length && magic.every((b, i) => head[i] === b);
    if (starts(ZIP_MAGIC)) return;
    if (starts(OLE_MAGIC)) throw new WorkbookFileError(file, { kind: "not-xlsx", looksLike: "xls" });
    // UTF-16 text ("Unicode text" from Excel) is judged on its characters, not its bytes: 月 is 0x08 0x67.
    throw new WorkbookFileError(file, { kind: "not-xlsx", looksLike: looksLikeText(head.subarray(0, bytesRead)) ? "csv" : "other" });
  } finally {
    await handle.close();
  }
}

/** The file's bytes, after the checks above and the zip guard. */
export async function guardedBytes(file: string): Promise<Uint8Array> {
  await sniff(file);
  const bytes = new Uint8Array(await fs.readFile(file));
  const verdict = checkZip(bytes);
  if (!verdict.ok) {
    if (verdict.reason === "not-zip") throw new WorkbookFileError(file, { kind: "corrupt", detail: "the zip directory is missing or damaged" });
    throw new WorkbookFileError(file, { kind: "too-large", bytes: verdict.uncompressed ?? null });
  }
  return bytes;
}

function corrupt(file: string, e: unknown): WorkbookFileError {
  return new WorkbookFileError(file, { kind: "corrupt", detail: e instanceof Error ? e.message : String(e) });
}

/** The whole workbook as grids (small workbooks, tests, the pictures tool). */
export async function readWorkbookFile(file: string, onSheet?: (sheet: string, rows: number) => void): Promise<WorkbookGrids> {
  const bytes = await guardedBytes(file);
  try {
    const grids = xlsxToGrids(bytes);
    for (const g of grids.sheets) onSheet?.(g.name, g.rows.length);
    return grids;
  } catch (e) {
    throw corrupt(file, e);
  }
}

/** Read and ingest in one pass, streaming large sheets (the command line): memory stays bounded. */
export async function ingestWorkbookFile(file: string, options: IngestOptions = {}, stream: StreamOptions = {}): Promise<FileIngest> {
  const bytes = await guardedBytes(file);
  try {
    return ingestXlsx(bytes, options, stream);
  } catch (e) {
    throw corrupt(file, e);
  }
}
