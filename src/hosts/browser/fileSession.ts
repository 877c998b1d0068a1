/**
 * A picked .xlsx, held where it is parsed (a Web Worker in the pane): its bytes stay here, and each
 * ingestion streams them into the engine (large sheets block by block), so the pane receives only
 * summaries and the finished review, never a grid.
 */
import type { SheetGrid } from "../../engine";
import { HEAD_SAMPLE_ROWS } from "../../taskpane/engineClient";
import { ReviewSession } from "../../taskpane/session";
import { ingestXlsx } from "../xlsx/ingestFile";
import { XlsxWorkbook } from "../xlsx/xlsxStream";
import { checkZip } from "../xlsx/zipGuard";
import { PickedFileError } from "./readFile";

/** Check the file (the same guard as the command line's), open it, and read each sheet's first rows. */
export function openFileSession(bytes: Uint8Array): { session: ReviewSession; heads: SheetGrid[] } {
  const verdict = checkZip(bytes);
  if (!verdict.ok) throw new PickedFileError(verdict.reason);
  let heads: SheetGrid[];
  try {
    const wb = new XlsxWorkbook(bytes);
    heads = wb.sheets.map((_, i) => wb.firstRows(i, HEAD_SAMPLE_ROWS));
  } catch {
    throw new PickedFileError("corrupt");
  }
  const session = new ReviewSession((overrides, onProgress) => {
    try {
      return ingestXlsx(bytes, { overrides }, { onProgress: (p) => onProgress?.({ sheet: p.sheet, rows: p.rows }) }).input;
    } catch {
      throw new PickedFileError("corrupt");
    }
  });
  return { session, heads };
}
