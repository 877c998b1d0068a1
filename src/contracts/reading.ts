/**
 * How a workbook reaches the pane, below both the hosts that read it and the pane that shows it:
 * the progress shapes (one each), what a reader gives back, and the pane's workbook source.
 */
import type { WorkbookGrids } from "../engine";
import type { LoadedWorkbook } from "../session/engineClient";

/** Excel's reader: rows read of a sheet whose size is known (its used range). */
export interface ReadProgress {
  sheet: string;
  rowsRead: number;
  rowsTotal: number;
}

/** A file reader or a worker: rows of a sheet read so far (a streamed file's size is not known). */
export interface RowsProgress {
  sheet: string;
  rows: number;
}

/** A reader gives the grids it read (Excel, tests) or a workbook it keeps itself (a picked file, in a worker). */
export type ReadResult = WorkbookGrids | LoadedWorkbook;

export type WorkbookSource =
  | { kind: "excel"; read: (onProgress: (p: ReadProgress) => void) => Promise<ReadResult> }
  | { kind: "file"; read: (files: File[], onProgress?: (p: RowsProgress) => void) => Promise<ReadResult> };

export function isLoaded(r: ReadResult): r is LoadedWorkbook {
  return "heads" in r && typeof (r as LoadedWorkbook).ingest === "function";
}
