/**
 * A picked .xlsx, opened where it is parsed (a Web Worker in the pane): read once into encoded
 * sheets, so the pane receives only sheet heads, summaries and the finished review, never a grid.
 */
import { SheetGrid, ingestStored } from "../../engine";
import { ReviewSession, SessionProgress } from "../../taskpane/session";
import { storeXlsx } from "../xlsx/ingestFile";
import { readPicked } from "./readFile";

/**
 * Check the file (the same guard as the command line's) and read it once into stores: every column
 * encoded, so the bytes can go and a change of mapping re-resolves without reading the file again.
 */
export function openFileSession(bytes: Uint8Array, onProgress?: (p: SessionProgress) => void): { session: ReviewSession; heads: SheetGrid[] } {
  const read = readPicked(bytes, (b) => storeXlsx(b, { onProgress: (p) => onProgress?.({ sheet: p.sheet, rows: p.rows }) }));
  const heads = read.sheets.map((s) => s.store.headGrid());
  return { session: new ReviewSession((overrides) => ingestStored(read.sheets, { overrides, marks: read.marks }, read.date1904)), heads };
}
