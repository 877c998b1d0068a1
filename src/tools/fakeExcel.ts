/**
 * A recording fake of the part of Excel's object model the host uses. It enforces Office.js's
 * load/sync rule (reading a property that was not loaded and synced throws, as office-addin-mock does
 * not), counts `sync` calls, measures each sync's response payload (JSON size of the values loaded),
 * and records every mutation, so a test can prove the user's sheets were not touched.
 */
type Cell = string | number | boolean;

export interface FakeSheet {
  name: string;
  /** Rows of values; the used range starts at A1. */
  rows: Cell[][];
  /** Or a virtual sheet of rowCount × columnCount cells computed on demand (a million rows without the memory). */
  virtual?: { rowCount: number; columnCount: number; cell(r: number, c: number): Cell };
  /** Worksheet.visibility: "Visible" (default), "Hidden" or "VeryHidden". */
  visibility?: string;
}

export interface Recording {
  syncs: number;
  /** JSON size of the values each sync returned. */
  payloads: number[];
  /** Every write attempted: "Sheet1.values", "worksheets.add"… */
  writes: string[];
}

class FakeRange {
  private loaded = new Set<string>();
  private pending = new Set<string>();
  constructor(
    private readonly ctx: FakeContext,
    private readonly sheet: FakeSheet | null,
    private readonly r0: number,
    private readonly c0: number,
    private readonly nRows: number,
    private readonly nCols: number,
  ) {}
  load(props: string): void {
    for (const p of props.split(",")) this.pending.add(p.trim());
    this.ctx.queue(this);
  }
  /** Called by sync: what was requested becomes readable. */
  resolve(): number {
    for (const p of this.pending) this.loaded.add(p);
    const size = this.pending.has("values") ? JSON.stringify(this.valuesNow()).length : 0;
    this.pending.clear();
    return size;
  }
  private need(p: string): void {
    if (!this.loaded.has(p)) throw new Error(`PropertyNotLoaded: ${p} was read before load("${p}") and context.sync()`);
  }
  private valuesNow(): Cell[][] {
    const out: Cell[][] = [];
    const v = this.sheet!.virtual;
    for (let r = 0; r < this.nRows; r++) {
      const src = v ? null : (this.sheet!.rows[this.r0 + r] ?? []);
      const row: Cell[] = [];
      for (let c = 0; c < this.nCols; c++) row.push(v ? v.cell(this.r0 + r, this.c0 + c) : (src![this.c0 + c] ?? ""));
      out.push(row);
    }
    return out;
  }
  get isNullObject(): boolean {
    return this.sheet === null || (this.sheet.rows.length === 0 && !this.sheet.virtual);
  }
  get values(): Cell[][] {
    this.need("values");
    return this.valuesNow();
  }
  set values(_v: Cell[][]) {
    this.ctx.recording.writes.push(`${this.sheet?.name}.values`);
  }
  get rowCount(): number {
    this.need("rowCount");
    return this.nRows;
  }
  get columnCount(): number {
    this.need("columnCount");
    return this.nCols;
  }
  get rowIndex(): number {
    this.need("rowIndex");
    return this.r0;
  }
  get columnIndex(): number {
    this.need("columnIndex");
    return this.c0;
  }
  set numberFormat(_v: unknown) {
    this.ctx.recording.writes.push(`${this.sheet?.name}.numberFormat`);
  }
  clear(): void {
    this.ctx.recording.writes.push(`${this.sheet?.name}.clear`);
  }
  delete(): void {
    this.ctx.recording.writes.push(`${this.sheet?.name}.delete`);
  }
}

class FakeWorksheet {
  constructor(
    private readonly ctx: FakeContext,
    private readonly sheet: FakeSheet,
  ) {}
  get name(): string {
    if (!this.ctx.itemsLoaded) throw new Error("PropertyNotLoaded: worksheets.items/name");
    return this.sheet.name;
  }
  get visibility(): string {
    if (!this.ctx.itemsLoaded) throw new Error("PropertyNotLoaded: worksheets.items/visibility");
    return this.sheet.visibility ?? "Visible";
  }
  getUsedRangeOrNullObject(): FakeRange {
    const v = this.sheet.virtual;
    if (v) return new FakeRange(this.ctx, this.sheet, 0, 0, v.rowCount, v.columnCount);
    const width = Math.max(0, ...this.sheet.rows.map((r) => r.length));
    return new FakeRange(this.ctx, this.sheet.rows.length ? this.sheet : null, 0, 0, this.sheet.rows.length, width);
  }
  getRangeByIndexes(r: number, c: number, rows: number, cols: number): FakeRange {
    this.ctx.cellsRequested = Math.max(this.ctx.cellsRequested, rows * cols);
    if (rows * cols > 5_000_000) throw new Error("RequestPayloadSizeLimitExceeded: more than 5,000,000 cells in one range");
    return new FakeRange(this.ctx, this.sheet, r, c, rows, cols);
  }
  delete(): void {
    this.ctx.recording.writes.push(`${this.sheet.name}.delete`);
  }
}

export class FakeContext {
  readonly recording: Recording = { syncs: 0, payloads: [], writes: [] };
  itemsLoaded = false;
  cellsRequested = 0;
  private queued: FakeRange[] = [];
  private itemsPending = false;
  readonly workbook: {
    worksheets: { load(p: string): void; readonly items: FakeWorksheet[]; add(name: string): void };
    names: { load(p: string): void; readonly items: Array<{ name: string; formula: string }> };
  };

  /** `names`: the workbook's defined names (name and formula), as Office.js lists them. */
  constructor(sheets: FakeSheet[], names: Array<{ name: string; formula: string }> = []) {
    const wrapped = sheets.map((s) => new FakeWorksheet(this, s));
    let namesLoaded = false;
    const ctx = this;
    this.workbook = {
      names: {
        load: () => {
          namesLoaded = true;
        },
        get items() {
          if (!namesLoaded || !ctx.itemsLoaded) throw new Error("PropertyNotLoaded: names.items");
          return names;
        },
      },
      worksheets: {
        load: () => {
          this.itemsPending = true;
        },
        get items() {
          return wrapped;
        },
        add: (name: string) => {
          this.recording.writes.push(`worksheets.add(${name})`);
        },
      },
    };
  }
  queue(r: FakeRange): void {
    this.queued.push(r);
  }
  async sync(): Promise<void> {
    this.recording.syncs++;
    if (this.itemsPending) this.itemsLoaded = true;
    let size = 0;
    for (const r of this.queued) size += r.resolve();
    this.queued = [];
    this.recording.payloads.push(size);
  }
}

/** Install `Excel.run` over the fake sheets; returns the context to inspect after the run. */
export function installFakeExcel(sheets: FakeSheet[], names: Array<{ name: string; formula: string }> = []): FakeContext {
  const ctx = new FakeContext(sheets, names);
  (globalThis as unknown as { Excel: unknown }).Excel = { run: <T>(fn: (c: FakeContext) => Promise<T>) => fn(ctx) };
  return ctx;
}
