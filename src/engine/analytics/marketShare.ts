/**
 * Market share (metrics.md "Market share"): value and volume share of ours at retailer R in P,
 * its change vs P', growth, share of growth, and fair share against the market made of every
 * retailer in the data; per category, per segment and in total.
 */
import { AnalysisContext, IN_P, IN_PRIOR } from "./context";
import { Issue } from "../core/issues";
import { MoneySum } from "../core/sum";
import { numColumn, textColumn } from "../core/table";
import { BaseUnit, PackSize } from "../core/pack";

export interface ShareFigures {
  ourValue: number;
  categoryValue: number;
  valueShare: number | null;
  valueSharePrior: number | null;
  shareChangePp: number | null;
  ourVolume: number;
  categoryVolume: number;
  volumeShare: number | null;
  /** "kg" | "L" | "piece" when volume is in base units, "units" otherwise (an extra key). */
  volumeUnit: BaseUnit | "units";
  growthPct: number | null;
  categoryGrowthPct: number | null;
  shareOfGrowth: number | null;
  fairShareIndex: number | null;
  fairShareGapValue: number | null;
  /** Extra key: our value share in the whole market (every retailer in the data), the fair-share reference. */
  marketValueShare: number | null;
}

export interface MarketShare {
  total: ShareFigures;
  byCategory: Array<{ category: string } & ShareFigures>;
  bySegment: Array<{ category: string; segment: string } & ShareFigures>;
  issues: Issue[];
}

/** Sums for one cell of the cube: scope (R or market) × period (P or P') × category or segment. */
class Sums {
  readonly ourValue = new MoneySum();
  readonly catValue = new MoneySum();
  ourUnits = 0;
  catUnits = 0;
  ourVol = 0;
  catVol = 0;

  addAll(from: Sums): void {
    this.ourValue.addSum(from.ourValue);
    this.catValue.addSum(from.catValue);
    this.ourUnits += from.ourUnits;
    this.catUnits += from.catUnits;
    this.ourVol += from.ourVol;
    this.catVol += from.catVol;
  }
}

/** Slots: R in P, R in P', market in P, market in P'. */
const R_P = 0;
const R_PRIOR = 1;
const M_P = 2;
const M_PRIOR = 3;

type Cube = Sums[]; // 4 slots

function newCube(): Cube {
  return [new Sums(), new Sums(), new Sums(), new Sums()];
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

export function computeMarketShare(ctx: AnalysisContext): MarketShare {
  const t = ctx.sellOut;
  const cat = t.text.category;
  const seg = textColumn(t, "segment");
  const sku = t.text.sku;
  const value = t.num.value.values;
  const units = numColumn(t, "units")?.values;
  const rIndex = ctx.retailers.indexOf(ctx.retailer);

  // Pack size per SKU code, from Products (or a pack column, if Sell-out had one).
  const packBySku: (PackSize | null)[] = sku.dict.map((s) => ctx.input.products.get(s)?.pack ?? null);
  // Which base unit each category can use: one base unit shared by all its SKUs in the rows used.
  const catBase: (BaseUnit | "units" | undefined)[] = new Array(cat.dict.length).fill(undefined);

  const byCat = new Map<number, Cube>();
  const bySeg = new Map<string, { catCode: number; segment: string; cube: Cube }>();

  for (let i = 0; i < t.n; i++) {
    const flags = ctx.rowPeriod[i];
    if (flags === 0) continue;
    const c = cat.codes[i];
    const pack = packBySku[sku.codes[i]];
    const b = catBase[c];
    if (b === undefined) catBase[c] = pack ? pack.base : "units";
    else if (b !== "units" && (!pack || pack.base !== b)) catBase[c] = "units";

    let cube = byCat.get(c);
    if (!cube) byCat.set(c, (cube = newCube()));
    const segCode = seg ? seg.codes[i] : -1;
    let segCube: Cube | null = null;
    if (segCode >= 0) {
      const key = `${c}\u0000${segCode}`;
      let s = bySeg.get(key);
      if (!s) bySeg.set(key, (s = { catCode: c, segment: seg!.dict[segCode], cube: newCube() }));
      segCube = s.cube;
    }
    const v = value[i];
    const u = units ? units[i] : NaN;
    const unitsKnown = !Number.isNaN(u);
    const uu = unitsKnown ? u : 0;
    const vol = pack && unitsKnown ? u * pack.amount : 0;
    const ours = ctx.rowOurs[i] === 1;
    const atR = ctx.rowRetailer[i] === rIndex;
    const slots: number[] = [];
    if (flags & IN_P) slots.push(M_P, ...(atR ? [R_P] : []));
    if (flags & IN_PRIOR) slots.push(M_PRIOR, ...(atR ? [R_PRIOR] : []));
    for (const slot of slots) {
      for (const target of segCube ? [cube[slot], segCube[slot]] : [cube[slot]]) {
        target.catValue.add(v);
        target.catUnits += uu;
        target.catVol += vol;
        if (ours) {
          target.ourValue.add(v);
          target.ourUnits += uu;
          target.ourVol += vol;
        }
      }
    }
  }

  const figures = (cube: Cube, base: BaseUnit | "units"): ShareFigures => shareFigures(cube, base, ctx.hasPrior);

  const categories = [...byCat.entries()]
    .filter(([, cube]) => cube[R_P].catValue.value !== 0)
    .map(([code, cube]) => ({ code, name: cat.dict[code], cube }))
    .sort((a, b) => compareText(a.name, b.name));
  const byCategory = categories.map((c) => ({ category: c.name, ...figures(c.cube, catBase[c.code] ?? "units") }));
  const bySegment = [...bySeg.values()]
    .filter((s) => s.cube[R_P].catValue.value !== 0)
    .sort((a, b) => compareText(cat.dict[a.catCode], cat.dict[b.catCode]) || compareText(a.segment, b.segment))
    .map((s) => ({ category: cat.dict[s.catCode], segment: s.segment, ...figures(s.cube, catBase[s.catCode] ?? "units") }));

  // Total: the categories in which ours sells at R in P; the same set for P' and the market.
  const inTotal = categories.filter((c) => c.cube[R_P].ourValue.value > 0);
  const totalCube = newCube();
  for (const c of inTotal) for (let s = 0; s < 4; s++) totalCube[s].addAll(c.cube[s]);
  const bases = new Set(inTotal.map((c) => catBase[c.code] ?? "units"));
  const totalBase: BaseUnit | "units" = bases.size === 1 ? [...bases][0] : "units";

  const issues: Issue[] = [];
  for (const c of categories) {
    if (catBase[c.code] === "units" && numColumn(ctx.sellOut, "units")) {
      const seen = new Set<string>();
      for (let i = 0; i < t.n; i++) if (cat.codes[i] === c.code && ctx.rowPeriod[i]) seen.add(packBySku[sku.codes[i]]?.base ?? "?");
      issues.push({
        sheet: null,
        row: null,
        column: null,
        severity: "info",
        code: "mixed-volume-units",
        params: { category: c.name, units: [...seen].join(", ") },
      });
    }
  }
  return { total: figures(totalCube, totalBase), byCategory, bySegment, issues };
}

export function shareFigures(cube: Cube, base: BaseUnit | "units", hasPrior: boolean): ShareFigures {
  const our = cube[R_P].ourValue.value;
  const cat = cube[R_P].catValue.value;
  const ourPrior = cube[R_PRIOR].ourValue.value;
  const catPrior = cube[R_PRIOR].catValue.value;
  const marketShare = ratio(cube[M_P].ourValue.value, cube[M_P].catValue.value);
  const r = cube[R_P];
  const ourVolume = base === "units" ? r.ourUnits : r.ourVol;
  const categoryVolume = base === "units" ? r.catUnits : r.catVol;
  const valueShare = ratio(our, cat);
  const valueSharePrior = hasPrior ? ratio(ourPrior, catPrior) : null;
  const deltaCat = cat - catPrior;
  return {
    ourValue: our,
    categoryValue: cat,
    valueShare,
    valueSharePrior,
    shareChangePp: valueShare !== null && valueSharePrior !== null ? (valueShare - valueSharePrior) * 100 : null,
    ourVolume,
    categoryVolume,
    volumeShare: ratio(ourVolume, categoryVolume),
    volumeUnit: base,
    growthPct: hasPrior && ourPrior !== 0 ? (our / ourPrior - 1) * 100 : null,
    categoryGrowthPct: hasPrior && catPrior !== 0 ? (cat / catPrior - 1) * 100 : null,
    shareOfGrowth: hasPrior && deltaCat > 0 ? (our - ourPrior) / deltaCat : null,
    fairShareIndex: valueShare !== null && marketShare !== null && marketShare !== 0 ? (valueShare / marketShare) * 100 : null,
    fairShareGapValue: valueShare !== null && marketShare !== null ? Math.max(0, marketShare - valueShare) * cat : null,
    marketValueShare: marketShare,
  };
}

/** Sort text the same way on every machine (not by the OS locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
