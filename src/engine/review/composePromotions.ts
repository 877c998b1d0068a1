/**
 * The "Promo evaluation / 促销评估" section (after Price position, on sell-out by week or day): one row
 * per event, the retailer's figures first (uplift, incremental units and value, dip, depth) and, in the
 * internal review only, what the promotion cost us and returned; a chart of weekly units against the
 * baseline for the largest events; and the cover's message on the best and the weakest event.
 */
import { Lang, Strings, fill } from "../../i18n";
import { Audience, ValueFormat, formatValue } from "../core/format";
import type { PromotionEvent } from "../analytics/promotions";
import type { ChartSpec, ReviewColumn, ReviewSection, ReviewTable } from "./model";
import type { Review } from "./review";

type Col = (key: string, format: ValueFormat, header?: string) => ReviewColumn;

/** Events charted: the largest by units sold in the event (a chart per event, side by side). */
const CHARTED_EVENTS = 2;

export function promotionsSection(review: Review, s: Strings, audience: Audience, col: Col): ReviewSection | null {
  const events = review.promotionEvents;
  if (!events) return null;
  const p = s.review.promo;
  const ctx = review.context;
  const internal = audience === "internal";
  const label = (e: PromotionEvent) => e.promotion ?? p.fromFlag;
  const columns = [
    col("promotion", "text"),
    col("sku", "text"),
    col("name", "text"),
    col("start", "text"),
    col("end", "text"),
    col("weeks", "int"),
    col("mechanic", "text"),
    col("promoDepth", "share"),
    col("baselineUnits", "number"),
    col("eventUnits", "number"),
    col("incrementalUnits", "number"),
    col("incrementalValue", "money"),
    col("upliftPct", "pct"),
    col("dipUnits", "number"),
    ...(internal
      ? [
          col("cannibalisedValue", "money"),
          col("netIncrementalValue", "money"),
          col("cost", "money"),
          col("incrementalGrossProfit", "money"),
          col("roi", "ratio"),
          col("netRoiPct", "pct"),
          col("costPerIncrementalUnit", "money"),
        ]
      : []),
    col("eventStatus", "text"),
  ];
  const table: ReviewTable = {
    id: "promotions",
    columns,
    // On a slide: the event, its uplift and increments, the dip and, internally, its return.
    deckColumns: internal
      ? ["promotion", "name", "upliftPct", "incrementalUnits", "incrementalValue", "dipUnits", "roi", "eventStatus"]
      : ["promotion", "name", "weeks", "upliftPct", "incrementalUnits", "incrementalValue", "dipUnits", "eventStatus"],
    rows: events.map((e) => ({
      promotion: label(e),
      sku: e.sku,
      name: e.name,
      start: e.start,
      end: e.end,
      weeks: e.weeks,
      mechanic: e.mechanic,
      promoDepth: e.promoDepth,
      baselineUnits: e.baselineUnits,
      eventUnits: e.units,
      incrementalUnits: e.incrementalUnits,
      incrementalValue: e.incrementalValue,
      upliftPct: e.upliftPct,
      dipUnits: e.dipUnits,
      ...(internal
        ? {
            cannibalisedValue: e.cannibalisedValue,
            netIncrementalValue: e.netIncrementalValue,
            cost: e.cost,
            incrementalGrossProfit: e.incrementalGrossProfit,
            roi: e.roi,
            netRoiPct: e.netRoiPct,
            costPerIncrementalUnit: e.costPerIncrementalUnit,
          }
        : {}),
      eventStatus: e.status === "evaluated" ? p.evaluated : fill(p.noBaseline, { found: e.baselineWeeks, min: ctx.settings.promo.minBaselineWeeks }),
    })),
  };

  // The largest events by units, each charted over the weeks around it against its baseline.
  const charted = events
    .map((e, i) => ({ e, i }))
    .filter((x) => x.e.baselineUnitsPerWeek !== null)
    .sort((a, b) => b.e.units - a.e.units || a.i - b.i)
    .slice(0, CHARTED_EVENTS);
  const weekTables: ReviewTable[] = [];
  const charts: ChartSpec[] = [];
  charted.forEach(({ e, i }, k) => {
    const id = `promoWeeks${k + 1}`;
    weekTables.push({
      id,
      placement: "below",
      title: fill(p.chart, { name: `${e.name ?? e.sku} · ${label(e)}` }),
      columns: [col("week", "text"), col("units", "number", p.units), col("baseline", "number", p.baseline), col("eventWeeks", "number", p.eventWeeks)],
      rows: review.promotionWindows[i].map((w) => ({
        week: w.week,
        units: w.units,
        baseline: e.baselineUnitsPerWeek,
        // The event's weeks drawn as their own series, so they stand out on the line of units.
        eventWeeks: w.inEvent ? w.units : null,
      })),
    });
    charts.push({
      id: `${id}Chart`,
      type: "line",
      title: fill(p.chart, { name: e.name ?? e.sku }),
      tableId: id,
      categoryKey: "week",
      seriesKeys: ["units", "baseline", "eventWeeks"],
    });
  });

  const o = ctx.settings.promo;
  const notes = [
    ...(events.length ? [] : [fill(p.notes.none, { retailer: ctx.retailer.name, period: ctx.P.key })]),
    fill(p.notes.baseline, { baseline: o.baselineWeeks, lookback: o.lookbackWeeks, post: o.postWeeks, min: o.minBaselineWeeks }),
    fill(p.notes.dip, { post: o.postWeeks }),
    ...(internal ? [p.notes.roi] : []),
  ];
  return {
    id: "promotions",
    title: p.section,
    audience: "retailer",
    heading: `${p.section} · ${ctx.retailer.name} · ${ctx.P.key}`,
    kpis: [],
    tables: [table, ...weekTables],
    charts,
    notes,
  };
}

/**
 * The cover's message on promotions: the best and the weakest evaluated event — by ROI in the internal
 * review when both have one, else by uplift (the retailer's copy never ranks by our ROI).
 */
export function promotionMessages(review: Review, s: Strings, lang: Lang, audience: Audience): string[] {
  const p = s.review.promo;
  const evaluated = (review.promotionEvents ?? []).filter((e) => e.upliftPct !== null);
  if (evaluated.length < 2) return [];
  const byRoi = audience === "internal" && evaluated.every((e) => e.roi !== null);
  const score = (e: PromotionEvent) => (byRoi ? e.roi! : e.upliftPct!);
  const sorted = [...evaluated].sort((a, b) => score(b) - score(a) || a.start.localeCompare(b.start));
  const words = (e: PromotionEvent) => ({
    name: e.name ?? e.sku,
    promotion: e.promotion ?? p.fromFlag,
    uplift: formatValue(e.upliftPct, "pct"),
    roi: audience === "internal" && e.roi !== null ? fill(p.roiPart, { roi: formatValue(e.roi, "ratio") }) : "",
  });
  void lang;
  return [fill(p.best, words(sorted[0])), fill(p.worst, words(sorted[sorted.length - 1]))];
}
