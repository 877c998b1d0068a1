/**
 * A picked .xlsx, opened where it is parsed (a Web Worker in the pane): read once into encoded
 * sheets, so the pane receives only sheet heads, summaries and the finished review, never a grid.
 */
import { SheetGrid, ingestStored } from "../../engine";
import { HEAD_SAMPLE_ROWS } from "../../taskpane/engineClient";
import { ReviewSession, SessionProgress } from "../../taskpane/session";
import { storeXlsx } from "../xlsx/ingestFile";
import { checkZip } from "../xlsx/zipGuard";
import { PickedFileError } from "./readFile";

/**
 * Check the file (the same guard as the command line's) and read it once into stores: every column
 * encoded, so the bytes can go and a change of mapping re-resolves without reading the file again.
 */
export function openFileSession(bytes: Uint8Array, onProgress?: (p: SessionProgress) => void): { session: ReviewSession; heads: SheetGrid[] } {
  const verdict = checkZip(bytes);
  if (!verdict.ok) throw new PickedFileError(verdict.reason);
  let read: ReturnType<typeof storeXlsx>;
  try {
    read = storeXlsx(bytes, { onProgress: (p) => onProgress?.({ sheet: p.sheet, rows: p.rows }) });
  } catch {
    throw new PickedFileError("corrupt");
  }
  const heads = read.sheets.map((s) => s.store.headGrid(HEAD_SAMPLE_ROWS));
  return { session: new ReviewSession((overrides) => ingestStored(read.sheets, { overrides }, read.date1904)), heads };
}
