/**
 * The sample account workbook: a deterministic, realistic KA manager's file for Sunrise Foods
 * (日出食品) at Carrefour, RT-Mart and Walmart. It ships in assets/ and drives the demo and the
 * end-to-end tests, so it carries the defects real files have: a title row above the header,
 * subtotal rows, numbers stored as text with separators and currency marks, Chinese headers on
 * some sheets and English on others, retailers spelled in both languages.
 *
 * Same seed, same workbook: a seeded PRNG (mulberry32), no clock, no Math.random.
 */
import type { RawCell } from "../engine";

export interface SampleSheet {
  name: string;
  rows: RawCell[][];
  /** Column widths for readability when written. */
  widths?: number[];
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const OUR_COMPANY = "Sunrise Foods";
/** Competitors sell more per SKU than the base table says: ours holds about 40% of the categories. */
const COMPETITOR_SCALE = 1.7;

export interface Product {
  sku: string;
  name: string;
  nameZh: string;
  manufacturer: string;
  brand: string;
  category: string;
  segment: string;
  pack: string;
  price: number; // shelf price
  baseUnits: number; // units per store per month at full distribution
  ours: boolean;
  /** Listing probability per retailer (Carrefour, RT-Mart, Walmart). */
  listing: [number, number, number];
  launch?: string; // first month sold, "2026-02"
}

interface Retailer {
  name: string;
  nameZh: string;
  prefix: string;
  stores: number;
  /** Our yearly growth trend at this retailer. */
  ourTrend: number;
  compTrend: number;
}

export const RETAILERS: Retailer[] = [
  { name: "Carrefour", nameZh: "家乐福", prefix: "CF", stores: 24, ourTrend: 0.09, compTrend: 0.03 },
  { name: "RT-Mart", nameZh: "大润发", prefix: "RT", stores: 22, ourTrend: 0.02, compTrend: 0.06 },
  { name: "Walmart", nameZh: "沃尔玛", prefix: "WM", stores: 18, ourTrend: -0.04, compTrend: 0.02 },
];

export const REGIONS = [
  { en: "East", cities: ["Shanghai", "Hangzhou", "Nanjing", "Suzhou"] },
  { en: "North", cities: ["Beijing", "Tianjin", "Jinan"] },
  { en: "South", cities: ["Guangzhou", "Shenzhen", "Xiamen"] },
  { en: "West", cities: ["Chengdu", "Chongqing", "Xi'an"] },
];

export function products(): Product[] {
  const list: Product[] = [];
  let n = 1;
  const ours = (
    name: string,
    nameZh: string,
    category: string,
    segment: string,
    pack: string,
    price: number,
    baseUnits: number,
    listing: [number, number, number],
    launch?: string,
  ) =>
    list.push({
      sku: `6901234${String(500000 + n++).padStart(6, "0")}`,
      name,
      nameZh,
      manufacturer: OUR_COMPANY,
      brand: category === "Biscuits" ? "Sunny" : "Sunny Fruit",
      category,
      segment,
      pack,
      price,
      baseUnits,
      ours: true,
      listing,
      launch,
    });
  // Biscuits: cream sandwich, crackers, cookies
  ours("Sunny Cream Sandwich Vanilla 100g", "阳光夹心饼干香草味100g", "Biscuits", "Cream sandwich", "100g", 6.9, 70, [1, 1, 0.95]);
  ours("Sunny Cream Sandwich Chocolate 100g", "阳光夹心饼干巧克力味100g", "Biscuits", "Cream sandwich", "100g", 6.9, 65, [1, 0.95, 0.95]);
  ours("Sunny Cream Sandwich Vanilla 300g", "阳光夹心饼干香草味300g", "Biscuits", "Cream sandwich", "300g", 17.9, 34, [0.95, 0.9, 0.85]);
  ours("Sunny Cream Sandwich Chocolate 300g", "阳光夹心饼干巧克力味300g", "Biscuits", "Cream sandwich", "300g", 17.9, 30, [0.9, 0.85, 0.8]);
  ours("Sunny Cream Sandwich Strawberry 100g", "阳光夹心饼干草莓味100g", "Biscuits", "Cream sandwich", "100g", 6.9, 22, [0.7, 0.6, 0.5]);
  ours("Sunny Cream Sandwich Family 1kg", "阳光夹心饼干家庭装1kg", "Biscuits", "Cream sandwich", "1kg", 49.0, 8, [0.6, 0.5, 0]);
  ours("Sunny Crackers Sea Salt 200g", "阳光苏打饼干海盐味200g", "Biscuits", "Crackers", "200g", 9.9, 40, [1, 1, 0.9]);
  ours("Sunny Crackers Scallion 200g", "阳光苏打饼干香葱味200g", "Biscuits", "Crackers", "200g", 9.9, 28, [0.9, 0.95, 0.7]);
  ours("Sunny Crackers Whole Wheat 400g", "阳光全麦苏打饼干400g", "Biscuits", "Crackers", "400g", 18.5, 14, [0.75, 0.6, 0.5]);
  ours("Sunny Crackers Cheese 100g", "阳光芝士饼干100g", "Biscuits", "Crackers", "100g", 5.5, 18, [0.55, 0.5, 0.4]);
  ours("Sunny Crackers Sesame 200g", "阳光芝麻饼干200g", "Biscuits", "Crackers", "200g", 9.9, 9, [0.4, 0.35, 0.3]);
  ours("Sunny Butter Cookies 400g", "阳光黄油曲奇400g", "Biscuits", "Cookies", "400g", 29.9, 16, [0.9, 0.8, 0.7]);
  ours("Sunny Chocolate Chip Cookies 200g", "阳光巧克力豆曲奇200g", "Biscuits", "Cookies", "200g", 15.9, 20, [0.85, 0.75, 0.6]);
  ours("Sunny Oat Cookies 200g", "阳光燕麦曲奇200g", "Biscuits", "Cookies", "200g", 14.9, 10, [0.6, 0.5, 0]);
  ours("Sunny Matcha Cookies 200g", "阳光抹茶曲奇200g", "Biscuits", "Cookies", "200g", 16.9, 12, [0.8, 0, 0], "2026-02");
  // Juice: 100% juice, nectar
  ours("Sunny Fruit Orange 100% 1L", "阳光果园100%橙汁1L", "Juice", "100% juice", "1L", 15.9, 45, [1, 1, 0.95]);
  ours("Sunny Fruit Apple 100% 1L", "阳光果园100%苹果汁1L", "Juice", "100% juice", "1L", 14.9, 36, [1, 0.95, 0.9]);
  ours("Sunny Fruit Grape 100% 1L", "阳光果园100%葡萄汁1L", "Juice", "100% juice", "1L", 16.9, 20, [0.8, 0.7, 0.6]);
  ours("Sunny Fruit Orange 100% 250ml", "阳光果园100%橙汁250ml", "Juice", "100% juice", "250ml", 4.9, 60, [0.95, 0.9, 0.85]);
  ours("Sunny Fruit Mixed 100% 1.5L", "阳光果园100%混合果汁1.5L", "Juice", "100% juice", "1.5L", 21.9, 12, [0.6, 0.55, 0.4]);
  ours("Sunny Fruit Peach Nectar 1L", "阳光果园桃汁饮料1L", "Juice", "Nectar", "1L", 9.9, 38, [1, 1, 0.9]);
  ours("Sunny Fruit Mango Nectar 1L", "阳光果园芒果汁饮料1L", "Juice", "Nectar", "1L", 9.9, 30, [0.95, 0.9, 0.85]);
  ours("Sunny Fruit Peach Nectar 250ml", "阳光果园桃汁饮料250ml", "Juice", "Nectar", "250ml", 3.5, 50, [0.9, 0.85, 0.8]);
  ours("Sunny Fruit Guava Nectar 1L", "阳光果园番石榴汁饮料1L", "Juice", "Nectar", "1L", 10.9, 10, [0.5, 0.4, 0.3]);
  ours("Sunny Fruit Lychee Nectar 1.5L", "阳光果园荔枝汁饮料1.5L", "Juice", "Nectar", "1.5L", 13.9, 7, [0.45, 0, 0.3]);

  const comp = (
    manufacturer: string,
    brand: string,
    name: string,
    nameZh: string,
    category: string,
    segment: string,
    pack: string,
    price: number,
    baseUnits: number,
    listing: [number, number, number],
  ) =>
    list.push({
      sku: `6920${String(100000000 + n++).padStart(9, "0")}`,
      name,
      nameZh,
      manufacturer,
      brand,
      category,
      segment,
      pack,
      price,
      baseUnits: baseUnits * COMPETITOR_SCALE,
      ours: false,
      listing,
    });
  comp("Golden Harvest", "Golden", "Golden Cream Sandwich 100g", "金丰夹心饼干100g", "Biscuits", "Cream sandwich", "100g", 7.2, 80, [1, 1, 1]);
  comp("Golden Harvest", "Golden", "Golden Cream Sandwich 300g", "金丰夹心饼干300g", "Biscuits", "Cream sandwich", "300g", 18.9, 30, [0.95, 0.95, 0.9]);
  comp("Golden Harvest", "Golden", "Golden Soda Crackers 200g", "金丰苏打饼干200g", "Biscuits", "Crackers", "200g", 9.5, 45, [1, 1, 1]);
  comp("Golden Harvest", "Golden", "Golden Orange 100% 1L", "金丰100%橙汁1L", "Juice", "100% juice", "1L", 16.5, 40, [1, 1, 1]);
  comp("Golden Harvest", "Golden", "Golden Apple 100% 1L", "金丰100%苹果汁1L", "Juice", "100% juice", "1L", 15.5, 28, [0.9, 0.95, 0.9]);
  comp("Golden Harvest", "Golden", "Golden Peach Nectar 1L", "金丰桃汁饮料1L", "Juice", "Nectar", "1L", 10.5, 30, [0.9, 0.9, 1]);
  comp("Maple Bakery", "Maple", "Maple Butter Cookies 400g", "枫叶黄油曲奇400g", "Biscuits", "Cookies", "400g", 32.0, 22, [1, 0.9, 0.95]);
  comp("Maple Bakery", "Maple", "Maple Chocolate Cookies 200g", "枫叶巧克力曲奇200g", "Biscuits", "Cookies", "200g", 16.5, 26, [0.95, 0.9, 0.9]);
  comp("Maple Bakery", "Maple", "Maple Digestive 400g", "枫叶消化饼400g", "Biscuits", "Crackers", "400g", 19.9, 20, [0.8, 0.85, 0.9]);
  comp("Maple Bakery", "Maple", "Maple Cream Wafer 150g", "枫叶威化150g", "Biscuits", "Cream sandwich", "150g", 8.9, 35, [0.9, 0.95, 1]);
  comp("Blue Ocean Beverages", "Blue Ocean", "Blue Ocean Orange 100% 1L", "蓝海100%橙汁1L", "Juice", "100% juice", "1L", 14.5, 42, [1, 1, 1]);
  comp("Blue Ocean Beverages", "Blue Ocean", "Blue Ocean Mango Nectar 1L", "蓝海芒果汁饮料1L", "Juice", "Nectar", "1L", 9.5, 40, [1, 1, 1]);
  comp("Blue Ocean Beverages", "Blue Ocean", "Blue Ocean Peach Nectar 250ml", "蓝海桃汁饮料250ml", "Juice", "Nectar", "250ml", 3.3, 55, [0.9, 1, 1]);
  comp("Blue Ocean Beverages", "Blue Ocean", "Blue Ocean Grape 100% 1.5L", "蓝海100%葡萄汁1.5L", "Juice", "100% juice", "1.5L", 22.5, 14, [0.7, 0.8, 0.85]);
  comp("Blue Ocean Beverages", "Blue Ocean", "Blue Ocean Apple 100% 250ml", "蓝海100%苹果汁250ml", "Juice", "100% juice", "250ml", 4.5, 40, [0.8, 0.9, 0.95]);
  return list;
}

interface Store {
  code: string;
  name: string;
  retailerIndex: number;
  region: string;
  city: string;
  format: string;
  /** First and last month index (0 = 2024-07) the store trades; size factor. */
  openMonth: number;
  closeMonth: number;
  openDate: string | null;
  closeDate: string | null;
  size: number;
}

/** 27 months: 2024-07 .. 2026-09 (nine quarters). */
export const FIRST_MONTH = { year: 2024, month: 7 };
export const MONTHS = 27;

function monthOf(i: number): { year: number; month: number } {
  const idx = FIRST_MONTH.year * 12 + FIRST_MONTH.month - 1 + i;
  return { year: Math.floor(idx / 12), month: (idx % 12) + 1 };
}

export const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

function stores(rand: () => number): Store[] {
  const list: Store[] = [];
  RETAILERS.forEach((r, ri) => {
    for (let k = 1; k <= r.stores; k++) {
      const region = REGIONS[(k + ri) % REGIONS.length];
      const city = region.cities[Math.floor(rand() * region.cities.length)];
      let openMonth = 0;
      let closeMonth = MONTHS - 1;
      let openDate: string | null = iso(2008 + Math.floor(rand() * 14), 1 + Math.floor(rand() * 12), 1 + Math.floor(rand() * 28));
      let closeDate: string | null = null;
      // A few stores open during the data (one in the last quarter), one closes.
      if (k === r.stores) {
        openMonth = 25; // 2026-08
        openDate = iso(2026, 8, 15);
      } else if (k === r.stores - 1) {
        openMonth = 12; // 2025-07
        openDate = iso(2025, 7, 1);
      } else if (k === r.stores - 2 && ri !== 2) {
        closeMonth = 17; // 2025-12
        closeDate = iso(2025, 12, 31);
      }
      list.push({
        code: `${r.prefix}${String(k).padStart(3, "0")}`,
        name: `${r.name} ${city} ${k}`,
        retailerIndex: ri,
        region: region.en,
        city,
        format: k % 5 === 0 ? "Supermarket" : "Hypermarket",
        openMonth,
        closeMonth,
        openDate,
        closeDate,
        size: k % 5 === 0 ? 0.45 : 0.7 + rand() * 0.8,
      });
    }
  });
  return list;
}

export const SEASON = [1.25, 1.35, 1.0, 0.95, 0.95, 1.0, 1.05, 1.1, 1.0, 0.95, 1.05, 1.15]; // Jan..Dec; CNY peak

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Thousands separators, as some exports write numbers (as text). */
export function withSeparators(x: number): string {
  return x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export interface SampleData {
  sheets: SampleSheet[];
  /** Facts the tests check the engine against (not written to the file). */
  facts: { stores: number; skusOurs: number; skusCompetitors: number; sellOutRows: number; months: number };
}

export function generateSample(seed = 20261130): SampleData {
  const rand = mulberry32(seed);
  const prods = products();
  const storeList = stores(rand);

  // Which product is listed in which store (fixed over time; new launches start later).
  const listed = new Map<string, boolean>();
  for (const s of storeList)
    for (const p of prods) listed.set(`${s.code}|${p.sku}`, rand() < p.listing[s.retailerIndex] * (s.format === "Supermarket" ? 0.8 : 1));

  const sellOutEn: RawCell[][] = [];
  const sellOutZh: RawCell[][] = [];
  let sellOutRows = 0;
  const sellInByRetailerSkuMonth = new Map<string, number>();
  const monthlyOurGross: number[][] = RETAILERS.map(() => new Array(MONTHS).fill(0));

  for (let mi = 0; mi < MONTHS; mi++) {
    const { year, month } = monthOf(mi);
    const yearsIn = mi / 12;
    for (const s of storeList) {
      if (mi < s.openMonth || mi > s.closeMonth) continue;
      const r = RETAILERS[s.retailerIndex];
      for (const p of prods) {
        if (!listed.get(`${s.code}|${p.sku}`)) continue;
        if (p.launch) {
          const [ly, lm] = p.launch.split("-").map(Number);
          if (year * 12 + month < ly * 12 + lm) continue;
        }
        // A store that opened mid-month sells half a month.
        const ramp = mi === s.openMonth && s.openMonth > 0 ? 0.5 : 1;
        const trend = Math.pow(1 + (p.ours ? r.ourTrend : r.compTrend), yearsIn);
        const noise = 0.8 + rand() * 0.4;
        const units = Math.max(0, Math.round(p.baseUnits * s.size * SEASON[month - 1] * trend * noise * ramp));
        if (units === 0) continue;
        const priceFactor = s.retailerIndex === 2 ? 0.97 : s.retailerIndex === 1 ? 0.99 : 1;
        const promo = rand() < 0.12;
        const price = p.price * priceFactor * (promo ? 0.85 : 1);
        const value = round2(units * price);
        sellOutRows++;
        if (p.ours) {
          const key = `${s.retailerIndex}|${p.sku}|${mi}`;
          sellInByRetailerSkuMonth.set(key, (sellInByRetailerSkuMonth.get(key) ?? 0) + units);
        }
        if (year < 2026) {
          // Syndicated export, English headers; some values exported as text with separators.
          const asText = rand() < 0.02;
          sellOutEn.push([
            r.name,
            s.code,
            p.sku,
            p.name,
            p.manufacturer,
            p.category,
            p.segment,
            `${year}-${String(month).padStart(2, "0")}`,
            units,
            asText ? withSeparators(value) : value,
            promo ? "Y" : null,
          ]);
        } else {
          // Retailer portal export, Chinese headers and retailer names, month as 2026年3月.
          const asText = rand() < 0.03;
          sellOutZh.push([r.nameZh, s.code, p.sku, p.nameZh, `${year}年${month}月`, units, asText ? `¥${withSeparators(value)}` : value, promo ? "是" : null]);
        }
      }
    }
  }

  // Subtotal rows as exports add them: one in each sell-out sheet.
  const enHeader = ["Retailer", "Store", "SKU", "Product", "Manufacturer", "Category", "Segment", "Month", "Units", "Sales Value", "Promo"];
  const enTotal = sellOutEn.slice(0, 40).reduce((sum, r) => sum + (typeof r[9] === "number" ? r[9] : Number(String(r[9]).replace(/,/g, ""))), 0);
  sellOutEn.splice(40, 0, ["Subtotal", null, null, null, null, null, null, null, null, round2(enTotal)]);
  const zhTotal = sellOutZh.slice(0, 25).reduce((sum, r) => sum + (typeof r[6] === "number" ? r[6] : Number(String(r[6]).replace(/[¥,]/g, ""))), 0);
  sellOutZh.splice(25, 0, ["小计", null, null, null, null, null, round2(zhTotal)]);

  const sheets: SampleSheet[] = [];
  sheets.push({
    name: "Settings",
    rows: [
      ["Setting", "Value"],
      ["Own company", `${OUR_COMPANY}; 日出食品`],
      ["Currency", "CNY"],
      ["Fiscal year start month", 1],
      ["Language", "en-US"],
      ["Corridor", "90-110"],
      ["Cost of capital", "4%"],
    ],
    widths: [26, 28],
  });
  sheets.push({
    name: "Stores",
    rows: [
      ["Store code", "Store name", "Retailer", "Region", "City", "Format", "Open date", "Close date", "Store sales"],
      ...storeList.map((s) => [
        s.code,
        s.name,
        RETAILERS[s.retailerIndex].name,
        s.region,
        s.city,
        s.format,
        s.openDate,
        s.closeDate,
        Math.round(s.size * 180_000_000) / 1, // yearly all-commodity sales of the store
      ]),
    ],
    widths: [11, 30, 12, 9, 12, 13, 12, 12, 14],
  });
  sheets.push({
    name: "商品",
    rows: [
      ["条码", "商品名称", "厂家", "品牌", "品类", "细分", "规格", "本公司", "单位成本", "出厂价"],
      ...prods.map((p) => [
        p.sku,
        p.nameZh,
        p.manufacturer,
        p.brand,
        p.category,
        p.segment,
        p.pack,
        p.ours ? "是" : "否",
        p.ours ? round2(p.price * 0.42) : null,
        p.ours ? round2(p.price * 0.68) : null,
      ]),
    ],
    widths: [16, 30, 22, 12, 10, 16, 8, 8, 10, 10],
  });
  sheets.push({
    name: "Sell-out 2024-2025",
    rows: [["Sell-out by store, SKU and month · syndicated export · 2024-07 to 2025-12"], [], enHeader, ...sellOutEn],
    widths: [11, 8, 16, 38, 22, 10, 16, 9, 8, 12, 7],
  });
  sheets.push({
    name: "零售数据2026",
    rows: [["零售商", "门店", "条码", "商品名称", "月份", "销量", "销售金额", "促销"], ...sellOutZh],
    widths: [8, 8, 16, 30, 10, 8, 12, 6],
  });

  // Price checks: monthly in three stores per retailer, our SKUs and the competitors.
  const priceChecks: RawCell[][] = [["Date", "Retailer", "Store", "SKU", "Shelf price", "Promo price"]];
  for (let mi = MONTHS - 9; mi < MONTHS; mi++) {
    const { year, month } = monthOf(mi);
    RETAILERS.forEach((r, ri) => {
      for (const s of storeList.filter((x) => x.retailerIndex === ri).slice(0, 3)) {
        for (const p of prods) {
          if (!listed.get(`${s.code}|${p.sku}`) || rand() < 0.15) continue;
          const priceFactor = ri === 2 ? 0.97 : ri === 1 ? 0.99 : 1;
          const promo = rand() < 0.1 ? round2(p.price * priceFactor * 0.85) : null;
          priceChecks.push([iso(year, month, 10 + Math.floor(rand() * 10)), r.name, s.code, p.sku, round2(p.price * priceFactor), promo]);
        }
      }
    });
  }
  sheets.push({ name: "Price checks", rows: priceChecks, widths: [12, 11, 8, 16, 11, 11] });

  const skuOf = (name: string) => prods.find((p) => p.name === name)!.sku;
  sheets.push({
    name: "Price pairs",
    rows: [
      ["Our SKU", "Competitor SKU", "Corridor low", "Corridor high"],
      [skuOf("Sunny Cream Sandwich Vanilla 100g"), skuOf("Golden Cream Sandwich 100g"), 90, 100],
      [skuOf("Sunny Cream Sandwich Vanilla 300g"), skuOf("Golden Cream Sandwich 300g"), null, null],
      [skuOf("Sunny Crackers Sea Salt 200g"), skuOf("Golden Soda Crackers 200g"), 95, 105],
      [skuOf("Sunny Butter Cookies 400g"), skuOf("Maple Butter Cookies 400g"), 90, 100],
      [skuOf("Sunny Fruit Orange 100% 1L"), skuOf("Golden Orange 100% 1L"), 95, 105],
      [skuOf("Sunny Fruit Orange 100% 1L"), skuOf("Blue Ocean Orange 100% 1L"), 95, 105],
      [skuOf("Sunny Fruit Mango Nectar 1L"), skuOf("Blue Ocean Mango Nectar 1L"), 95, 110],
    ],
    widths: [16, 16, 12, 12],
  });

  // Sell-in: monthly shipments of ours per retailer at list price (ex-factory), Chinese headers.
  const sellIn: RawCell[][] = [["日期", "零售商", "条码", "数量", "出厂价", "出货金额", "单据号"]];
  let doc = 10000;
  for (let mi = 0; mi < MONTHS; mi++) {
    const { year, month } = monthOf(mi);
    RETAILERS.forEach((r, ri) => {
      for (const p of prods.filter((x) => x.ours)) {
        const units = sellInByRetailerSkuMonth.get(`${ri}|${p.sku}|${mi}`);
        if (!units) continue;
        const shipped = Math.round(units * (0.95 + rand() * 0.1));
        const list = round2(p.price * 0.68);
        sellIn.push([iso(year, month, 5), r.nameZh, p.sku, shipped, list, round2(shipped * list), `SI${doc++}`]);
        monthlyOurGross[ri][mi] += shipped * list;
      }
    });
  }
  sheets.push({ name: "出货数据", rows: sellIn, widths: [12, 8, 16, 8, 8, 12, 10] });

  // The contract: the seed's disguised discounts under their usual names.
  const terms: RawCell[][] = [["Retailer", "Term", "Basis", "Rate", "Amount", "Condition", "Valid from", "Valid to"]];
  const deductions: RawCell[][] = [["日期", "零售商", "扣款项目", "扣款金额", "单号", "备注"]];
  let ref = 5000;
  RETAILERS.forEach((r, ri) => {
    const scale = r.stores / 24;
    const contract: RawCell[][] = [
      [r.name, "Invoice discount 票折", "gross", "3%", null, null, "2025-01-01", "2026-12-31"],
      [r.name, "Year-end rebate 年终返利", "invoice", "2%", null, null, "2025-01-01", "2026-12-31"],
      // Carrefour earns its volume bonus, RT-Mart misses the threshold, Walmart misses the growth condition.
      [r.name, "Volume bonus 达量返利", "gross", "1.5%", null, [1_500_000, 1_600_000, "同比增长5%"][ri], "2026-01-01", "2026-12-31"],
      [r.name, "Listing fee 上架费", "per-sku", null, 5000, null, "2025-01-01", "2026-12-31"],
      [r.name, "Anniversary fee 店庆费", "annual", null, Math.round(60_000 * scale), null, "2026-01-01", "2026-12-31"],
      [r.name, "Flyer fee 海报费", "annual", null, Math.round(48_000 * scale), null, "2026-01-01", "2026-12-31"],
      [r.name, "Gondola end 堆头费", "annual", null, Math.round(36_000 * scale), null, "2026-07-01", "2026-12-31"],
      [r.name, "DC fee 配送费", "invoice", "2%", null, null, "2025-01-01", "2026-12-31"],
      [r.name, "New store fee 新店开业费", "per-store", null, 3000, null, "2025-01-01", "2026-12-31"],
      [r.name, "Payment terms 账期", "days", null, 60, null, "2025-01-01", "2026-12-31"],
    ];
    if (ri === 0) contract.push([r.name, "Hope fund 希望资金", "once", null, 20000, null, "2026-08-01", "2026-08-31"]);
    terms.push(...contract);

    // Deductions in 2026-Q3 (and Q2): monthly fees, with deliberate over-charges and one unknown.
    const q3Gross = monthlyOurGross[ri].slice(24, 27).reduce((a, b) => a + b, 0);
    for (const [mi, m] of [
      [24, 7],
      [25, 8],
      [26, 9],
    ]) {
      const g = monthlyOurGross[ri][mi];
      deductions.push([iso(2026, m, 25), r.nameZh, "配送费", round2(g * 0.98 * 0.02), `D${ref++}`, null]);
      deductions.push([
        iso(2026, m, 25),
        r.nameZh,
        "海报费",
        round2((48_000 * scale) / 12 + (ri === 0 && m === 8 ? 2500 : 0)),
        `D${ref++}`,
        ri === 0 && m === 8 ? "加急海报" : null,
      ]);
    }
    deductions.push([iso(2026, 9, 28), r.nameZh, "店庆费", round2((60_000 * scale * 92) / 365 + (ri === 1 ? 4000 : 0)), `D${ref++}`, null]);
    // Annual amounts are per contract year (365 days from 2026-07-01), also when the contract ends sooner.
    deductions.push([iso(2026, 9, 28), r.nameZh, "堆头费", round2((36_000 * scale * 92) / 365), `D${ref++}`, null]);
    deductions.push([iso(2026, 9, 30), r.nameZh, "年终返利", round2(q3Gross * 0.97 * 0.02 * (ri === 2 ? 1.1 : 1)), `D${ref++}`, null]);
    if (ri === 0) {
      deductions.push([iso(2026, 9, 30), r.nameZh, "达量返利", round2(q3Gross * 0.015), `D${ref++}`, null]);
      deductions.push([iso(2026, 8, 20), r.nameZh, "希望资金", 20000, `D${ref++}`, null]);
      deductions.push([iso(2026, 9, 15), r.nameZh, "系统维护费", 8800, `D${ref++}`, "未在合同中"]);
    }
    deductions.push([iso(2026, 8, 20), r.nameZh, "新店开业费", 3000, `D${ref++}`, null]);
  });
  sheets.push({ name: "Trade terms", rows: terms, widths: [11, 28, 10, 7, 10, 11, 12, 12] });
  sheets.push({ name: "扣款明细", rows: deductions, widths: [12, 8, 12, 12, 8, 12] });

  const targets: RawCell[][] = [["Retailer", "KPI", "Period", "Target", "Direction"]];
  // Targets set so the sample shows every status: met, within 5%, missed.
  const goals: Record<string, [number, number]> = { Carrefour: [580_000, 0.42], "RT-Mart": [450_000, 0.38], Walmart: [320_000, 0.36] };
  // Typed as people type them (metrics.md "Targets and actions"): signs, %, words, zh KPI names, a category.
  for (const r of RETAILERS) {
    targets.push([r.name, "Sales value", "2026-Q3", goals[r.name][0], "at least"]);
    targets.push([r.name, "市场份额", "2026-Q3", `${Math.round(goals[r.name][1] * 100)}%`, null]);
    targets.push([r.name, "Price index", "2026-Q3", "≤100", null]);
    targets.push([r.name, "ND of A SKUs", "2026-Q3", "≥ 90%", null]);
    targets.push([r.name, "费用率", "2026-Q3", "不高于18%", null]);
  }
  targets[0].push("Category");
  targets.push(["Carrefour", "Value share", "2026-Q3", "至少45%", null, "Juice"]);
  sheets.push({ name: "Targets", rows: targets, widths: [11, 16, 10, 12, 10] });
  sheets.push({
    name: "Actions",
    rows: [
      ["Retailer", "Action", "Owner", "Due", "Status", "Opened in"],
      ["Carrefour", "List Sunny Matcha Cookies in all hypermarkets", "Li Wei", "2026-09-30", "Open", "2026-Q2"],
      ["Carrefour", "Gondola end for juice during Mid-Autumn festival", "Zhang Min", "2026-09-15", "Done", "2026-Q2"],
      ["RT-Mart", "Fix price gap on Orange 100% 1L vs Golden", "Wang Fang", "2026-08-31", "Open", "2026-Q2"],
      ["Walmart", "Recover distribution of Crackers Scallion", "Chen Jie", "2026-10-31", "Open", "2026-Q3"],
    ],
    widths: [11, 48, 12, 12, 8, 10],
  });

  return {
    sheets,
    facts: {
      stores: storeList.length,
      skusOurs: prods.filter((p) => p.ours).length,
      skusCompetitors: prods.filter((p) => !p.ours).length,
      sellOutRows,
      months: MONTHS,
    },
  };
}
