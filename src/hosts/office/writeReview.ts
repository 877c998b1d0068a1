/**
 * The Office.js renderer: writes a review model into the open workbook on the same grid as the file
 * renderer (engine/layout.ts). It never touches the user's sheets: the sheets it generated are listed
 * in the document's settings, and regenerating deletes only those before writing the new set; a user
 * sheet that already has a section's name keeps it and ours takes a suffix.
 * Text cells are formatted as text ("@") before their values are written, so data such as
 * "=HYPERLINK(...)" stays text (Range.values would make it a formula). Values go one range per table,
 * formats after; one sync per sheet. ExcelApi 1.7 is enough; page layout is set only from 1.9.
 */
import type { CellValue, ReviewModel, SheetLayout, ValueFormat } from "../../engine";
import { columnLetter, layoutReview, safeSheetName } from "../../engine";
import { numberFormat } from "../xlsx/render";

export const GENERATED_SHEETS_SETTING = "kaReview.generatedSheets";

/** Office.context.document.settings, or a stand-in (tests). */
export interface DocumentSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  saveAsync(callback?: () => void): void;
}

export interface WriteOptions {
  settings: DocumentSettings;
  /** Office.context.requirements.isSetSupported */
  isSetSupported?: (name: string, version: string) => boolean;
  onProgress?: (sheet: string, done: number, total: number) => void;
  isCancelled?: () => boolean;
}

type Cell = string | number | boolean;

function cellValue(v: CellValue): Cell {
  return v === null ? "" : v;
}

function address(row: number, col: number, rows = 1, cols = 1): string {
  const a = `${columnLetter(col)}${row}`;
  return rows === 1 && cols === 1 ? a : `${a}:${columnLetter(col + cols - 1)}${row + rows - 1}`;
}

/** Write one sheet's content: text formats first, then values, then number formats and the table. */
function writeSheet(ws: Excel.Worksheet, layout: SheetLayout, model: ReviewModel): void {
  const section = layout.section;
  const text = (row: number, col: number, value: string) => {
    const r = ws.getRange(address(row, col));
    r.numberFormat = [["@"]];
    r.values = [[value]];
    return r;
  };
  text(1, 1, section.heading ?? section.title).format.font.bold = true;
  if (section.audience === "internal")
    text(2, 1, model.lang === "zh" ? "内部资料 – 请勿提供给零售商" : "Internal – not for the retailer").format.font.color = "#C00000";

  section.kpis.forEach((k, i) => {
    const c = 1 + i * 2;
    text(layout.kpiRow, c, k.label).format.font.bold = true;
    const v = ws.getRange(address(layout.kpiRow + 1, c));
    v.values = [[cellValue(k.value)]];
    v.numberFormat = [[numberFormat(k.format, model.currency) ?? "General"]];
    if (k.delta !== undefined) {
      const d = ws.getRange(address(layout.kpiRow + 2, c));
      d.values = [[cellValue(k.delta)]];
      d.numberFormat = [[numberFormat(k.deltaFormat ?? "number", model.currency) ?? "General"]];
    }
  });

  for (const t of layout.tables) {
    if (t.titleRow !== null) text(t.titleRow, t.firstColumn, t.table.title ?? "").format.font.bold = true;
    const cols = t.table.columns;
    const rows = Math.max(1, t.table.rows.length);
    const whole = ws.getRange(address(t.headerRow, t.firstColumn, rows + 1, cols.length));
    // Text first: every text column (and the header row) is "@" before any value lands.
    const formats: string[][] = [cols.map(() => "@")];
    for (let r = 0; r < rows; r++) {
      const row = t.table.rows[r];
      formats.push(
        cols.map((c) => {
          const f = ((row?.[`__format_${c.key}`] as ValueFormat | undefined) ?? c.format) as ValueFormat;
          return f === "text" || typeof row?.[c.key] === "string" ? "@" : (numberFormat(f, model.currency) ?? "General");
        }),
      );
    }
    whole.numberFormat = formats;
    const values: Cell[][] = [cols.map((c) => c.header)];
    if (t.table.rows.length === 0) values.push(cols.map((_, i) => (i === 0 ? (model.lang === "zh" ? "（无）" : "(none)") : "")));
    for (const row of t.table.rows) values.push(cols.map((c) => cellValue(row[c.key] ?? null)));
    whole.values = values;
    if (t.table.rows.length > 0) {
      const table = ws.tables.add(whole, true);
      table.name = `KA_${section.id}_${t.tableId}`.replace(/[^A-Za-z0-9_]/g, "_");
      table.style = "TableStyleLight9";
    }
  }
  section.notes.forEach((note, i) => (text(layout.notesRow + i, 1, note).format.font.italic = true));
  ws.freezePanes.freezeRows(layout.freezeRows);
}

/**
 * Write the review's sheets; returns their names. Regenerating replaces only the sheets listed in the
 * document's settings as ours.
 */
export async function writeReview(model: ReviewModel, opts: WriteOptions): Promise<string[]> {
  const previous = (opts.settings.get(GENERATED_SHEETS_SETTING) as string[] | null) ?? [];
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    const ours = new Set(previous);
    const userNames = new Set(sheets.items.map((w) => w.name.toLowerCase()).filter((n) => !previous.some((p) => p.toLowerCase() === n)));
    for (const w of sheets.items) if (ours.has(w.name)) w.delete();
    await context.sync();

    // Our names avoid the user's sheets: a user sheet called "Cover" keeps its name, ours becomes "Cover (2)".
    const taken = new Set(userNames);
    const layouts = layoutReview(model).map((l) => ({ ...l, sheet: safeSheetName(l.section.title, taken) }));
    const written: string[] = [];
    for (const [i, layout] of layouts.entries()) {
      if (opts.isCancelled?.()) break;
      const ws = sheets.add(layout.sheet);
      writeSheet(ws, layout, model);
      if (opts.isSetSupported?.("ExcelApi", "1.9")) {
        ws.pageLayout.orientation = Excel.PageOrientation.landscape;
        ws.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        if (layout.printTitleRow) ws.pageLayout.setPrintTitleRows(`$${layout.printTitleRow}:$${layout.printTitleRow}`);
      }
      // One request per sheet keeps each well under Excel on the web's 5 MB.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      written.push(layout.sheet);
      opts.onProgress?.(layout.sheet, i + 1, layouts.length);
    }
    opts.settings.set(GENERATED_SHEETS_SETTING, written);
    await new Promise<void>((resolve) => opts.settings.saveAsync(() => resolve()));
    return written;
  });
}
