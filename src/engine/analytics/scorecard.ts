/**
 * Scorecard (metrics.md "Targets and actions"): each Targets row of the retailer and period beside
 * the actual figure, green / amber / red with the KPI's direction; and the action plan, open actions
 * carried over with their status, overdue ones marked.
 */
import { Assortment } from "./assortment";
import { normalizeKey } from "../core/coerce";
import { AnalysisContext } from "./context";
import { formatDay } from "../core/dates";
import { Issue, IssueLog } from "../core/issues";
import { MarketShare } from "./marketShare";
import { parsePeriodKey, parsePeriodLabel } from "../core/periods";
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
  salesValue: ["sales value", "sales", "value", "net sales", "销售额", "销售金额", "零售额"],
  growth: ["growth", "growth %", "sales growth", "value growth", "增长", "增长率", "销售增长", "销售增长率"],
  valueShare: ["value share", "share", "market share", "份额", "市场份额", "金额份额"],
  shareChange: ["share change", "share change pp", "δ share", "份额变化", "份额增长"],
  ndA: ["nd of a skus", "nd a skus", "nd a sku", "numeric distribution a skus", "a sku nd", "a类单品铺货率", "a类铺货率", "a类单品数值铺货率"],
  wdA: ["wd of a skus", "wd a skus", "weighted distribution a skus", "a sku wd", "a类单品加权铺货率", "a类加权铺货率"],
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

const AT_MOST_WORDS = ["at most", "max", "maximum", "lower", "lower is better", "<=", "≤", "<", "不高于", "至多", "越低越好", "最高"];
const AT_LEAST_WORDS = ["at least", "min", "minimum", "higher", "higher is better", ">=", "≥", ">", "不低于", "至少", "越高越好", "最低"];

function parseDirection(text: string | null, kpi: KpiId): Direction {
  if (text) {
    const t = text.trim().toLowerCase();
    if (AT_MOST_WORDS.includes(t)) return "at-most";
    if (AT_LEAST_WORDS.includes(t)) return "at-least";
  }
  // A cheaper price and a lower trade spend are better by default.
  return kpi === "priceIndex" || kpi === "tradeSpendPct" ? "at-most" : "at-least";
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
  kpi: string;
  target: number;
  actual: number | null;
  status: Status | null;
  /** Extra keys. */
  kpiId: KpiId;
  direction: Direction;
  format: ValueFormat;
}

export function computeScorecard(ctx: AnalysisContext, headline: Headline, tolerance = DEFAULT_AMBER_TOLERANCE): { lines: ScorecardLine[]; issues: Issue[] } {
  const log = new IssueLog();
  const t = ctx.input.tables.targets;
  if (!t) return { lines: [], issues: [] };
  const lines: ScorecardLine[] = [];
  const fy = ctx.settings.fiscalYearStartMonth;
  for (const r of tableRows(t)) {
    if (r.text.retailer && ctx.keyOf(r.text.retailer) !== ctx.retailer.key) continue;
    if (r.text.period) {
      const p = parsePeriodKey(r.text.period, fy) ?? parsePeriodLabel(r.text.period, fy)?.span ?? null;
      if (!p || p.start !== ctx.P.start || p.end !== ctx.P.end) continue;
    }
    const id = kpiId(r.text.kpi!);
    if (!id) {
      log.add({
        sheet: r.sheet,
        row: r.row,
        column: null,
        severity: "warning",
        code: "unknown-kpi",
        params: {
          row: r.row,
          kpi: r.text.kpi!,
          list: Object.values(KPI_NAMES)
            .map((n) => n[0])
            .join(", "),
        },
      });
      continue;
    }
    let target = r.num.target!;
    // A share written as 36 means 36%.
    if (KPI_FORMAT[id] === "share" && Math.abs(target) > 1) target /= 100;
    const direction = parseDirection(r.text.direction, id);
    const actual = headline[id];
    lines.push({ kpi: r.text.kpi!, target, actual, status: scoreStatus(actual, target, direction, tolerance), kpiId: id, direction, format: KPI_FORMAT[id] });
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
    const p = parsePeriodKey(plan.period, ctx.settings.fiscalYearStartMonth);
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
        openedIn: r.text.openedIn ?? mine?.openedIn ?? plan.period,
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
