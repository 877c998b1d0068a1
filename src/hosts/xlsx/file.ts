/**
 * Reading and writing .xlsx files in Node. Before ExcelJS sees a file we check that it exists,
 * can be opened and is a zip (an .xlsx is one), so a user who gives a .xls, a .csv or a locked
 * file gets a sentence saying so instead of a stack trace.
 */
import { promises as fs } from "fs";
import ExcelJS from "exceljs";
import type { WorkbookGrids } from "../../engine";
import { workbookToGrids } from "./grids";
import { checkZip } from "./zipGuard";

export type FileProblem =
  | { kind: "missing" }
  | { kind: "locked"; detail: string }
  | { kind: "not-xlsx"; looksLike: "xls" | "csv" | "other" }
  | { kind: "corrupt"; detail: string }
  | { kind: "too-large"; bytes: number | null };

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
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    const starts = (magic: number[]) => bytesRead >= magic.length && magic.every((b, i) => head[i] === b);
    if (starts(ZIP_MAGIC)) return;
    if (starts(OLE_MAGIC)) throw new WorkbookFileError(file, { kind: "not-xlsx", looksLike: "xls" });
    const text = head.subarray(0, bytesRead).every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0x80);
    throw new WorkbookFileError(file, { kind: "not-xlsx", looksLike: bytesRead > 0 && text ? "csv" : "other" });
  } finally {
    await handle.close();
  }
}

export async function readWorkbookFile(file: string, onSheet?: (sheet: string, rows: number) => void): Promise<WorkbookGrids> {
  await sniff(file);
  const bytes = await fs.readFile(file);
  const verdict = checkZip(bytes);
  if (!verdict.ok) {
    if (verdict.reason === "not-zip") throw new WorkbookFileError(file, { kind: "corrupt", detail: "the zip directory is missing or damaged" });
    throw new WorkbookFileError(file, { kind: "too-large", bytes: verdict.uncompressed ?? null });
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (e) {
    throw new WorkbookFileError(file, { kind: "corrupt", detail: e instanceof Error ? e.message : String(e) });
  }
  return workbookToGrids(wb, onSheet);
}
