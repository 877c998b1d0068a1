/**
 * The analysis context: the sell-out table viewed for one review (retailer R, periods P and P').
 * Per-row facts every section needs (which retailer, ours or not, in P or P') are computed once
 * here, through the text dictionaries, so each section is a plain loop over typed arrays.
 */
import { normalizeKey } from "./coerce";
import { formatDay } from "./dates";
import { IngestResult, ProductInfo, Settings } from "./ingest";
import { Issue, IssueLog } from "./issues";
import { CompareMode, Period, comparisonPeriod, latestCompleteQuarter, parsePeriodKey } from "./periods";
import { Table } from "./table";

/** Well-known chains written in Chinese and English: one retailer whichever way it is spelled. */
const RETAILER_ALIASES: Record<string, string[]> = {
  carrefour: ["家乐福"],
  walmart: ["沃尔玛", "wal-mart", "walmartchina"],
  rtmart: ["大润发", "rt-mart", "rtmart"],
  metro: ["麦德龙"],
  lianhua: ["联华", "联华超市"],
  trustmart: ["好又多", "trust-mart"],
  auchan: ["欧尚"],
  tesco: ["乐购"],
  yonghui: ["永辉", "永辉超市"],
  crvanguard: ["华润万家", "cr vanguard"],
  lotus: ["易初莲花", "莲花超市"],
  wumart: ["物美"],
};
const ALIAS_INDEX = new Map<string, string>();
for (const [canonical, names] of Object.entries(RETAILER_ALIASES)) {
  ALIAS_INDEX.set(canonical, canonical);
  for (const n of names) ALIAS_INDEX.set(normalizeKey(n), canonical);
}

/** The key retailers are matched by: case, width and spacing ignored, known aliases joined. */
export function retailerKey(name: string): string {
  const k = normalizeKey(name);
  return ALIAS_INDEX.get(k) ?? k;
}

/** Own company names: Settings may list several spellings ("Sunrise Foods; 日出食品"). */
export function ownCompanyKeys(ourCompany: string | null): Set<string> {
  if (!ourCompany) return new Set();
  return new Set(
    ourCompany
      .split(/[;；|、]/)
      .map((s) => normalizeKey(s))
      .filter((s) => s.length > 0),
  );
}

export interface RetailerInfo {
  key: string;
  /** As spelled in the data (the first spelling met in Sell-out). */
  name: string;
}

export interface ReviewOptions {
  /** Retailer to review, as the user writes it (any spelling or alias). */
  retailer: string;
  /** Period key; default the latest complete quarter in Sell-out. */
  period?: string;
  compare?: CompareMode;
  /** Overrides Settings' own company. */
  ourCompany?: string;
}

export interface AnalysisContext {
  input: IngestResult;
  settings: Settings;
  sellOut: Table;
  retailer: RetailerInfo;
  retailers: RetailerInfo[];
  /** The own company as shown (the first of the names Settings lists). */
  ourCompany: string | null;
  P: Period;
  Pc: Period;
  compare: CompareMode;
  /** Per row: index into `retailers`. */
  rowRetailer: Int32Array;
  /** Per row: 1 = ours. */
  rowOurs: Uint8Array;
  /** Per row: bit 1 = wholly inside P, bit 2 = wholly inside P'. */
  rowPeriod: Uint8Array;
  /** R has at least one sell-out row inside P'. */
  hasPrior: boolean;
  /** Issues found while preparing this review (straddling rows, own company unknown...). */
  issues: Issue[];
}

export const IN_P = 1;
export const IN_PRIOR = 2;

export function listRetailers(sellOut: Table): { retailers: RetailerInfo[]; codeToRetailer: Int32Array } {
  const col = sellOut.text.retailer;
  const retailers: RetailerInfo[] = [];
  const byKey = new Map<string, number>();
  const codeToRetailer = new Int32Array(col.dict.length);
  col.dict.forEach((name, code) => {
    const key = retailerKey(name);
    let idx = byKey.get(key);
    if (idx === undefined) {
      idx = retailers.length;
      retailers.push({ key, name });
      byKey.set(key, idx);
    }
    codeToRetailer[code] = idx;
  });
  return { retailers, codeToRetailer };
}

/** The last day any sell-out row covers: the default period is the latest quarter complete by then. */
export function lastSellOutDay(sellOut: Table): number {
  const ends = sellOut.num.spanEnd.values;
  let max = -Infinity;
  for (let i = 0; i < ends.length; i++) if (ends[i] > max) max = ends[i];
  return max;
}

export type ContextResult = { ok: true; context: AnalysisContext } | { ok: false; issue: Issue };

export function buildContext(input: IngestResult, options: ReviewOptions): ContextResult {
  const sellOut = input.tables["sell-out"];
  if (!sellOut || sellOut.n === 0) return { ok: false, issue: { sheet: null, row: null, column: null, severity: "error", code: "no-sell-out", params: {} } };
  const settings = input.settings;
  const { retailers, codeToRetailer } = listRetailers(sellOut);
  const wanted = retailerKey(options.retailer);
  const rIndex = retailers.findIndex((r) => r.key === wanted);
  if (rIndex < 0) {
    return {
      ok: false,
      issue: {
        sheet: null,
        row: null,
        column: null,
        severity: "error",
        code: "retailer-not-found",
        params: { name: options.retailer, list: retailers.map((r) => r.name).join(", ") },
      },
    };
  }
  const fy = settings.fiscalYearStartMonth;
  const P = options.period ? parsePeriodKey(options.period, fy) : latestCompleteQuarter(lastSellOutDay(sellOut), fy);
  if (!P) throw new Error(`invalid period key ${options.period}`); // the CLI validates keys before this
  const compare = options.compare ?? "yoy";
  const Pc = comparisonPeriod(P, compare, fy);
  const ourCompany = options.ourCompany ?? settings.ourCompany;
  const log = new IssueLog();

  const n = sellOut.n;
  const rowRetailer = new Int32Array(n);
  const retailerCodes = sellOut.text.retailer.codes;
  for (let i = 0; i < n; i++) rowRetailer[i] = codeToRetailer[retailerCodes[i]];

  const rowOurs = oursPerRow(sellOut, input.products, ownCompanyKeys(ourCompany));
  if (!ourCompany && !rowOurs.some((x) => x === 1)) {
    log.add({ sheet: null, row: null, column: null, severity: "error", code: "no-own-company", params: {} });
  } else if (ourCompany && !rowOurs.some((x) => x === 1)) {
    log.add({ sheet: null, row: null, column: null, severity: "warning", code: "own-company-not-found", params: { name: ourCompany } });
  }

  const rowPeriod = new Uint8Array(n);
  const starts = sellOut.num.spanStart.values;
  const ends = sellOut.num.spanEnd.values;
  let hasPrior = false;
  for (let i = 0; i < n; i++) {
    const s = starts[i];
    const e = ends[i];
    let flags = 0;
    for (const [p, bit] of [
      [P, IN_P],
      [Pc, IN_PRIOR],
    ] as const) {
      if (s >= p.start && e <= p.end) flags |= bit;
      else if (s <= p.end && e >= p.start) {
        // Straddles: counted in neither period, and said so (metrics.md: never silently split).
        log.add({
          sheet: sellOut.sheets[sellOut.sheetIndex[i]],
          row: sellOut.rowNumber[i],
          column: null,
          severity: "warning",
          code: "straddles-period",
          params: { row: sellOut.rowNumber[i], span: `${formatDay(s)}..${formatDay(e)}`, period: p.key },
        });
      }
    }
    rowPeriod[i] = flags;
    if (flags & IN_PRIOR && rowRetailer[i] === rIndex) hasPrior = true;
  }

  return {
    ok: true,
    context: {
      input,
      settings,
      sellOut,
      retailer: retailers[rIndex],
      retailers,
      ourCompany: ourCompany ? ourCompany.split(/[;；|、]/)[0].trim() : null,
      P,
      Pc,
      compare,
      rowRetailer,
      rowOurs,
      rowPeriod,
      hasPrior,
      issues: log.all(),
    },
  };
}

/** A row is ours when its product is flagged ours in Products, else when its manufacturer is the own company. */
function oursPerRow(sellOut: Table, products: Map<string, ProductInfo>, ownKeys: Set<string>): Uint8Array {
  const mfr = sellOut.text.manufacturer;
  const sku = sellOut.text.sku;
  const oursByMfr = mfr.dict.map((m) => (ownKeys.has(normalizeKey(m)) ? 1 : 0));
  const oursBySku = sku.dict.map((s) => {
    const flag = products.get(s)?.ours;
    return flag === true ? 1 : flag === false ? 0 : -1;
  });
  const out = new Uint8Array(sellOut.n);
  for (let i = 0; i < sellOut.n; i++) {
    const bySku = oursBySku[sku.codes[i]];
    const m = mfr.codes[i];
    out[i] = bySku >= 0 ? bySku : m >= 0 ? oursByMfr[m] : 0;
  }
  return out;
}
