/** Plain-text tables for the terminal (CJK characters take two columns). */
import {
  Audience,
  IngestResult,
  Review,
  ShareFigures,
  formatValue,
  issueMessage,
  opportunityText,
  periodWords,
  reviewablePeriods,
  scorecardFor,
} from "../engine";
import { Lang, fill, strings } from "../i18n";

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, w: number, right = false): string {
  const fill = " ".repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

export function textTable(header: string[], rows: string[][], rightAligned: boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c ?? "", widths[i], rightAligned[i]))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const money = (x: number | null) => (x === null ? "" : x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const share = (x: number | null) => (x === null ? "" : `${(x * 100).toFixed(1)}%`);
const signed = (x: number | null, unit: string) => (x === null ? "" : `${x >= 0 ? "+" : ""}${x.toFixed(1)}${unit}`);
const index = (x: number | null) => (x === null ? "" : x.toFixed(0));

export function formatCheck(input: IngestResult, lang: Lang): string {
  const s = strings(lang);
  const out: string[] = [];
  const periods = reviewablePeriods(input);
  out.push(
    textTable(
      [s.cli.checkSheet, s.cli.checkKind, s.cli.checkConfidence, s.cli.checkHeaderRow],
      input.detections.map((d) => [
        d.hidden ? `${d.sheet} ${s.pane.hiddenSheet}` : d.sheet,
        d.generated ? fill(s.pane.generatedSheet, { period: d.generated.period }) : d.kind ? s.kinds[d.kind] : s.cli.ignoredKind,
        d.kind ? d.confidence.toFixed(2) : "",
        d.headerRow ? String(d.headerRow) : "",
      ]),
      [false, false, true, true],
    ),
  );
  for (const d of input.detections) {
    if (!d.kind || d.kind === "settings") continue;
    out.push("");
    out.push(`${d.sheet} (${s.kinds[d.kind]}) — ${s.cli.checkColumns}`);
    for (const c of d.columns) {
      if (!c.header && !c.field) continue;
      out.push(`  ${c.column}: ${c.header || "∅"} → ${c.field ?? s.cli.unmapped}${c.field && c.confidence < 1 ? ` (${c.confidence.toFixed(2)})` : ""}`);
    }
    if (d.missing.length) out.push(`  ! ${d.missing.join(", ")}`);
  }
  out.push("");
  out.push(s.cli.checkReconciliation);
  out.push(
    textTable(
      [
        s.review.columns.sheet,
        s.review.columns.kind,
        s.review.columns.rowsRead,
        s.review.columns.rowsUsed,
        s.review.columns.rowsRejected,
        s.review.columns.valueRead,
        s.review.columns.valueUsed,
        s.review.columns.valueRejected,
      ],
      input.reconciliation.map((r) => [
        r.sheet,
        s.kinds[r.kind],
        String(r.rowsRead),
        String(r.rowsUsed),
        String(r.rowsRejected),
        money(r.valueRead),
        money(r.valueUsed),
        money(r.valueRejected),
      ]),
      [false, false, true, true, true, true, true, true],
    ),
  );
  if (periods.length) {
    out.push("");
    out.push(s.cli.checkPeriods);
    for (const p of periods) out.push(`  ${p.key}${periodWords(p, lang) !== p.key ? `  ${periodWords(p, lang)}` : ""}`);
  }
  out.push("");
  out.push(`${s.cli.checkIssues} (${input.issues.length})`);
  if (input.issues.length === 0) out.push(s.cli.noIssues);
  for (const i of input.issues) {
    const where = [i.sheet, i.column && i.row ? `${i.column}${i.row}` : i.row ? `#${i.row}` : null].filter(Boolean).join("!");
    out.push(`  [${s.review.severity[i.severity]}] ${where ? where + " " : ""}${i.code}: ${issueMessage(i, lang)}`);
  }
  return out.join("\n");
}

export function formatShareSummary(review: Review, lang: Lang): string {
  const s = strings(lang);
  const c = s.review.columns;
  const ctx = review.context;
  const ms = review.marketShare;
  const row = (label: string, f: ShareFigures) => [
    label,
    money(f.ourValue),
    money(f.categoryValue),
    share(f.valueShare),
    share(f.valueSharePrior),
    signed(f.shareChangePp, " pp"),
    signed(f.growthPct, "%"),
    signed(f.categoryGrowthPct, "%"),
    index(f.fairShareIndex),
    money(f.fairShareGapValue),
  ];
  const rows = [
    row(s.review.levels.total, ms.total),
    ...ms.byCategory.map((x) => row(x.category, x)),
    ...ms.bySegment.map((x) => row(`  ${x.category} / ${x.segment}`, x)),
  ];
  return [
    `${ctx.retailer.name} · ${ctx.P.key} vs ${ctx.Pc?.key ?? "—"} · ${s.review.sections.marketShare} (${ctx.settings.currency})`,
    textTable(
      [
        c.category,
        c.ourValue,
        c.categoryValue,
        c.valueShare,
        c.valueSharePrior,
        c.shareChangePp,
        c.growthPct,
        c.categoryGrowthPct,
        c.fairShareIndex,
        c.fairShareGapValue,
      ],
      rows,
      [false, true, true, true, true, true, true, true, true, true],
    ),
    "",
  ].join("\n");
}

/** After the share table: headline KPIs, the scorecard, the top opportunities and (internal) the waterfall. */
export function formatReviewSummary(review: Review, lang: Lang, audience: Audience): string {
  const s = strings(lang);
  const cur = review.context.settings.currency;
  const h = review.headline;
  const out: string[] = [formatShareSummary(review, lang)];
  out.push(
    [
      `${s.review.kpi.salesValue}: ${formatValue(h.salesValue, "money", cur)} (${formatValue(h.growth, "pct")})`,
      `${s.review.kpi.valueShare}: ${formatValue(h.valueShare, "share")} (${formatValue(h.shareChange, "pp")} pp)`,
      `${s.review.kpi.ndA}: ${formatValue(h.ndA, "share")}`,
      `${s.review.kpi.priceIndex}: ${formatValue(h.priceIndex, "index")}`,
      `${s.review.kpi.promoShare}: ${formatValue(h.promoShare, "share")}`,
    ].join(" · "),
  );
  const st = s.review.status as Record<string, string>;
  const card = scorecardFor(review, audience);
  if (card.length) {
    out.push("");
    out.push(
      textTable(
        [s.review.columns.kpi, s.review.columns.kpiName, s.review.columns.scope, s.review.columns.target, s.review.columns.actual, s.review.columns.status],
        card.map((l) => [
          l.kpi,
          s.review.kpiNames[l.kpiId],
          [l.category, l.segment].filter(Boolean).join(" / "),
          formatValue(l.target, l.format, l.format === "money" ? cur : ""),
          formatValue(l.actual, l.format, l.format === "money" ? cur : ""),
          l.status ? st[l.status] : "",
        ]),
        [false, false, false, true, true, false],
      ),
    );
  }
  const events = review.promotionEvents;
  if (events && events.length) {
    // The events table of the Promo evaluation section; ROI and cost in the internal review only.
    const c = s.review.columns;
    const internal = audience === "internal";
    out.push("");
    out.push(`${s.review.promo.section}:`);
    out.push(
      textTable(
        [
          c.promotion,
          c.sku,
          c.start,
          c.weeks,
          c.upliftPct,
          c.incrementalUnits,
          c.incrementalValue,
          c.dipUnits,
          ...(internal ? [c.cost, c.roi, c.netRoiPct] : []),
          c.eventStatus,
        ],
        events.map((e) => [
          e.promotion ?? s.review.promo.fromFlag,
          e.sku,
          e.start,
          String(e.weeks),
          formatValue(e.upliftPct, "pct"),
          formatValue(e.incrementalUnits, "int"),
          formatValue(e.incrementalValue, "money", cur),
          formatValue(e.dipUnits, "int"),
          ...(internal ? [formatValue(e.cost, "money", cur), formatValue(e.roi, "ratio"), formatValue(e.netRoiPct, "pct")] : []),
          e.status === "evaluated"
            ? s.review.promo.evaluated
            : fill(s.review.promo.noBaseline, { found: e.baselineWeeks, min: review.context.settings.promo.minBaselineWeeks }),
        ]),
        [false, false, false, true, true, true, true, true, ...(internal ? [true, true, true] : []), false],
      ),
    );
  }
  const top = review.opportunities.slice(0, 3);
  if (top.length) {
    out.push("");
    out.push(`${s.review.sections.opportunities}:`);
    for (const o of top) out.push(`  ${formatValue(o.value, "money", cur)}  ${opportunityText(o, lang, cur).description}`);
  }
  const t = review.tradeTerms;
  if (audience === "internal" && t) {
    out.push("");
    out.push(
      `${s.trade.titles.waterfall}: ${[
        [s.trade.stages.gross, t.grossSales],
        [s.trade.stages.invoice, t.invoiceSales],
        [s.trade.stages.net, t.netSales],
        [s.trade.stages.netNet, t.netNetSales],
      ]
        .map(([label, v]) => `${label} ${formatValue(v as number, "money", cur)}`)
        .join(" → ")} · ${s.trade.columns.tradeSpendPct} ${formatValue(t.tradeSpendPct, "number")}`,
    );
    const flagged = t.terms.filter((x) => x.flagged);
    for (const x of flagged) out.push(`  ${s.trade.status[x.status]}: ${x.term} ${formatValue(x.variance, "money", cur)}`);
    if (t.unmatchedCharges.length)
      out.push(
        `  ${s.trade.titles.unmatched}: ${t.unmatchedCharges.map((u) => `${u.term} ${formatValue(u.amount, "money", cur)} (${u.sheet}!${u.row})`).join(", ")}`,
      );
  }
  out.push("");
  return out.join("\n");
}
