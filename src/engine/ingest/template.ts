/**
 * The empty input workbook a new user starts from: one sheet per input kind with its canonical
 * headers in the chosen language, and the Settings sheet filled with the defaults the engine reads
 * when a key is absent. The file template (`ka-review template`) and the pane's "Create input
 * templates" in Excel both write exactly this.
 */
import { Lang, strings } from "../../i18n";
import { KIND_SPECS } from "../core/schema";
import type { InputKind } from "../core/schema";
import { DEFAULT_SETTINGS } from "./settings";

export interface TemplateSheet {
  kind: InputKind;
  /** The sheet's name in the chosen language ("Sell-out" / "零售数据"). */
  name: string;
  /** Settings: key / value rows; every other kind: one header row. All cells are text but the values. */
  rows: Array<Array<string | number>>;
  /** Bold cells: the header row, or the Settings keys (column A). */
  bold: "first-row" | "first-column";
  /** Column widths in characters, index 0 = column A. */
  widths: number[];
  /** Rows frozen at the top (the header row of a data sheet). */
  freezeRows: number;
}

export function templateSheets(lang: Lang): TemplateSheet[] {
  const s = strings(lang);
  const header = (f: { en: string[]; zh: string[] }) => (lang === "zh" ? f.zh[0] : f.en[0]);
  return KIND_SPECS.map((spec): TemplateSheet => {
    if (spec.kind === "settings") {
      const d = DEFAULT_SETTINGS;
      const values: Record<string, string | number> = {
        currency: d.currency,
        fiscalYearStartMonth: d.fiscalYearStartMonth,
        language: lang === "zh" ? "zh-CN" : "en-US",
        corridor: `${d.corridorLow}-${d.corridorHigh}`,
        costOfCapital: d.costOfCapital,
      };
      return {
        kind: spec.kind,
        name: s.kinds[spec.kind],
        rows: spec.fields.map((f) => [header(f), values[f.field] ?? ""]),
        bold: "first-column",
        widths: [28, 24],
        freezeRows: 0,
      };
    }
    const headers = spec.fields.map(header);
    return {
      kind: spec.kind,
      name: s.kinds[spec.kind],
      rows: [headers],
      bold: "first-row",
      widths: headers.map((h) => Math.max(12, h.length + 4)),
      freezeRows: 1,
    };
  });
}
