/**
 * The small Office.js actions the pane offers in Excel: go to a cell named by an issue, open a
 * generated sheet, add empty input templates, open the retailer copy as a new workbook, and remember
 * the review options in the document. Each says which requirement set it needs.
 */
import { KIND_SPECS, columnLetter, safeSheetName } from "../../engine";
import { strings } from "../../i18n";
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
        // Empty, correctly headed input sheets; never over an existing sheet (a suffix instead).
        const s = strings(lang);
        const sheets = context.workbook.worksheets;
        sheets.load("items/name");
        await context.sync();
        const taken = new Set(sheets.items.map((w) => w.name.toLowerCase()));
        const names: string[] = [];
        for (const spec of KIND_SPECS) {
          const name = safeSheetName(s.kinds[spec.kind], taken);
          const ws = sheets.add(name);
          const headers =
            spec.kind === "settings"
              ? spec.fields.map((f) => [lang === "zh" ? f.zh[0] : f.en[0]])
              : [spec.fields.map((f) => (lang === "zh" ? f.zh[0] : f.en[0]))];
          const range = spec.kind === "settings" ? ws.getRange(`A1:A${headers.length}`) : ws.getRange(`A1:${columnLetter(headers[0].length)}1`);
          range.numberFormat = headers.map((r) => r.map(() => "@"));
          range.values = headers;
          range.format.font.bold = true;
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
