/**
 * A picked .xlsx, held where it is parsed (a Web Worker in the pane): its bytes stay here, and each
 * ingestion streams them into the engine (large sheets block by block), so the pane receives only
 * summaries and the finished review, never a grid. The last ingestion is kept for the review.
 */
import type { IngestResult, SheetGrid, SheetOverride } from "../../engine";
import { IngestSummary, HEAD_SAMPLE_ROWS, ReviewRequest, ComputeResult, reviewFromInput, summarize } from "../../taskpane/engineClient";
import { ingestXlsx } from "../xlsx/ingestFile";
import { XlsxWorkbook } from "../xlsx/xlsxStream";
import { checkZip } from "../xlsx/zipGuard";
import { PickedFileError } from "./readFile";

export type SessionProgress = { sheet: string; rows: number };

export class FileSession {
  private last: { key: string; input: IngestResult } | null = null;

  private constructor(private readonly bytes: Uint8Array) {}

  /** Check the file (the same guard as the command line's) and open it. */
  static open(bytes: Uint8Array): { session: FileSession; heads: SheetGrid[] } {
    const verdict = checkZip(bytes);
    if (!verdict.ok) throw new PickedFileError(verdict.reason);
    try {
      const wb = new XlsxWorkbook(bytes);
      return { session: new FileSession(bytes), heads: wb.sheets.map((_, i) => wb.firstRows(i, HEAD_SAMPLE_ROWS)) };
    } catch {
      throw new PickedFileError("corrupt");
    }
  }

  private input(overrides: Record<string, SheetOverride>, onProgress?: (p: SessionProgress) => void): IngestResult {
    const key = JSON.stringify(overrides);
    if (this.last?.key !== key) {
      // One ingestion held at a time: a million rows of encoded columns is what the worker keeps.
      this.last = null;
      try {
        const read = ingestXlsx(this.bytes, { overrides }, { onProgress: (p) => onProgress?.({ sheet: p.sheet, rows: p.rows }) });
        this.last = { key, input: read.input };
      } catch {
        throw new PickedFileError("corrupt");
      }
    }
    return this.last.input;
  }

  ingest(overrides: Record<string, SheetOverride>, onProgress?: (p: SessionProgress) => void): IngestSummary {
    return summarize(this.input(overrides, onProgress));
  }

  review(request: ReviewRequest, onProgress?: (p: SessionProgress) => void): ComputeResult {
    return reviewFromInput(this.input(request.overrides, onProgress), request);
  }
}
