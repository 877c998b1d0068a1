/**
 * The small Office.js actions the pane offers in Excel: go to a cell named by an issue, open a
 * generated sheet, add empty input templates, open the retailer copy as a new workbook, and remember
 * the review options in the document. Each says which requirement set it needs.
 */
import { columnLetter, safeSheetName, templateSheets } from "../../engine";
import { widthPoints } from "./writeReview";
import type { PaneActions } from "../../contracts/pane";

export const OPTIONS_SETTING = "kaReview.options";

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The pane's contract (PaneActions, in src/contracts) implemented with Office.js. */
export function officeActions(): PaneActions {
  const supports = (v: string) => Office.context.requirements.isSetSupported("ExcelApi", v);
  const settings = Office.context.document.settings;
  return {
    supported: supports("1.7"),
    canCreateWorkbook: supports("1.8"),
    goToCell: (sheet, cell) =>
      Excel.run(async (context) => {
        const ws = context.workbook.worksheets.getItem(sheet);
        ws.activate();
        ws.getRange(cell).select();
        await context.sync();
      }),
    activateSheet: (name) =>
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem(name).activate();
        await context.sync();
      }),
    createTemplates: (lang) =>
      Excel.run(async (context) => {
        // The engine's template (the same as `ka-review template`); never over an existing sheet (a suffix instead).
        const sheets = context.workbook.worksheets;
        sheets.load("items/name");
        await context.sync();
        const taken = new Set(sheets.items.map((w) => w.name.toLowerCase()));
        const names: string[] = [];
        for (const t of templateSheets(lang)) {
          const name = safeSheetName(t.name, taken);
          const ws = sheets.add(name);
          const width = Math.max(...t.rows.map((r) => r.length));
          const range = ws.getRange(`A1:${columnLetter(width)}${t.rows.length}`);
          // Text stays text ("@"); the Settings values that are numbers keep their number format.
          range.numberFormat = t.rows.map((r) => Array.from({ length: width }, (_, i) => (typeof r[i] === "number" ? "General" : "@")));
          range.values = t.rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ""));
          const bold = t.bold === "first-row" ? ws.getRange(`A1:${columnLetter(width)}1`) : ws.getRange(`A1:A${t.rows.length}`);
          bold.format.font.bold = true;
          t.widths.forEach((w, i) => (ws.getRange(`${columnLetter(i + 1)}1`).format.columnWidth = widthPoints(w)));
          if (t.freezeRows) ws.freezePanes.freezeRows(t.freezeRows);
          names.push(name);
        }
        await context.sync();
        return names;
      }),
    createRetailerCopy: async (xlsx) => {
      await Excel.createWorkbook(base64(xlsx));
    },
    loadOptions: () => (settings.get(OPTIONS_SETTING) as Record<string, unknown> | null) ?? null,
    saveOptions: (options) => {
      settings.set(OPTIONS_SETTING, options);
      settings.saveAsync();
    },
  };
}
