/**
 * A workbook held where the engine runs (a Web Worker in the pane), answering the pane's two questions:
 * what is in it under the user's column choices (ingest), and the review (review). The pane keeps
 * only sheet heads and summaries. Either way the workbook is kept as stores (every column encoded):
 * a picked file read once, or Excel's grids encoded block by block as they are read.
 */
import type { RowsProgress } from "../contracts/reading";
import { DefinedName, IngestResult, RawCell, ReviewMark, SheetGrid, SheetOverride, SheetStore, StoredSheet, ingestStored, parseMarks } from "../engine";
import { ComputeResult, IngestSummary, ReviewRequest, reviewFromInput, summarize } from "./engineClient";

type Ingest = (overrides: Record<string, SheetOverride>, onProgress?: (p: RowsProgress) => void) => IngestResult;

export class ReviewSession {
  private last: { key: string; input: IngestResult } | null = null;

  constructor(private readonly ingestWith: Ingest) {}

  private input(overrides: Record<string, SheetOverride>, onProgress?: (p: RowsProgress) => void): IngestResult {
    const key = JSON.stringify(overrides);
    if (this.last?.key !== key) {
      // One ingestion held at a time: a million rows of encoded columns is what the worker keeps.
      this.last = null;
      this.last = { key, input: this.ingestWith(overrides, onProgress) };
    }
    return this.last.input;
  }

  ingest(overrides: Record<string, SheetOverride>, onProgress?: (p: RowsProgress) => void): IngestSummary {
    return summarize(this.input(overrides, onProgress));
  }

  review(request: ReviewRequest, onProgress?: (p: RowsProgress) => void): ComputeResult {
    return reviewFromInput(this.input(request.overrides, onProgress), request);
  }
}

/** A session over stored sheets (picked files, read in the worker), and the heads the pane shows. */
export function storedSession(account: { sheets: StoredSheet[]; marks: ReviewMark[]; date1904: boolean }): { session: ReviewSession; heads: SheetGrid[] } {
  return {
    session: new ReviewSession((overrides) => ingestStored(account.sheets, { overrides, marks: account.marks }, account.date1904)),
    heads: account.sheets.map((s) => s.store.headGrid()),
  };
}

/**
 * Grids arriving in blocks (Excel's reader): each block encoded into its sheet's store as it comes,
 * so neither the pane nor the worker ever holds the grid, and a change of mapping re-resolves the
 * stores without reading Excel again.
 */
export class GridCollector {
  private readonly sheets: StoredSheet[] = [];
  private definedNames: DefinedName[] = [];

  /** The workbook's defined names (they mark the sheets KA Review wrote). */
  names(names: DefinedName[]): void {
    this.definedNames = names;
  }

  beginSheet(name: string, firstRow: number, firstColumn: number, hidden?: "hidden" | "veryHidden"): void {
    this.sheets.push({ store: new SheetStore(name, firstRow, firstColumn), hiddenRows: 0, ...(hidden ? { hidden } : {}) });
  }

  block(rows: RawCell[][]): void {
    this.sheets[this.sheets.length - 1].store.push(rows);
  }

  done(): { session: ReviewSession; heads: SheetGrid[] } {
    const sheets = this.sheets;
    const marks = parseMarks(
      this.definedNames,
      sheets.map((s) => s.store.name),
    );
    return {
      session: new ReviewSession((overrides) => ingestStored(sheets, { overrides, marks }, false)),
      heads: sheets.map((s) => s.store.headGrid()),
    };
  }
}
