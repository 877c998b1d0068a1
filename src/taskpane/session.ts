/**
 * A workbook held where the engine runs (a Web Worker in the pane), answering the pane's two questions:
 * what is in it under the user's column choices (ingest), and the review (review). The pane keeps
 * only sheet heads and summaries. Two kinds: a picked file's bytes, streamed into the engine on each
 * ingestion; grids handed over block by block as Excel's reader reads them.
 */
import { IngestResult, RawCell, SheetGrid, SheetOverride, WorkbookGrids, ingestWorkbook } from "../engine";
import { ComputeResult, HEAD_SAMPLE_ROWS, IngestSummary, ReviewRequest, reviewFromInput, summarize } from "./engineClient";

export type SessionProgress = { sheet: string; rows: number };
type Ingest = (overrides: Record<string, SheetOverride>, onProgress?: (p: SessionProgress) => void) => IngestResult;

export class ReviewSession {
  private last: { key: string; input: IngestResult } | null = null;

  constructor(private readonly ingestWith: Ingest) {}

  private input(overrides: Record<string, SheetOverride>, onProgress?: (p: SessionProgress) => void): IngestResult {
    const key = JSON.stringify(overrides);
    if (this.last?.key !== key) {
      // One ingestion held at a time: a million rows of encoded columns is what the worker keeps.
      this.last = null;
      this.last = { key, input: this.ingestWith(overrides, onProgress) };
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

/** Grids arriving in blocks (Excel's reader): assembled here, so the pane never holds more than a block. */
export class GridCollector {
  private readonly sheets: SheetGrid[] = [];

  beginSheet(name: string, firstRow: number, firstColumn: number): void {
    this.sheets.push({ name, rows: [], firstRow, firstColumn });
  }

  block(rows: RawCell[][]): void {
    const sheet = this.sheets[this.sheets.length - 1];
    for (const row of rows) sheet.rows.push(row);
  }

  done(): { session: ReviewSession; heads: SheetGrid[] } {
    const grids: WorkbookGrids = { sheets: this.sheets };
    return {
      session: new ReviewSession((overrides) => ingestWorkbook(grids, { overrides })),
      heads: this.sheets.map((g) => ({ ...g, rows: g.rows.slice(0, HEAD_SAMPLE_ROWS) })),
    };
  }
}
