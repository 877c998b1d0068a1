/**
 * The empty input workbook (`ka-review template`): one sheet per input kind with its canonical
 * headers in the chosen language, and a filled Settings sheet, so a new user sees the shape.
 */
import ExcelJS from "exceljs";
import { DEFAULT_SETTINGS, KIND_SPECS } from "../../engine";
import { Lang, strings } from "../../i18n";

export function renderTemplateWorkbook(lang: Lang): ExcelJS.Workbook {
  const s = strings(lang);
  const wb = new ExcelJS.Workbook();
  wb.creator = "KA Review";
  for (const spec of KIND_SPECS) {
    const ws = wb.addWorksheet(s.kinds[spec.kind]);
    const header = (f: { en: string[]; zh: string[] }) => (lang === "zh" ? f.zh[0] : f.en[0]);
    if (spec.kind === "settings") {
      const d = DEFAULT_SETTINGS;
      const values: Record<string, string | number> = {
        ourCompany: "",
        currency: d.currency,
        fiscalYearStartMonth: d.fiscalYearStartMonth,
        language: lang === "zh" ? "zh-CN" : "en-US",
        corridor: `${d.corridorLow}-${d.corridorHigh}`,
        costOfCapital: d.costOfCapital,
        retailer: "",
      };
      for (const f of spec.fields) ws.addRow([header(f), values[f.field] ?? ""]);
      ws.getColumn(1).width = 28;
      ws.getColumn(2).width = 24;
      continue;
    }
    const row = ws.addRow(spec.fields.map(header));
    row.font = { bold: true };
    spec.fields.forEach((f, i) => (ws.getColumn(i + 1).width = Math.max(12, header(f).length + 4)));
    ws.views = [{ state: "frozen", ySplit: 1 }];
  }
  return wb;
}
