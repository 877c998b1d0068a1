/**
 * Price position (metrics.md "Price position"): our price per base unit against the paired
 * competitor(s) or the competitor segment average, the price index and its corridor; and the
 * promotion figures (promo share and depth).
 */
import { median } from "./assortment";
import { AnalysisContext, IN_P } from "./context";
import { Issue, IssueLog } from "../core/issues";
import { compareText } from "./marketShare";
import { BaseUnit, PackSize } from "../core/pack";
import { MoneySum } from "../core/sum";
import { numColumn, tableRows, textColumn } from "../core/table";

export interface PricePosition {
  sku: string;
  name: string | null;
  /** Competitor SKU(s) joined by "+", or "segment". */
  reference: string;
  priceSource: "price-check" | "derived";
  /** Extra keys: the observed shelf price and the base unit of the per-unit prices. */
  observedPrice: number | null;
  baseUnit: BaseUnit | null;
  pricePerBaseUnit: number | null;
  referencePricePerBaseUnit: number | null;
  priceIndex: number | null;
  corridorLow: number;
  corridorHigh: number;
  status: "below" | "within" | "above" | null;
}

export interface Promotions {
  promoShare: number | null;
  promoDepth: number | null;
  /** Extra key: what promo depth is weighted by ("units" promoted, or "checks" when sell-out has no promo flag). */
  promoDepthWeighting: "units" | "checks" | null;
}

export interface PriceResult {
  pricePosition: PricePosition[];
  promotions: Promotions;
  issues: Issue[];
}

interface ObservedPrice {
  price: number;
  source: "price-check" | "derived";
}

export function computePricePosition(ctx: AnalysisContext): PriceResult {
  const log = new IssueLog();
  const t = ctx.sellOut;
  const rIndex = ctx.retailers.indexOf(ctx.retailer);
  const sku = t.text.sku;
  const cat = t.text.category;
  const seg = textColumn(t, "segment");
  const value = t.num.value.values;
  const units = numColumn(t, "units")?.values;
  const promoFlag = numColumn(t, "promo")?.values;
  const promoValue = numColumn(t, "promoValue")?.values;
  const products = ctx.input.products;
  const packOf = (s: string): PackSize | null => products.get(s)?.pack ?? null;

  // Sell-out at R in P, per SKU: value and units (for derived prices and segment averages).
  const bySku = new Map<
    string,
    {
      value: MoneySum;
      units: number;
      unitsKnown: boolean;
      ours: boolean;
      cat: string;
      seg: string | null;
      promoUnits: number;
      promoValue: number;
      promoUnitsFromFlag: boolean;
      regValue: number;
      regUnits: number;
    }
  >();
  const oursValue = new MoneySum();
  const oursPromo = new MoneySum();
  for (let i = 0; i < t.n; i++) {
    if (ctx.rowRetailer[i] !== rIndex || !(ctx.rowPeriod[i] & IN_P)) continue;
    const s = sku.dict[sku.codes[i]];
    let e = bySku.get(s);
    if (!e) {
      e = {
        value: new MoneySum(),
        units: 0,
        unitsKnown: true,
        ours: ctx.rowOurs[i] === 1,
        cat: cat.dict[cat.codes[i]],
        seg: seg && seg.codes[i] >= 0 ? seg.dict[seg.codes[i]] : null,
        promoUnits: 0,
        promoValue: 0,
        promoUnitsFromFlag: false,
        regValue: 0,
        regUnits: 0,
      };
      bySku.set(s, e);
    }
    e.value.add(value[i]);
    const u = units ? units[i] : NaN;
    if (Number.isNaN(u)) e.unitsKnown = false;
    else e.units += u;
    const onPromo = promoFlag ? promoFlag[i] === 1 : false;
    if (promoFlag && !Number.isNaN(u)) {
      if (onPromo) {
        e.promoUnits += u;
        e.promoValue += value[i];
        e.promoUnitsFromFlag = true;
      } else {
        e.regUnits += u;
        e.regValue += value[i];
      }
    }
    if (e.ours) {
      oursValue.add(value[i]);
      if (promoValue && !Number.isNaN(promoValue[i])) oursPromo.add(promoValue[i]);
      else if (onPromo) oursPromo.add(value[i]);
    }
  }

  // Price checks at R in P, per SKU.
  const checks = new Map<string, { shelf: number[]; promo: number[] }>();
  if (ctx.input.tables["price-checks"]) {
    for (const r of tableRows(ctx.input.tables["price-checks"])) {
      if (r.text.retailer && ctx.keyOf(r.text.retailer) !== ctx.retailer.key) continue;
      if (r.num.date === null || r.num.date < ctx.P.start || r.num.date > ctx.P.end) continue;
      const s = r.text.sku!;
      let c = checks.get(s);
      if (!c) checks.set(s, (c = { shelf: [], promo: [] }));
      if (r.num.shelfPrice !== null && r.num.shelfPrice > 0) c.shelf.push(r.num.shelfPrice);
      if (r.num.promoPrice !== null && r.num.promoPrice > 0) c.promo.push(r.num.promoPrice);
    }
  }

  const observed = (s: string): ObservedPrice | null => {
    const c = checks.get(s);
    const m = c ? median(c.shelf) : null;
    if (m !== null) return { price: m, source: "price-check" };
    const e = bySku.get(s);
    if (e && e.unitsKnown && e.units > 0) return { price: e.value.value / e.units, source: "derived" };
    return null;
  };
  const perBaseUnit = (s: string): { ppbu: number; base: BaseUnit } | null => {
    const o = observed(s);
    const pack = packOf(s);
    return o && pack ? { ppbu: o.price / pack.amount, base: pack.base } : null;
  };

  // Price pairs: our SKU -> competitor SKUs and corridor.
  const pairs = new Map<string, { competitors: string[]; low: number | null; high: number | null }>();
  if (ctx.input.tables["price-pairs"]) {
    for (const r of tableRows(ctx.input.tables["price-pairs"])) {
      const ours = r.text.ourSku!;
      let p = pairs.get(ours);
      if (!p) pairs.set(ours, (p = { competitors: [], low: r.num.corridorLow, high: r.num.corridorHigh }));
      p.competitors.push(r.text.competitorSku!);
    }
  }

  // Ours with sales or price checks at R in P.
  const oursSkus = new Set<string>();
  for (const [s, e] of bySku) if (e.ours && e.value.value > 0) oursSkus.add(s);
  for (const s of checks.keys()) {
    const info = products.get(s);
    if (info?.ours === true || (info?.ours !== false && bySku.get(s)?.ours)) oursSkus.add(s);
  }

  const pricePosition: PricePosition[] = [];
  for (const s of [...oursSkus].sort(compareText)) {
    const o = observed(s);
    const pack = packOf(s);
    const ppbu = o && pack ? o.price / pack.amount : null;
    const pair = pairs.get(s);
    let reference: string;
    let ref: number | null = null;
    if (pair) {
      reference = pair.competitors.join("+");
      const prices = pair.competitors.map(perBaseUnit).filter((x): x is { ppbu: number; base: BaseUnit } => x !== null && (!pack || x.base === pack.base));
      ref = prices.length ? prices.reduce((a, x) => a + x.ppbu, 0) / prices.length : null;
    } else {
      reference = "segment";
      const e = bySku.get(s);
      const category = e?.cat ?? products.get(s)?.category ?? null;
      const segment = e?.seg ?? products.get(s)?.segment ?? null;
      let v = 0;
      let vol = 0;
      for (const [cs, ce] of bySku) {
        if (ce.ours || ce.cat !== category || ce.seg !== segment || !ce.unitsKnown) continue;
        const cp = packOf(cs);
        if (!cp || !pack || cp.base !== pack.base) continue;
        v += ce.value.value;
        vol += ce.units * cp.amount;
      }
      ref = vol > 0 ? v / vol : null;
    }
    if (!pack) log.add({ sheet: null, row: null, column: null, severity: "warning", code: "no-pack-size", params: { sku: s } });
    const index = ppbu !== null && ref !== null && ref > 0 ? (ppbu / ref) * 100 : null;
    const low = pair?.low ?? ctx.settings.corridorLow;
    const high = pair?.high ?? ctx.settings.corridorHigh;
    pricePosition.push({
      sku: s,
      name: products.get(s)?.name ?? null,
      reference,
      priceSource: o?.source ?? "derived",
      observedPrice: o?.price ?? null,
      baseUnit: pack?.base ?? null,
      pricePerBaseUnit: ppbu,
      referencePricePerBaseUnit: ref,
      priceIndex: index,
      corridorLow: low,
      corridorHigh: high,
      status: index === null ? null : index < low ? "below" : index > high ? "above" : "within",
    });
  }

  return {
    pricePosition,
    promotions: promotions(oursValue.value, promoFlag || promoValue ? oursPromo.value : null, oursSkus, bySku, checks, !!promoFlag),
    issues: log.all(),
  };
}

/**
 * Promo share = value on promotion / value (ours at R in P). Promo depth = 1 − promo price /
 * regular price per SKU (price checks' medians, else sell-out's promo vs regular average price),
 * averaged weighted by promoted units; without promo flags in sell-out, weighted by promo checks.
 */
function promotions(
  value: number,
  promoValue: number | null,
  oursSkus: Set<string>,
  bySku: Map<string, { promoUnits: number; promoValue: number; regUnits: number; regValue: number }>,
  checks: Map<string, { shelf: number[]; promo: number[] }>,
  haveFlags: boolean,
): Promotions {
  const promoShare = promoValue === null || value === 0 ? null : promoValue / value;
  let weighted = 0;
  let weights = 0;
  for (const s of oursSkus) {
    const e = bySku.get(s);
    const c = checks.get(s);
    const shelf = c ? median(c.shelf) : null;
    const promo = c ? median(c.promo) : null;
    let depth: number | null = null;
    if (shelf !== null && promo !== null) depth = 1 - promo / shelf;
    else if (e && e.promoUnits > 0 && e.regUnits > 0) depth = 1 - e.promoValue / e.promoUnits / (e.regValue / e.regUnits);
    if (depth === null) continue;
    const w = haveFlags ? (e?.promoUnits ?? 0) : (c?.promo.length ?? 0);
    if (w <= 0) continue;
    weighted += depth * w;
    weights += w;
  }
  return { promoShare, promoDepth: weights > 0 ? weighted / weights : null, promoDepthWeighting: weights > 0 ? (haveFlags ? "units" : "checks") : null };
}
