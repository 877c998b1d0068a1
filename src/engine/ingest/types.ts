/** What ingestion returns and the state it keeps per sheet between its two steps (read, then resolve). */
import { RawCell, SheetGrid } from "../core/grid";
import { Issue } from "../core/issues";
import { ReviewMark } from "../core/marks";
import { InputKind } from "../core/schema";
import { Table } from "../core/table";
import { SheetDetection, SheetOverride } from "./detect";
import { EncodedSheet, SheetStore } from "./encode";
import { ProductInfo } from "./products";
import { Settings } from "./settings";

export interface Reconciliation {
  sheet: string;
  kind: InputKind;
  rowsRead: number;
  rowsUsed: number;
  rowsRejected: number;
  /** Money on the sheet (its money column); null for kinds without one. */
  valueRead: number | null;
  valueUsed: number | null;
  valueRejected: number | null;
  /** Fully blank rows below the header: nothing to use or reject. */
  blankRows: number;
}

export interface IngestResult {
  detections: SheetDetection[];
  tables: Partial<Record<InputKind, Table>>;
  settings: Settings;
  products: Map<string, ProductInfo>;
  issues: Issue[];
  reconciliation: Reconciliation[];
  /**
   * The Action plan sheets of reviews KA Review wrote into this workbook, read as actions: what the
   * manager edited there (status, owner, due, new rows) is carried into the next review.
   */
  actionPlans: ActionPlanInput[];
}

/** A generated Action plan read back: its rows belong to the review's retailer and period. */
export interface ActionPlanInput {
  sheet: string;
  retailerTag: string;
  period: string;
  table: Table | null;
}

export interface IngestOptions {
  /** Per sheet name: what the user changed in the detected kind and mapping. */
  overrides?: Record<string, SheetOverride>;
  /**
   * The sheets KA Review generated (from the workbook's defined names, engine/core/marks.ts): never
   * read as input, whatever they look like; their Action plans are read as the actions they carry.
   */
  marks?: ReviewMark[];
}

/** A sheet stored whole (every column encoded), with what its reader learnt at its end. */
export interface StoredSheet {
  store: SheetStore;
  hiddenRows: number;
  hidden?: "hidden" | "veryHidden";
  unfilledMerges?: Array<{ ref: string; bottom: number }>;
}

/** Where a sheet's rows go after its first ones: blocks as a reader produces them. */
export interface SheetSink {
  /** Rows that follow those given so far; rows[0] is Excel row `firstRow`. */
  push(rows: RawCell[][], firstRow: number): void;
  /**
   * The sheet ended: how many of its rows the user hid, and merged ranges a streaming reader could
   * not fill (it learns of them only at the end of the sheet, after the rows were encoded).
   */
  end(info: { hiddenRows: number; unfilledMerges?: Array<{ ref: string; bottom: number }> }): void;
  /** Forget the sheet: its reader starts it again (a text export read again in another encoding). */
  discard(): void;
}

export interface SheetState {
  name: string;
  detection: SheetDetection;
  firstColumn: number;
  /** Anything at all on the sheet (an empty sheet is said so). */
  anyData: boolean;
  /** Data kinds: the rows below the header, encoded. */
  encoder: EncodedSheet | null;
  /** Settings sheets are small key/value lists: kept whole. */
  grid: SheetGrid | null;
  hiddenRows: number;
  unfilledMerges: Array<{ ref: string; bottom: number }>;
  /** Written by KA Review: not input (an Action plan is read separately, into `actionPlans`). */
  generated: ReviewMark | null;
  hidden: "hidden" | "veryHidden" | null;
}
