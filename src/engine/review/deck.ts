/**
 * The QBR deck's plan: the review model told as slides (16:9), decided here once so the PowerPoint
 * renderer only translates. It is built from the same sheet layouts the workbook renderers draw —
 * the charts are the layout's chart placements (series, values, formats), the tables the layout's
 * table placements — so a figure on a slide is the figure in the workbook.
 *
 * Long tables are split across slides (DECK_ROWS_PER_SLIDE rows each, the header repeated) rather
 * than shrunk; wide ones show their first DECK_COLUMNS_PER_SLIDE columns (the rest stay in the
 * workbook). A table a chart plots is that chart's slide. An empty table or section is a slide that
 * says so, never an empty chart.
 */
import { Lang, fill, strings } from "../../i18n";
import { formatValue } from "../core/format";
import { cellFormat, ReviewModel, ReviewSection, ReviewTable } from "./model";
import { ChartPlacement, STATUS_FILLS, SheetLayout, displayWidth, layoutReview } from "./layout";
import { isDone } from "../analytics/scorecard";

export const DECK_ROWS_PER_SLIDE = 14;
export const DECK_COLUMNS_PER_SLIDE = 8;

export interface DeckTable {
  columns: string[];
  /** Numbers right-aligned, text left. */
  numeric: boolean[];
  rows: string[][];
  /** Per row: the fill of its status (RRGGBB, the workbook's status colours), or null. */
  fills: (string | null)[];
}

export type SlidePlan =
  | { kind: "title"; title: string; subtitle: string }
  | { kind: "kpis"; title: string; tiles: Array<{ label: string; value: string; delta: string | null }> }
  | { kind: "bullets"; title: string; bullets: string[] }
  | { kind: "table"; title: string; table: DeckTable; sectionId: string; tableId: string; part: number; parts: number }
  | { kind: "chart"; title: string; chart: ChartPlacement; sheet: SheetLayout; sectionId: string }
  | { kind: "empty"; title: string; message: string };

export interface DeckPlan {
  lang: Lang;
  title: string;
  /** Footer on every slide: retailer · period, and for the internal deck the internal banner. */
  footer: string;
  internal: boolean;
  slides: SlidePlan[];
}

/**
 * What the deck leaves to the workbook: the data notes and, of the internal sections, all but the
 * waterfall (its chart), the deductions check and the negotiation (the team's pre-read, issue #18);
 * the account P&L and the contract's term list stay in the workbook.
 */
const SKIPPED_SECTIONS = new Set(["dataNotes", "pnl"]);
const SKIPPED_TABLES = new Set(["tradeTerms/terms", "tradeTerms/waterfall"]);

function deckTable(table: ReviewTable, currency: string, none: string): DeckTable {
  const chosen = table.deckColumns ? table.columns.filter((c) => table.deckColumns!.includes(c.key)) : table.columns;
  const cols = chosen.slice(0, DECK_COLUMNS_PER_SLIDE);
  return {
    columns: cols.map((c) => c.header),
    numeric: cols.map((c) => c.format !== "text"),
    rows: table.rows.map((r) =>
      cols.map((c) => {
        const v = r[c.key];
        if (v === null || v === undefined || v === "") return typeof v === "string" ? "" : c.format === "text" ? "" : none;
        if (typeof v === "string") return v;
        const f = cellFormat(r, c);
        return formatValue(v, f, f === "money" ? currency : "");
      }),
    ),
    fills: table.rows.map((r) =>
      typeof r.__status === "string" ? (STATUS_FILLS[r.__status] ?? null) : table.id === "actions" && r.overdue ? STATUS_FILLS.red : null,
    ),
  };
}

/** Characters of text a wide table column holds on one line at 12 pt before it wraps (CJK counts double). */
const WRAP_AT = 90;

/**
 * The rows of each slide: at most DECK_ROWS_PER_SLIDE lines of text, a row of long text (a growth
 * opportunity's description) counting as the lines it wraps to, so no table runs past the footer.
 */
function pages(rows: string[][]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  let lines = 0;
  rows.forEach((r, i) => {
    const h = Math.max(1, ...r.map((v) => Math.ceil(displayWidth(v) / WRAP_AT)));
    if (i > start && lines + h > DECK_ROWS_PER_SLIDE) {
      out.push([start, i]);
      start = i;
      lines = 0;
    }
    lines += h;
  });
  out.push([start, rows.length]);
  return out;
}

function tableSlides(section: ReviewSection, table: ReviewTable, model: ReviewModel, title: string): SlidePlan[] {
  const s = strings(model.lang).review;
  if (table.rows.length === 0) return [{ kind: "empty", title, message: s.none }];
  const t = deckTable(table, model.currency, "–");
  const split = pages(t.rows);
  const parts = split.length;
  return split.map(([from, to], k) => ({
    kind: "table" as const,
    title: parts > 1 ? `${title} (${k + 1}/${parts})` : title,
    table: { ...t, rows: t.rows.slice(from, to), fills: t.fills.slice(from, to) },
    sectionId: section.id,
    tableId: table.id,
    part: k + 1,
    parts,
  }));
}

export function layoutDeck(model: ReviewModel): DeckPlan {
  const s = strings(model.lang);
  const layouts = layoutReview(model);
  const internal = model.sections.some((x) => x.audience === "internal");
  const slides: SlidePlan[] = [];
  for (const sheet of layouts) {
    const section = sheet.section;
    if (SKIPPED_SECTIONS.has(section.id)) continue;
    const heading = section.heading ?? section.title;
    if (section.id === "cover") {
      slides.push({ kind: "title", title: model.title, subtitle: section.notes[0] ?? "" });
      if (section.kpis.length)
        slides.push({
          kind: "kpis",
          title: s.review.keyFigures,
          tiles: section.kpis.map((k) => ({
            label: k.label,
            value: formatValue(k.value, k.format, k.format === "money" ? model.currency : ""),
            delta: k.delta === undefined ? null : formatValue(k.delta ?? null, k.deltaFormat ?? "number"),
          })),
        });
      for (const table of section.tables) {
        if (table.id === "keyMessages")
          slides.push({ kind: "bullets", title: table.title ?? s.review.keyMessages, bullets: table.rows.map((r) => String(r.message ?? "")) });
        else slides.push(...tableSlides(section, table, model, table.title ?? heading));
      }
      continue;
    }
    // A section's charts first (the picture), then its tables (the figures behind them).
    for (const chart of sheet.charts) {
      const t = sheet.tables.find((x) => x.tableId === chart.spec.tableId);
      // The slide's title: the section's heading (retailer, period), or the chart's own title beside the section's.
      const title = chart.spec.title === section.title ? heading : `${section.title} · ${chart.spec.title}`;
      if (!t || t.table.rows.length === 0) slides.push({ kind: "empty", title, message: s.review.none });
      else slides.push({ kind: "chart", title, chart, sheet, sectionId: section.id });
    }
    const charted = new Set(sheet.charts.map((c) => c.spec.tableId));
    for (const table of section.tables) {
      // A chart's table is the chart's slide: its figures travel in the chart's embedded workbook (and
      // the workbook review), so the story stays at 10–14 slides for a typical account.
      if (charted.has(table.id) || SKIPPED_TABLES.has(`${section.id}/${table.id}`)) continue;
      slides.push(...tableSlides(section, table, model, table.title ? `${section.title} · ${table.title}` : heading));
    }
    if (section.tables.length === 0 && sheet.charts.length === 0) slides.push({ kind: "empty", title: heading, message: s.review.none });
    if (section.id === "actionPlan") {
      // Next steps: the open actions, soonest first, as the closing slide's bullets.
      const actions = section.tables.find((t) => t.id === "actions");
      const open = (actions?.rows ?? []).filter((r) => !isDone(typeof r.status === "string" ? r.status : null)).slice(0, 6);
      slides.push({
        kind: "bullets",
        title: s.review.nextSteps,
        bullets: open.length
          ? open.map((r) => [r.action, r.owner, r.due].filter((x) => x !== null && x !== undefined && x !== "").join(" · "))
          : [fill(s.review.noOpenActions, { retailer: model.retailer })],
      });
    }
  }
  return {
    lang: model.lang,
    title: model.title,
    footer: `${model.retailer} · ${model.period}${internal ? ` · ${s.review.notes.internal}` : ""}`,
    internal,
    slides,
  };
}
