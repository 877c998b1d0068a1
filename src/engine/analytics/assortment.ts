/**
 * SKU mix and distribution (metrics.md "Assortment, distribution and velocity"): per SKU of ours
 * at R in P — value, growth, contribution, ABC class, store universe, numeric, weighted and %ACV
 * distribution, rate of sale, tail flag — and the listing gaps (ours selling elsewhere, not at R).
 */
import { AnalysisContext, IN_P, IN_PRIOR } from "./context";
import { Issue, IssueLog } from "../core/issues";
import { compareText } from "./marketShare";
import { weeksIn } from "../core/periods";
import { MoneySum } from "../core/sum";
import { numColumn, tableRows, textColumn } from "../core/table";

export interface AbcThresholds {
  a: number;
  b: number;
}
export const DEFAULT_ABC: AbcThresholds = { a: 0.8, b: 0.95 };
/** Listing-gap opportunity assumes the new SKU reaches this weighted distribution (metrics.md). */
export const DEFAULT_WD_TARGET = 0.5;

export interface SkuFigures {
  sku: string;
  name: string | null;
  category: string;
  segment: string | null;
  value: number;
  valuePrior: number | null;
  growthPct: number | null;
  contribution: number;
  cumulativeContribution: number;
  abcClass: "A" | "B" | "C";
  storesSelling: number | null;
  storeUniverse: number;
  numericDistribution: number | null;
  weightedDistribution: number | null;
  acvDistribution: number | null;
  rateOfSale: number | null;
  /** Extra key: units per store selling per week. */
  unitsRateOfSale: number | null;
  tail: boolean;
}

export interface ListingGap {
  sku: string;
  name: string | null;
  category: string;
  opportunityValue: number | null;
  /** Extra keys: the inputs of the formula. */
  pooledRateOfSale: number | null;
  retailersSelling: number;
}

export interface Assortment {
  skus: SkuFigures[];
  listingGaps: ListingGap[];
  /** The store codes of U. */
  universe: string[];
  universeSource: "stores-sheet" | "sell-out";
  weeks: number;
  issues: Issue[];
}

export interface AssortmentOptions {
  abc?: AbcThresholds;
  wdTarget?: number;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

interface StoreInfo {
  code: string;
  acv: number | null;
}

/** U: the retailer's stores open during P from the Stores sheet; else stores of R with sales in P. */
function storeUniverse(ctx: AnalysisContext): { stores: StoreInfo[]; source: "stores-sheet" | "sell-out" } {
  const storesTable = ctx.input.tables.stores;
  const rKey = ctx.retailer.key;
  if (storesTable) {
    const rows = tableRows(storesTable);
    const hasRetailer = rows.some((r) => r.text.retailer);
    // Without a retailer column, the Stores sheet is taken to list this retailer's stores when
    // its codes appear in R's sell-out.
    const sellOutStores = hasRetailer ? null : storesOfRetailer(ctx, false);
    const mine = rows.filter((r) => (hasRetailer ? r.text.retailer !== null && ctx.keyOf(r.text.retailer) === rKey : sellOutStores!.has(r.text.store!)));
    if (mine.length > 0) {
      const open = mine.filter((r) => (r.num.openDate === null || r.num.openDate <= ctx.P.end) && (r.num.closeDate === null || r.num.closeDate >= ctx.P.start));
      const seen = new Set<string>();
      const stores: StoreInfo[] = [];
      for (const r of open) {
        if (seen.has(r.text.store!)) continue;
        seen.add(r.text.store!);
        stores.push({ code: r.text.store!, acv: r.num.acv });
      }
      return { stores, source: "stores-sheet" };
    }
  }
  const stores = [...storesOfRetailer(ctx, true)].sort(compareText).map((code) => ({ code, acv: null }));
  return { stores, source: "sell-out" };
}

/** Store codes of R in the sell-out: any row (onlySellingInP false), or rows with value > 0 in P. */
function storesOfRetailer(ctx: AnalysisContext, onlySellingInP: boolean): Set<string> {
  const t = ctx.sellOut;
  const store = textColumn(t, "store");
  const out = new Set<string>();
  if (!store) return out;
  const rIndex = ctx.retailers.indexOf(ctx.retailer);
  const value = t.num.value.values;
  for (let i = 0; i < t.n; i++) {
    if (ctx.rowRetailer[i] !== rIndex || store.codes[i] < 0) continue;
    if (onlySellingInP && !(ctx.rowPeriod[i] & IN_P && value[i] > 0)) continue;
    out.add(store.dict[store.codes[i]]);
  }
  return out;
}

export function computeAssortment(ctx: AnalysisContext, options: AssortmentOptions = {}): Assortment {
  const abc = options.abc ?? DEFAULT_ABC;
  const wdTarget = options.wdTarget ?? DEFAULT_WD_TARGET;
  const t = ctx.sellOut;
  const n = t.n;
  const rIndex = ctx.retailers.indexOf(ctx.retailer);
  const sku = t.text.sku;
  const cat = t.text.category;
  const seg = textColumn(t, "segment");
  const store = textColumn(t, "store");
  const value = t.num.value.values;
  const units = numColumn(t, "units")?.values;
  const weeks = weeksIn(ctx.P);
  const log = new IssueLog();

  const { stores: universe, source } = storeUniverse(ctx);
  const inUniverse = new Map(universe.map((s, i) => [s.code, i]));
  // Store dictionary code -> index in U (or -1).
  const storeToU = store ? store.dict.map((code) => inUniverse.get(code) ?? -1) : [];

  // One pass over the rows: ours per SKU at R (P and P'), per (SKU, store in U) in P, category value
  // per (category, store in U) in P, and ours elsewhere in P for listing gaps.
  const skuValue = new Map<number, { p: MoneySum; prior: MoneySum; units: number; cat: number; seg: number }>();
  const skuStore = new Map<number, number>(); // skuCode * |U| + uIndex -> value
  const catStore = new Map<number, number>(); // catCode * |U| + uIndex -> value
  const elsewhere = new Map<number, { value: MoneySum; stores: Set<string>; retailers: Set<number> }>();
  const sellingOutsideU = new Set<string>();
  const U = universe.length;
  const oursTotal = new MoneySum();

  for (let i = 0; i < n; i++) {
    const flags = ctx.rowPeriod[i];
    if (flags === 0) continue;
    const atR = ctx.rowRetailer[i] === rIndex;
    const ours = ctx.rowOurs[i] === 1;
    const v = value[i];
    const s = sku.codes[i];
    if (atR) {
      if (ours) {
        let e = skuValue.get(s);
        if (!e) skuValue.set(s, (e = { p: new MoneySum(), prior: new MoneySum(), units: 0, cat: cat.codes[i], seg: seg ? seg.codes[i] : -1 }));
        if (flags & IN_P) {
          e.p.add(v);
          oursTotal.add(v);
          if (units && !Number.isNaN(units[i])) e.units += units[i];
        }
        if (flags & IN_PRIOR) e.prior.add(v);
      }
      if (flags & IN_P && store) {
        const sc = store.codes[i];
        const u = sc >= 0 ? storeToU[sc] : -1;
        if (u >= 0) {
          const ck = cat.codes[i] * U + u;
          catStore.set(ck, (catStore.get(ck) ?? 0) + v);
          if (ours) {
            const k = s * U + u;
            skuStore.set(k, (skuStore.get(k) ?? 0) + v);
          }
        } else if (sc >= 0 && ours && v > 0) sellingOutsideU.add(store.dict[sc]);
      }
    } else if (ours && flags & IN_P) {
      let e = elsewhere.get(s);
      if (!e) elsewhere.set(s, (e = { value: new MoneySum(), stores: new Set(), retailers: new Set() }));
      e.value.add(v);
      if (v > 0) {
        e.retailers.add(ctx.rowRetailer[i]);
        if (store && store.codes[i] >= 0) e.stores.add(`${ctx.rowRetailer[i]}\u0000${store.dict[store.codes[i]]}`);
      }
    }
  }

  for (const code of [...sellingOutsideU].sort(compareText)) {
    log.add({
      sheet: null,
      row: null,
      column: null,
      severity: "warning",
      code: "store-not-in-universe",
      params: { store: code, retailer: ctx.retailer.name, period: ctx.P.key },
    });
  }

  // Per-store sales of a SKU summed over the period: a store sells it when that sum is > 0.
  const sellingStores = new Map<number, number[]>();
  for (const [k, v] of skuStore) {
    if (v <= 0) continue;
    const s = Math.floor(k / U);
    const list = sellingStores.get(s);
    if (list) list.push(k % U);
    else sellingStores.set(s, [k % U]);
  }

  const total = oursTotal.value;
  const acvKnown = universe.length > 0 && universe.every((s) => s.acv !== null);
  const acvTotal = acvKnown ? universe.reduce((a, s) => a + (s.acv ?? 0), 0) : 0;
  const products = ctx.input.products;

  const listed = [...skuValue.entries()]
    .map(([code, e]) => ({ code, e, value: e.p.value }))
    .filter((x) => x.value > 0)
    .sort((a, b) => b.value - a.value || compareText(sku.dict[a.code], sku.dict[b.code]));

  // Cumulative shares are running value sums divided by the total, not sums of rounded fractions,
  // so a SKU that ends exactly at 80% has cumulative 0.8 and the next one is B, as metrics.md says.
  const running = new MoneySum();
  let cumulative = 0;
  const skus: SkuFigures[] = listed.map(({ code, e, value: v }) => {
    const prevCumulative = cumulative;
    const contribution = v / total;
    running.add(v);
    cumulative = running.value / total;
    const abcClass = prevCumulative < abc.a ? "A" : prevCumulative < abc.b ? "B" : "C";
    const selling = store ? (sellingStores.get(code) ?? []) : null;
    let wd: number | null = null;
    if (selling) {
      let num = 0;
      let den = 0;
      const sellingSet = new Set(selling);
      for (let u = 0; u < U; u++) {
        const cv = catStore.get(e.cat * U + u) ?? 0;
        den += cv;
        if (sellingSet.has(u)) num += cv;
      }
      wd = ratio(num, den);
    }
    const acv =
      selling && acvKnown
        ? ratio(
            selling.reduce((a, u) => a + (universe[u].acv ?? 0), 0),
            acvTotal,
          )
        : null;
    const prior = ctx.hasPrior ? e.prior.value : null;
    const skuText = sku.dict[code];
    return {
      sku: skuText,
      name: products.get(skuText)?.name ?? productNameFromSellOut(ctx, code),
      category: cat.dict[e.cat],
      segment: e.seg >= 0 ? seg!.dict[e.seg] : null,
      value: v,
      valuePrior: prior,
      growthPct: prior !== null && prior !== 0 ? (v / prior - 1) * 100 : null,
      contribution,
      cumulativeContribution: cumulative,
      abcClass,
      storesSelling: selling ? selling.length : null,
      storeUniverse: U,
      numericDistribution: selling ? ratio(selling.length, U) : null,
      weightedDistribution: wd,
      acvDistribution: acv,
      rateOfSale: selling && selling.length > 0 ? v / (selling.length * weeks) : null,
      unitsRateOfSale: selling && selling.length > 0 && units ? e.units / (selling.length * weeks) : null,
      tail: false,
    };
  });

  // Tail: class C and (shrinking, or selling slower than the median SKU).
  const medianRos = median(skus.map((x) => x.rateOfSale).filter((x): x is number => x !== null));
  for (const x of skus) {
    if (x.abcClass !== "C") continue;
    const slow = x.rateOfSale !== null && medianRos !== null && x.rateOfSale < medianRos;
    x.tail = x.growthPct === null ? slow : x.growthPct < 0 || slow;
  }

  // Listing gaps: ours with sales outside R in P and none at R in P.
  const listedAtR = new Set(listed.map((x) => x.code));
  const listingGaps: ListingGap[] = [];
  for (const [code, e] of elsewhere) {
    if (listedAtR.has(code) || e.value.value <= 0) continue;
    const storesThere = e.stores.size;
    const pooled = storesThere > 0 ? e.value.value / (storesThere * weeks) : null;
    const skuText = sku.dict[code];
    listingGaps.push({
      sku: skuText,
      name: products.get(skuText)?.name ?? productNameFromSellOut(ctx, code),
      category: products.get(skuText)?.category ?? categoryOfSku(ctx, code),
      opportunityValue: pooled !== null ? pooled * U * weeks * wdTarget : null,
      pooledRateOfSale: pooled,
      retailersSelling: e.retailers.size,
    });
  }
  listingGaps.sort((a, b) => (b.opportunityValue ?? -Infinity) - (a.opportunityValue ?? -Infinity) || compareText(a.sku, b.sku));

  return { skus, listingGaps, universe: universe.map((s) => s.code), universeSource: source, weeks, issues: log.all() };
}

function productNameFromSellOut(ctx: AnalysisContext, skuCode: number): string | null {
  const names = textColumn(ctx.sellOut, "productName");
  if (!names) return null;
  const codes = ctx.sellOut.text.sku.codes;
  for (let i = 0; i < ctx.sellOut.n; i++) if (codes[i] === skuCode && names.codes[i] >= 0) return names.dict[names.codes[i]];
  return null;
}

function categoryOfSku(ctx: AnalysisContext, skuCode: number): string {
  const codes = ctx.sellOut.text.sku.codes;
  const cat = ctx.sellOut.text.category;
  for (let i = 0; i < ctx.sellOut.n; i++) if (codes[i] === skuCode) return cat.dict[cat.codes[i]];
  return "";
}
