/**
 * Scorecard (metrics.md "Targets and actions"): each Targets row of the retailer and period beside
 * the actual figure, green / amber / red with the KPI's direction; and the action plan, open actions
 * carried over with their status, overdue ones marked.
 */
import { Assortment } from "./assortment";
import { coerceNumber, foldWidth, normalizeKey } from "../core/coerce";
import { AnalysisContext } from "./context";
import { formatDay } from "../core/dates";
import { Issue, IssueLog } from "../core/issues";
import { MarketShare, ShareFigures } from "./marketShare";
import { parsePeriodKey, parsePeriodLabel, resolvePeriod } from "../core/periods";
import { PriceResult } from "./price";
import { ValueFormat } from "../core/format";
import { tableRows } from "../core/table";
import { retailerTag } from "../core/marks";
import type { ActionPlanInput } from "../ingest/types";

export type KpiId = "salesValue" | "growth" | "valueShare" | "shareChange" | "ndA" | "wdA" | "priceIndex" | "promoShare" | "fairShareIndex" | "tradeSpendPct";
export type Direction = "at-least" | "at-most";
export type Status = "green" | "amber" | "red";

export const KPI_FORMAT: Record<KpiId, ValueFormat> = {
  salesValue: "money",
  growth: "pct",
  valueShare: "share",
  shareChange: "pp",
  ndA: "share",
  wdA: "share",
  priceIndex: "index",
  promoShare: "share",
  fairShareIndex: "index",
  tradeSpendPct: "pct",
};

/** KPI names as people write them in a Targets sheet. */
const KPI_NAMES: Record<KpiId, string[]> = {
  salesValue: ["sales value", "sales", "value", "net sales", "sell-out", "sell-out value", "销售额", "销售金额", "零售额", "销售"],
  growth: ["growth", "growth %", "sales growth", "value growth", "增长", "增长率", "销售增长", "销售增长率", "同比增长"],
  valueShare: ["value share", "share", "market share", "份额", "市场份额", "金额份额", "销售额份额"],
  shareChange: ["share change", "share change pp", "δ share", "share gain", "份额变化", "份额增长", "份额提升"],
  ndA: [
    "nd of a skus",
    "nd a skus",
    "nd a sku",
    "numeric distribution a skus",
    "a sku nd",
    "numeric distribution",
    "nd",
    "a类单品铺货率",
    "a类铺货率",
    "a类单品数值铺货率",
    "数值分销",
    "铺货率",
    "数值铺货率",
  ],
  wdA: [
    "wd of a skus",
    "wd a skus",
    "weighted distribution a skus",
    "a sku wd",
    "weighted distribution",
    "wd",
    "a类单品加权铺货率",
    "a类加权铺货率",
    "加权分销",
    "加权铺货率",
  ],
  priceIndex: ["price index", "average price index", "价格指数", "平均价格指数"],
  promoShare: ["promo share", "promotion share", "促销占比", "促销销售占比"],
  fairShareIndex: ["fair share index", "fair-share index", "公平份额指数"],
  tradeSpendPct: ["trade spend %", "trade spend", "trade spend pct", "贸易费用率", "费用率", "贸易投入率"],
};
const KPI_INDEX = new Map<string, KpiId>();
for (const [id, names] of Object.entries(KPI_NAMES) as [KpiId, string[]][]) for (const n of names) KPI_INDEX.set(normalizeKey(n), id);

export function kpiId(name: string): KpiId | null {
  return KPI_INDEX.get(normalizeKey(name)) ?? null;
}

const AT_MOST_WORDS = ["at most", "max", "maximum", "lower", "lower is better", "<=", "≤", "<", "不高于", "至多", "最多", "不超过", "越低越好", "最高"];
const AT_LEAST_WORDS = ["at least", "min", "minimum", "higher", "higher is better", ">=", "≥", ">", "不低于", "至少", "最少", "不少于", "越高越好", "最低"];

/** The KPI's default direction: a cheaper price and a lower trade spend are better. */
export function defaultDirection(kpi: KpiId): Direction {
  return kpi === "priceIndex" || kpi === "tradeSpendPct" ? "at-most" : "at-least";
}

/** A Direction cell: at-least / at-most, null when blank, "unreadable" when it says something else. */
function parseDirection(text: string | null): Direction | null | "unreadable" {
  if (!text) return null;
  const t = text.trim().toLowerCase();
  if (AT_MOST_WORDS.includes(t)) return "at-most";
  if (AT_LEAST_WORDS.includes(t)) return "at-least";
  return "unreadable";
}

/** KPIs scored per category or segment (metrics.md): the share figures, which exist per category. */
export const PER_CATEGORY_KPIS: ReadonlySet<KpiId> = new Set(["salesValue", "growth", "valueShare", "shareChange", "fairShareIndex"]);

export interface TargetReading {
  /** In the KPI's unit: a fraction for shares and distribution, a percentage for growth and trade spend %. */
  value: number;
  /** From a leading sign or word (≤, >=, 不高于, 至少): it overrides the Direction column. */
  direction: Direction | null;
  /** A bare number below 1 for a percentage KPI, read as a fraction (0.05 -> 5%): said in an info issue. */
  fractionAsPercent: boolean;
}

const LEADING_AT_MOST = /^(?:≤|<=|<|不高于|不超过|不大于|至多|最多)\s*/;
const LEADING_AT_LEAST = /^(?:≥|>=|>|不低于|不少于|不小于|至少|最少)\s*/;

/**
 * A target cell as people type it (metrics.md "Targets and actions"): a number, or text such as 35%,
 * ≤105, <= 25%, ≥ 90%, 不高于25%, 至少90%, +0.5pp, ¥580,000, 58万. Units follow the KPI: for a fraction
 * KPI 35%, 35 and 0.35 all mean 0.35 (a bare number above 1 is a percentage); for a % KPI (growth,
 * trade spend %) 25% and 25 both mean 25 — and a bare 0.25, what a cell formatted as a percentage holds
 * when 25% is typed into it, is 25 too (said); pp and index targets are plain numbers. Null: unreadable.
 */
export function parseTarget(raw: string, kpi: KpiId): TargetReading | null {
  let t = foldWidth(raw).trim();
  let direction: Direction | null = null;
  let m: RegExpExecArray | null;
  if ((m = LEADING_AT_MOST.exec(t))) direction = "at-most";
  else if ((m = LEADING_AT_LEAST.exec(t))) direction = "at-least";
  if (m) t = t.slice(m[0].length);
  let percent = false;
  let pp = false;
  if (/%$/.test(t)) {
    percent = true;
    t = t.slice(0, -1).trim();
  } else if ((m = /(?:pp|pts?|个百分点|百分点)$/i.exec(t))) {
    pp = true;
    t = t.slice(0, -m[0].length).trim();
  }
  const n = coerceNumber(t);
  if (!n.ok) return null;
  let value = n.value;
  let fractionAsPercent = false;
  switch (KPI_FORMAT[kpi]) {
    case "share":
      if (pp) return null;
      if (percent || Math.abs(value) > 1) value /= 100;
      break;
    case "pct":
      if (pp) return null;
      if (!percent && value !== 0 && Math.abs(value) < 1) {
        value *= 100;
        fractionAsPercent = true;
      }
      break;
    case "money":
      if (percent || pp) return null;
      break;
    default:
      // pp and index targets are plain numbers: "+0.5pp" is 0.5, "105%" of an index is 105.
      break;
  }
  return { value, direction, fractionAsPercent };
}

export const DEFAULT_AMBER_TOLERANCE = 0.05;

export function scoreStatus(actual: number | null, target: number, direction: Direction, tolerance = DEFAULT_AMBER_TOLERANCE): Status | null {
  if (actual === null) return null;
  const band = Math.abs(target) * tolerance;
  if (direction === "at-least") return actual >= target ? "green" : actual >= target - band ? "amber" : "red";
  return actual <= target ? "green" : actual <= target + band ? "amber" : "red";
}

export interface Headline {
  salesValue: number;
  growth: number | null;
  valueShare: number | null;
  shareChange: number | null;
  ndA: number | null;
  wdA: number | null;
  priceIndex: number | null;
  promoShare: number | null;
  fairShareIndex: number | null;
  tradeSpendPct: number | null;
}

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function headlineKpis(ms: MarketShare, assortment: Assortment, prices: PriceResult, tradeSpendPct: number | null = null): Headline {
  const a = assortment.skus.filter((s) => s.abcClass === "A");
  // Average price index: weighted by each SKU's value at the retailer in P.
  const valueBySku = new Map(assortment.skus.map((s) => [s.sku, s.value]));
  let w = 0;
  let wi = 0;
  for (const p of prices.pricePosition) {
    const v = valueBySku.get(p.sku);
    if (p.priceIndex === null || !v || v <= 0) continue;
    w += v;
    wi += v * p.priceIndex;
  }
  return {
    salesValue: ms.total.ourValue,
    growth: ms.total.growthPct,
    valueShare: ms.total.valueShare,
    shareChange: ms.total.shareChangePp,
    ndA: mean(a.map((s) => s.numericDistribution).filter((x): x is number => x !== null)),
    wdA: mean(a.map((s) => s.weightedDistribution).filter((x): x is number => x !== null)),
    priceIndex: w > 0 ? wi / w : null,
    promoShare: prices.promotions.promoShare,
    fairShareIndex: ms.total.fairShareIndex,
    tradeSpendPct,
  };
}

export interface ScorecardLine {
  /** As written in the Targets sheet. */
  kpi: string;
  target: number;
  actual: number | null;
  status: Status | null;
  direction: Direction;
  /** The row's category and segment; null when it is scored on the total. */
  category: string | null;
  segment: string | null;
  /** Extra keys. */
  kpiId: KpiId;
  format: ValueFormat;
}

/** The actual of a KPI on a category's or segment's share figures (the KPIs of PER_CATEGORY_KPIS). */
function figureOf(f: ShareFigures, kpi: KpiId): number | null {
  switch (kpi) {
    case "salesValue":
      return f.ourValue;
    case "growth":
      return f.growthPct;
    case "valueShare":
      return f.valueShare;
    case "shareChange":
      return f.shareChangePp;
    case "fairShareIndex":
      return f.fairShareIndex;
    default:
      return null;
  }
}

export function computeScorecard(
  ctx: AnalysisContext,
  headline: Headline,
  ms: MarketShare,
  tolerance = DEFAULT_AMBER_TOLERANCE,
): { lines: ScorecardLine[]; issues: Issue[] } {
  const log = new IssueLog();
  const t = ctx.input.tables.targets;
  if (!t) return { lines: [], issues: [] };
  const lines: ScorecardLine[] = [];
  const letterOf = (sheet: string, field: string) =>
    ctx.input.detections.find((d) => d.sheet === sheet)?.columns.find((c) => c.field === field)?.column ?? null;
  for (const r of tableRows(t)) {
    if (r.text.retailer && ctx.keyOf(r.text.retailer) !== ctx.retailer.key) continue;
    if (r.text.period) {
      // A key as the review resolves it (MAT is MAT to the data's last complete month), else a label.
      const key = resolvePeriod(r.text.period, ctx.calendar, ctx.coverage);
      const p = key.ok ? key.period : (parsePeriodLabel(r.text.period, ctx.calendar)?.span ?? null);
      if (!p || p.start !== ctx.P.start || p.end !== ctx.P.end) continue;
    }
    const at = (field: string) => {
      const column = letterOf(r.sheet, field);
      return { sheet: r.sheet, row: r.row, column, cell: `${column ?? ""}${r.row}` };
    };
    const id = kpiId(r.text.kpi!);
    if (!id) {
      log.add({
        sheet: r.sheet,
        row: r.row,
        column: at("kpi").column,
        severity: "warning",
        code: "unknown-kpi",
        params: {
          row: r.row,
          kpi: r.text.kpi!,
          list: Object.values(KPI_NAMES)
            .map((n) => `${n[0]} / ${n.find((x) => /[\u4e00-\u9fff]/.test(x))}`)
            .join(", "),
        },
      });
      continue;
    }
    const reading = parseTarget(r.text.target!, id);
    if (!reading) {
      const where = at("target");
      log.add({ ...where, severity: "warning", code: "target-unreadable", params: { row: r.row, cell: where.cell, value: r.text.target! } });
      continue;
    }
    if (reading.fractionAsPercent) {
      const where = at("target");
      log.add({
        ...where,
        severity: "info",
        code: "target-fraction-as-percent",
        params: { row: r.row, cell: where.cell, value: r.text.target!, read: reading.value, kpi: r.text.kpi! },
      });
    }
    const written = parseDirection(r.text.direction);
    if (written === "unreadable") {
      const where = at("direction");
      log.add({
        ...where,
        severity: "warning",
        code: "direction-unreadable",
        params: { row: r.row, cell: where.cell, value: r.text.direction!, direction: defaultDirection(id) },
      });
    }
    // A sign in the target overrides the Direction column, which overrides the KPI's default.
    const direction = reading.direction ?? (written === "unreadable" || written === null ? defaultDirection(id) : written);
    const category = r.text.category;
    const segment = r.text.segment;
    let actual = headline[id];
    if (category || segment) {
      if (!PER_CATEGORY_KPIS.has(id)) {
        const where = at(category ? "category" : "segment");
        log.add({
          ...where,
          severity: "warning",
          code: "kpi-no-category",
          params: { row: r.row, cell: where.cell, kpi: r.text.kpi!, category: (category ?? segment)! },
        });
        continue;
      }
      const same = (a: string, b: string | null) => b === null || normalizeKey(a) === normalizeKey(b);
      const figures = segment
        ? ms.bySegment.find((x) => same(x.segment, segment) && same(x.category, category))
        : ms.byCategory.find((x) => same(x.category, category));
      actual = figures ? figureOf(figures, id) : null;
      if (!figures) {
        const where = at(segment ? "segment" : "category");
        log.add({
          ...where,
          severity: "warning",
          code: "target-category-not-found",
          params: { row: r.row, cell: where.cell, category: [category, segment].filter(Boolean).join(" / "), retailer: ctx.retailer.name, period: ctx.P.key },
        });
      }
    }
    lines.push({
      kpi: r.text.kpi!,
      target: reading.value,
      actual,
      status: scoreStatus(actual, reading.value, direction, tolerance),
      direction,
      category,
      segment,
      kpiId: id,
      format: KPI_FORMAT[id],
    });
  }
  return { lines, issues: log.all() };
}

export interface ActionItem {
  action: string;
  owner: string | null;
  due: string | null;
  status: string | null;
  openedIn: string | null;
  /** Extra key: not done and due by the end of P. */
  overdue: boolean;
  /** Extra key: the action's reference in the Action plan, stable from review to review. */
  ref: string;
}

const DONE = new Set(["done", "closed", "complete", "completed", "finished", "cancelled", "canceled", "完成", "已完成", "关闭", "已关闭", "取消", "已取消"]);

export function isDone(status: string | null): boolean {
  return status !== null && DONE.has(normalizeKey(status));
}

/**
 * An action's reference: from its text when it first appears (FNV-1a of the normalised text), then
 * carried in the Action plan's Ref column, so a manager may reword an action there and it stays the
 * same action.
 */
export function actionRef(action: string): string {
  let h = 0x811c9dc5;
  const k = normalizeKey(action);
  for (let i = 0; i < k.length; i++) {
    h ^= k.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `A-${h.toString(36).toUpperCase().padStart(7, "0")}`;
}

interface ActionRow {
  ref: string;
  action: string;
  owner: string | null;
  dueDay: number | null;
  status: string | null;
  openedIn: string | null;
  order: number;
}

/** The latest Action plan of R written for a period that ends by the end of P (the one that carries every earlier one). */
function latestPlan(ctx: AnalysisContext): ActionPlanInput | null {
  const tag = retailerTag(ctx.retailer.name);
  let best: { plan: ActionPlanInput; end: number } | null = null;
  for (const plan of ctx.input.actionPlans ?? []) {
    if (plan.retailerTag !== tag) continue;
    const p = parsePeriodKey(plan.period, ctx.calendar);
    const end = p ? p.end : -Infinity;
    if (end > ctx.P.end) continue;
    if (!best || end > best.end) best = { plan, end };
  }
  return best?.plan ?? null;
}

/**
 * The retailer's actions: every open one (carried over), and those done with a due date in P.
 * Sources: the user's Actions sheet, merged with the Action plan of the latest review of R in the
 * workbook (where the manager may have set a status, an owner, a due date, or added a row). Rows are
 * one action when their Ref matches (a row of the Actions sheet has the Ref of its text, or the one
 * typed in a Ref column); the plan's values win, since it is the later edit, and differences are counted
 * in an info issue. Plan rows with no match (added in the review) are kept.
 */
export function computeActions(ctx: AnalysisContext): { items: ActionItem[]; issues: Issue[] } {
  const rows = new Map<string, ActionRow>();
  let order = 0;
  const t = ctx.input.tables.actions;
  if (t)
    for (const r of tableRows(t)) {
      if (r.text.retailer && ctx.keyOf(r.text.retailer) !== ctx.retailer.key) continue;
      const ref = r.text.ref ?? actionRef(r.text.action!);
      if (rows.has(ref)) continue; // the same action written twice in the sheet: its first row
      rows.set(ref, { ref, action: r.text.action!, owner: r.text.owner, dueDay: r.num.due, status: r.text.status, openedIn: r.text.openedIn, order: order++ });
    }
  const issues: Issue[] = [];
  const plan = latestPlan(ctx);
  if (plan?.table) {
    let changed = 0;
    let added = 0;
    let count = 0;
    for (const r of tableRows(plan.table)) {
      const ref = r.text.ref ?? actionRef(r.text.action!);
      const mine = rows.get(ref);
      const fromPlan: ActionRow = {
        ref,
        action: r.text.action!,
        owner: r.text.owner,
        dueDay: r.num.due,
        status: r.text.status,
        // The period an action was opened in is the user's (none when their sheet has no such column);
        // only an action added in the review's own plan is dated by that review.
        openedIn: r.text.openedIn ?? (mine ? mine.openedIn : plan.period),
        order: mine?.order ?? order++,
      };
      count++;
      if (!mine) added++;
      else if (mine.action !== fromPlan.action || mine.owner !== fromPlan.owner || mine.dueDay !== fromPlan.dueDay || mine.status !== fromPlan.status)
        changed++;
      rows.set(ref, fromPlan);
    }
    issues.push({
      sheet: plan.sheet,
      row: null,
      column: null,
      severity: "info",
      code: "actions-carried",
      params: { count, period: plan.period, sheet: plan.sheet, changed, added },
    });
  }
  const items: (ActionItem & { dueDay: number | null; order: number })[] = [];
  for (const r of rows.values()) {
    const done = isDone(r.status);
    if (done && (r.dueDay === null || r.dueDay < ctx.P.start || r.dueDay > ctx.P.end)) continue;
    items.push({
      action: r.action,
      owner: r.owner,
      due: r.dueDay === null ? null : formatDay(r.dueDay),
      status: r.status,
      openedIn: r.openedIn,
      overdue: !done && r.dueDay !== null && r.dueDay <= ctx.P.end,
      ref: r.ref,
      dueDay: r.dueDay,
      order: r.order,
    });
  }
  items.sort((a, b) => (a.dueDay ?? Infinity) - (b.dueDay ?? Infinity) || a.order - b.order);
  return { items: items.map(({ action, owner, due, status, openedIn, overdue, ref }) => ({ action, owner, due, status, openedIn, overdue, ref })), issues };
}
