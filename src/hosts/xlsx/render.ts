/**
 * Review model -> .xlsx (ExcelJS). One sheet per section, laid out on a fixed grid so every period's
 * review has the same sheet order, table positions and headers: heading in row 1, KPI tiles from
 * row 4 (cover), charts in rows 4–19 when the section has charts, tables side by side from a fixed
 * row. Native tables, number formats, conditional formats, print setup. Text from the data is written
 * as string cells, so "=HYPERLINK(...)" stays text and never becomes a formula. Every decision —
 * cells, looks, formats, widths, table names, conditional formats, print setup — is the layout's
 * (engine/review/layout.ts); this file only says it in ExcelJS's terms.
 */
import ExcelJS from "exceljs";
import type { CellLook, ChartPlacement, EarlierReview, PlacedCell, ReviewModel, SheetLayout, TablePlacement } from "../../engine";
import { CELL_LOOKS, TABLE_STYLE, layoutReview, numberFormat, rangeAddress, safeSheetName, sheetRef } from "../../engine";

export type { TablePlacement };

export { numberFormat, safeSheetName };

export interface RenderedWorkbook {
  workbook: ExcelJS.Workbook;
  tables: TablePlacement[];
  charts: ChartPlacement[];
}

const argb = (rgb: string) => `FF${rgb}`;

function font(name: string, look: CellLook): Partial<ExcelJS.Font> {
  return {
    name,
    ...(look.bold ? { bold: true } : {}),
    ...(look.italic ? { italic: true } : {}),
    ...(look.underline ? { underline: true } : {}),
    ...(look.size ? { size: look.size } : {}),
    ...(look.color ? { color: { argb: argb(look.color) } } : {}),
  };
}

function putCell(ws: ExcelJS.Worksheet, layout: SheetLayout, c: PlacedCell, withValue = true): void {
  const cell = ws.getCell(c.row, c.col);
  if (withValue) cell.value = c.value;
  const look = CELL_LOOKS[c.role];
  // One fresh style object per cell: ExcelJS shares style objects between cells it created together
  // (a table's, a merged range's), so setting a property of one would change its neighbours.
  const style: Partial<ExcelJS.Style> = { font: font(layout.font, look) };
  if (look.fill) style.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(look.fill) } };
  // "@" keeps text from the data text, whatever it starts with; blank cells need no format.
  if (c.value !== null || c.numFmt !== "@") style.numFmt = c.numFmt;
  if (c.right || c.wrap || c.top)
    style.alignment = {
      ...(c.right ? { horizontal: "right" as const } : {}),
      ...(c.wrap ? { wrapText: true } : {}),
      ...(c.top ? { vertical: "top" as const } : {}),
    };
  cell.style = style;
}

/** One sheet, as its layout says: ExcelJS is only told what the layout decided. */
function writeSheet(wb: ExcelJS.Workbook, layout: SheetLayout, out: RenderedWorkbook): void {
  const ws = wb.addWorksheet(layout.sheet, { properties: { tabColor: { argb: argb(layout.tabColor) } } });
  for (const c of layout.cells) putCell(ws, layout, c);
  for (const t of layout.tables) {
    if (t.name) {
      // ExcelJS writes a table's cells itself; their looks and formats are set after.
      ws.addTable({
        name: t.name,
        ref: ws.getCell(t.headerRow, t.firstColumn).address,
        headerRow: true,
        style: { theme: TABLE_STYLE as ExcelJS.TableStyleProperties["theme"], showRowStripes: true },
        columns: t.cells[0].map((c) => ({ name: String(c.value ?? ""), filterButton: false })),
        rows: t.cells.slice(1).map((row) => row.map((c) => c.value as ExcelJS.CellValue)),
      });
      for (const row of t.cells) for (const c of row) putCell(ws, layout, c, false);
    } else for (const row of t.cells) for (const c of row) putCell(ws, layout, c);
    out.tables.push(t);
  }
  for (const m of layout.merges) ws.mergeCells(m.firstRow, m.firstCol, m.lastRow, m.lastCol);
  for (const h of layout.heights) ws.getRow(h.row).height = h.points;
  // Priorities in the layout's order across the sheet (1 = evaluated first), as Office.js gives them;
  // rules on one range go in one <conditionalFormatting>, as Excel writes them.
  const byRange = new Map<string, ExcelJS.ConditionalFormattingRule[]>();
  layout.rules.forEach((rule, i) => {
    const ref = rangeAddress(rule.range);
    const priority = i + 1;
    const list = byRange.get(ref) ?? [];
    byRange.set(ref, list);
    if (rule.kind === "fill-when")
      // An expression rule: every reader evaluates it (ExcelJS writes containsText rules without their text attribute).
      list.push({
        type: "expression",
        priority,
        formulae: [rule.formula],
        style: { fill: { type: "pattern", pattern: "solid", fgColor: { argb: argb(rule.fill) }, bgColor: { argb: argb(rule.fill) } } },
      });
    else
      list.push({
        type: "dataBar",
        priority,
        cfvo: [{ type: "num", value: 0 }, { type: "max" }],
        color: { argb: argb(rule.color) },
      } as ExcelJS.ConditionalFormattingRule);
  });
  for (const [ref, rules] of byRange) ws.addConditionalFormatting({ ref, rules });
  const look = CELL_LOOKS.link;
  for (const link of layout.links) {
    const cell = ws.getCell(link.row, link.col);
    cell.value = { text: link.text, hyperlink: `#${sheetRef(link.sheet).replace(/\$/g, "")}` };
    cell.font = font(layout.font, look);
  }
  // The mark that makes this sheet ours for every later read (engine/core/marks.ts).
  wb.definedNames.add(layout.markRef, layout.mark);
  out.charts.push(...layout.charts);

  layout.widths.forEach((w, i) => {
    if (w) ws.getColumn(i).width = w;
  });
  ws.views = [{ state: "frozen", ySplit: layout.freezeRows, showGridLines: false }];
  const page = layout.page;
  ws.pageSetup = {
    orientation: page.orientation,
    paperSize: 9, // A4
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: page.printTitleRow ? `${page.printTitleRow}:${page.printTitleRow}` : undefined,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter.oddHeader = `&L${page.header.left}`;
  ws.headerFooter.oddFooter = `&L${page.footer.left}&C${page.footer.center}&R${page.footer.right}`;
}

export function renderReviewWorkbook(model: ReviewModel, created = new Date(), earlier: EarlierReview[] = [], reserved: string[] = []): RenderedWorkbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "KA Review";
  wb.created = created;
  wb.modified = created;
  wb.title = model.title;
  const out: RenderedWorkbook = { workbook: wb, tables: [], charts: [] };
  for (const layout of layoutReview(model, earlier, reserved)) writeSheet(wb, layout, out);
  return out;
}
