/**
 * The renderer-neutral review: sections of KPI tiles, typed tables, chart specs and notes, each
 * marked for the retailer or internal only. The .xlsx renderer, the Office.js renderer and the
 * task pane preview all draw this one model, so they cannot disagree on a figure.
 */
import type { Lang } from "../../i18n";
import type { Audience, CellValue, ValueFormat } from "../core/format";

export type { Audience, CellValue, ValueFormat };

export interface ReviewColumn {
  key: string;
  header: string;
  format: ValueFormat;
}

export interface ReviewTable {
  id: string;
  title?: string;
  columns: ReviewColumn[];
  rows: Array<Record<string, CellValue>>;
  /** Beside the table before it (default), or in a band below the tables above (a wide table's chart data). */
  placement?: "beside" | "below";
  /** The columns a slide shows of a wide table (the deck's readable subset), by key; default its first ones. */
  deckColumns?: string[];
}

export interface KpiTile {
  id: string;
  label: string;
  value: number | null;
  format: ValueFormat;
  /** Change vs the comparison period, shown under the value. */
  delta?: number | null;
  deltaFormat?: ValueFormat;
}

export interface ChartSpec {
  id: string;
  type: "line" | "column" | "bar" | "pareto" | "waterfall";
  title: string;
  /** The table whose columns the chart plots. */
  tableId: string;
  categoryKey: string;
  seriesKeys: string[];
}

export interface ReviewSection {
  id: string;
  /** Sheet name in the output language. */
  title: string;
  audience: Audience;
  heading?: string;
  kpis: KpiTile[];
  tables: ReviewTable[];
  charts: ChartSpec[];
  notes: string[];
}

export interface ReviewModel {
  lang: Lang;
  title: string;
  retailer: string;
  period: string;
  comparePeriod: string | null;
  currency: string;
  ourCompany: string | null;
  sections: ReviewSection[];
}

/** The retailer copy holds the retailer sections only. */
export function forAudience(model: ReviewModel, audience: Audience): ReviewModel {
  return audience === "internal" ? model : { ...model, sections: model.sections.filter((s) => s.audience === "retailer") };
}

/**
 * The format of one cell of a table: a row may carry its own format for a column (a scorecard mixes
 * money, shares and indices in one column, as `__format_<key>`). Every renderer and the pane's
 * preview ask here, so none can show a figure in another format.
 */
export function cellFormat(row: Record<string, CellValue> | undefined, column: ReviewColumn): ValueFormat {
  return (row?.[`__format_${column.key}`] as ValueFormat | undefined) ?? column.format;
}
