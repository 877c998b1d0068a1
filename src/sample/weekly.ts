/**
 * The weekly sample account: Sunrise Foods at Walmart, a retailer on the NRF 4-5-4 retail calendar
 * (retail year FY N ends on the Saturday nearest 31 January of N; weeks run Sunday to Saturday), as a
 * KA manager has it from the retailer's portal: sell-out by store, SKU and retail week, last year's
 * export with Chinese headers and labels (2026年第5周), this year's in English (FY27 Wk5), no retailer
 * column (Settings names the retailer). 108 weeks, FY2025-W27 to FY2027-W30 (2024-08-04 to
 * 2026-08-29), so MAT, YTD and L13W all have a full comparison, and promotions run as events of a
 * few weeks with a price cut, an uplift and a dip after — what the promotions evaluation reads.
 *
 * Same seed, same workbook (mulberry32, no clock), like the monthly sample.
 */
import { RawCell, dayFromYmd, formatDay } from "../engine";
import { OUR_COMPANY, Product, REGIONS, SEASON, SampleData, SampleSheet, mulberry32, products, round2, withSeparators } from "./generate";

/** FY2025-W27 starts 2024-08-04: FY2025 starts 2024-02-04 (the day after Saturday 2024-02-03). */
const FIRST_WEEK_START = dayFromYmd(2024, 8, 4);
export const WEEKS = 108;
const RETAILER = { name: "Walmart", nameZh: "沃尔玛", prefix: "WM", stores: 18 };

/** Retail year and week number of week k of the data (0 = FY2025-W27); FY2025 and FY2026 have 52 weeks. */
export function retailWeekOf(k: number): { fy: number; week: number } {
  if (k < 26) return { fy: 2025, week: 27 + k };
  if (k < 78) return { fy: 2026, week: k - 25 };
  return { fy: 2027, week: k - 77 };
}

/** A promotion of one SKU of ours: weeks of the data it runs, its price cut and its uplift. */
export interface SampleEvent {
  sku: string;
  name: string;
  firstWeek: number;
  weeks: number;
  depth: number;
  uplift: number;
  mechanic: string;
  /** Paid to the retailer for the event (flyer, display), and our support per unit sold. */
  fixedCost: number | null;
  fundingPerUnit: number | null;
}

const FLYER = "Flyer 海报";
const GONDOLA = "Gondola end 堆头";
const PRICE_CUT = "Price cut 直降";

/**
 * The promotion calendar: each promoted SKU of ours gets an event every 13–20 weeks, 2 or 3 weeks long,
 * 15–25% off, selling 1.6–2.4 times its baseline; the two weeks after dip to 85%. Drawn from its own
 * seed so the sell-out draws do not depend on it.
 */
function promotionCalendar(ours: Product[]): SampleEvent[] {
  const rand = mulberry32(4054);
  const events: SampleEvent[] = [];
  const mechanics = [PRICE_CUT, FLYER, GONDOLA];
  // Costs as the contract's promotion fees would have them: a flyer slot or a gondola end paid per
  // event, and on a price cut half the discount funded by us per unit sold.
  const costs = (mechanic: string, p: Product, depth: number) =>
    mechanic === FLYER
      ? { fixedCost: 900, fundingPerUnit: null }
      : mechanic === GONDOLA
        ? { fixedCost: 1500, fundingPerUnit: null }
        : { fixedCost: null, fundingPerUnit: round2(p.price * 0.97 * depth * 0.5) };
  const push = (p: Product, firstWeek: number, weeks: number, depth: number, uplift: number, mechanic: string, fixed?: number) =>
    events.push({ sku: p.sku, name: p.name, firstWeek, weeks, depth, uplift, mechanic, ...costs(mechanic, p, depth), ...(fixed ? { fixedCost: fixed } : {}) });
  ours.forEach((p, i) => {
    if (i % 3 === 2) return; // a third of the range is never promoted: their weeks stay clean
    if (i === 0) return; // promoted in bursts below
    if (p.listing[2] === 0 || p.launch) return; // not sold at Walmart
    let w = 4 + Math.floor(rand() * 10);
    while (w < WEEKS - 3) {
      const weeks = rand() < 0.5 ? 2 : 3;
      const depth = round2(0.15 + rand() * 0.1);
      const uplift = round2(1.6 + rand() * 0.8);
      const mechanic = mechanics[Math.floor(rand() * mechanics.length)];
      // Sunny Crackers Cheese 100g: a gondola end it cannot pay for (a small SKU, an 8,000 display fee) in FY2027-W18.
      if (i === 9 && w > 80 && w < 95) w = 95;
      push(p, w, weeks, depth, uplift, i === 9 && w === 95 ? GONDOLA : mechanic, i === 9 && w === 95 ? 8000 : undefined);
      w += weeks + 13 + Math.floor(rand() * 8);
    }
  });
  // Sunny Cream Sandwich Vanilla 100g on promotion two weeks in four from FY2026-W41: from then on no
  // week of it is clean (promoted, or in the two weeks after), so its FY2027-Q2 events have no baseline.
  for (let w = 66; w < WEEKS - 3; w += 4) push(ours[0], w, 2, 0.2, 1.8, PRICE_CUT);
  return events.sort((a, b) => a.firstWeek - b.firstWeek || a.sku.localeCompare(b.sku));
}

/** Sister SKUs (ours, same segment) lose this share of their units in a week one of them is promoted. */
const CANNIBALISATION = 0.04;

export interface WeeklySampleData extends SampleData {
  events: SampleEvent[];
}

export function generateWeeklySample(seed = 20261201): WeeklySampleData {
  const rand = mulberry32(seed);
  const prods = products();
  const ours = prods.filter((p) => p.ours);
  const events = promotionCalendar(ours);
  const stores = Array.from({ length: RETAILER.stores }, (_, i) => {
    const k = i + 1;
    const region = REGIONS[k % REGIONS.length];
    return {
      code: `${RETAILER.prefix}${String(k).padStart(3, "0")}`,
      name: `${RETAILER.name} ${region.cities[k % region.cities.length]} ${k}`,
      region: region.en,
      city: region.cities[k % region.cities.length],
      format: k % 6 === 0 ? "Supercenter small" : "Supercenter",
      size: k % 6 === 0 ? 0.5 : 0.75 + rand() * 0.7,
      // One store opens during FY2027-Q2 (2026-06-14, week 97 of the data).
      openWeek: k === RETAILER.stores ? 97 : 0,
      openDate: k === RETAILER.stores ? "2026-06-14" : `${2009 + (k % 12)}-0${1 + (k % 9)}-1${k % 10}`,
    };
  });
  const listed = new Map<string, boolean>();
  for (const s of stores) for (const p of prods) listed.set(`${s.code}|${p.sku}`, rand() < p.listing[2] * (s.format === "Supercenter" ? 1 : 0.8));

  // Per SKU and week: the promotion factor (uplift in the event, the dip after) and whether it is flagged.
  const factor = new Map<string, number>();
  const promoWeek = new Map<string, number>();
  const sisterLoss = new Map<string, number>();
  for (const e of events) {
    const promoted = ours.find((p) => p.sku === e.sku)!;
    for (const s of ours)
      if (s.sku !== e.sku && s.segment === promoted.segment)
        for (let w = e.firstWeek; w < e.firstWeek + e.weeks; w++) sisterLoss.set(`${s.sku}|${w}`, 1 - CANNIBALISATION);
    for (let w = e.firstWeek; w < e.firstWeek + e.weeks; w++) {
      factor.set(`${e.sku}|${w}`, e.uplift);
      promoWeek.set(`${e.sku}|${w}`, e.depth);
    }
    for (let w = e.firstWeek + e.weeks; w < e.firstWeek + e.weeks + 2; w++) if (!factor.has(`${e.sku}|${w}`)) factor.set(`${e.sku}|${w}`, 0.85);
  }

  const lastYear: RawCell[][] = [];
  const thisYear: RawCell[][] = [];
  const shippedBySkuWeek = new Map<string, number>();
  let sellOutRows = 0;
  for (let k = 0; k < WEEKS; k++) {
    const start = FIRST_WEEK_START + 7 * k;
    const month = Number(formatDay(start + 3).slice(5, 7));
    const { fy, week } = retailWeekOf(k);
    const yearsIn = k / 52;
    for (const s of stores) {
      if (k < s.openWeek) continue;
      for (const p of prods) {
        if (!listed.get(`${s.code}|${p.sku}`)) continue;
        if (p.launch && formatDay(start) < `${p.launch}-01`) continue;
        const trend = Math.pow(p.ours ? 1.05 : 1.02, yearsIn);
        const own = p.ours ? factor.get(`${p.sku}|${k}`) : undefined;
        // A promoted week lifts the SKU; a sister's promotion takes a share of its units (unless it is on promotion itself).
        const promo = p.ours ? (own ?? sisterLoss.get(`${p.sku}|${k}`) ?? 1) : 1;
        const depth = p.ours ? promoWeek.get(`${p.sku}|${k}`) : undefined;
        const noise = 0.85 + rand() * 0.3;
        const units = Math.round(((p.baseUnits * 12) / 52) * s.size * SEASON[month - 1] * trend * promo * noise * (k === s.openWeek && k > 0 ? 0.6 : 1));
        if (units === 0) continue;
        const value = round2(units * p.price * 0.97 * (depth === undefined ? 1 : 1 - depth));
        sellOutRows++;
        if (p.ours) shippedBySkuWeek.set(`${p.sku}|${k}`, (shippedBySkuWeek.get(`${p.sku}|${k}`) ?? 0) + units);
        const flag = depth !== undefined;
        if (fy < 2027) {
          const asText = rand() < 0.02;
          lastYear.push([s.code, p.sku, p.nameZh, `${fy}年第${week}周`, units, asText ? `¥${withSeparators(value)}` : value, flag ? "是" : null]);
        } else thisYear.push([s.code, p.sku, p.name, `FY${String(fy).slice(2)} Wk${week}`, units, value, flag ? "Y" : null]);
      }
    }
  }

  const sheets: SampleSheet[] = [];
  sheets.push({
    name: "Settings",
    rows: [
      ["Setting", "Value"],
      ["Own company", `${OUR_COMPANY}; 日出食品`],
      ["Retailer", RETAILER.name],
      ["Currency", "CNY"],
      ["Language", "zh-CN"],
      ["Calendar", "4-5-4"],
      ["Retail year end", "Saturday nearest 01-31"],
      ["Corridor", "95-105"],
    ],
    widths: [22, 28],
  });
  sheets.push({
    name: "Stores",
    rows: [
      ["Store number", "Store name", "Retailer", "Region", "City", "Format", "Open date"],
      ...stores.map((s) => [s.code, s.name, RETAILER.name, s.region, s.city, s.format, s.openDate]),
    ],
    widths: [13, 28, 10, 9, 12, 18, 12],
  });
  sheets.push({
    name: "Products",
    rows: [
      ["SKU", "Product name", "Manufacturer", "Brand", "Category", "Segment", "Pack size", "Ours", "Unit cost", "List price"],
      ...prods.map((p) => [
        p.sku,
        p.name,
        p.manufacturer,
        p.brand,
        p.category,
        p.segment,
        p.pack,
        p.ours ? "Y" : "N",
        p.ours ? round2(p.price * 0.42) : null,
        p.ours ? round2(p.price * 0.68) : null,
      ]),
    ],
    widths: [16, 36, 22, 12, 10, 16, 9, 6, 10, 10],
  });
  sheets.push({
    name: "POS FY2025-26",
    rows: [["门店", "商品编码", "商品名称", "周次", "销量", "销售额", "促销"], ...lastYear],
    widths: [8, 16, 30, 14, 8, 12, 6],
  });
  sheets.push({
    name: "POS FY2027",
    rows: [["Store number", "UPC", "Item description", "Fiscal week", "Units", "POS sales", "Promo"], ...thisYear],
    widths: [13, 16, 36, 12, 8, 12, 6],
  });

  // Price checks every fourth week in three stores (Tuesdays), ours and the competitors.
  const checks: RawCell[][] = [["Date", "Store", "SKU", "Shelf price", "Promo price"]];
  for (let k = WEEKS - 36; k < WEEKS; k += 4) {
    const day = formatDay(FIRST_WEEK_START + 7 * k + 2);
    for (const s of stores.slice(0, 3))
      for (const p of prods) {
        if (!listed.get(`${s.code}|${p.sku}`) || rand() < 0.1) continue;
        const depth = p.ours ? promoWeek.get(`${p.sku}|${k}`) : undefined;
        checks.push([day, s.code, p.sku, round2(p.price * 0.97), depth === undefined ? null : round2(p.price * 0.97 * (1 - depth))]);
      }
  }
  sheets.push({ name: "Price checks", rows: checks, widths: [12, 9, 16, 11, 11] });

  // The promotion calendar as the KA manager keeps it: one row per SKU per event, with what it cost.
  const period = (k: number) => {
    const { fy, week } = retailWeekOf(k);
    return `FY${String(fy).slice(2)} W${String(week).padStart(2, "0")}`;
  };
  sheets.push({
    name: "促销计划",
    rows: [
      ["零售商", "促销名称", "条码", "开始日期", "结束日期", "机制", "促销价", "固定费用", "单件补贴"],
      ...events.map((e) => {
        const p = ours.find((x) => x.sku === e.sku)!;
        return [
          RETAILER.nameZh,
          `${period(e.firstWeek)} ${e.mechanic.split(" ").pop()}`,
          e.sku,
          formatDay(FIRST_WEEK_START + 7 * e.firstWeek),
          formatDay(FIRST_WEEK_START + 7 * (e.firstWeek + e.weeks) - 1),
          e.mechanic,
          round2(p.price * 0.97 * (1 - e.depth)),
          e.fixedCost,
          e.fundingPerUnit,
        ];
      }),
    ],
    widths: [8, 18, 16, 12, 12, 16, 8, 10, 10],
  });
  const skuOf = (name: string) => prods.find((p) => p.name === name)!.sku;
  sheets.push({
    name: "Price pairs",
    rows: [
      ["Our SKU", "Competitor SKU", "Corridor low", "Corridor high"],
      [skuOf("Sunny Cream Sandwich Vanilla 100g"), skuOf("Golden Cream Sandwich 100g"), 90, 100],
      [skuOf("Sunny Crackers Sea Salt 200g"), skuOf("Golden Soda Crackers 200g"), 95, 105],
      [skuOf("Sunny Fruit Orange 100% 1L"), skuOf("Blue Ocean Orange 100% 1L"), 95, 105],
      [skuOf("Sunny Fruit Mango Nectar 1L"), skuOf("Blue Ocean Mango Nectar 1L"), 95, 110],
    ],
    widths: [16, 16, 12, 12],
  });

  // Sell-in: weekly shipments to the DC, on the Monday of each week, at list price.
  const sellIn: RawCell[][] = [["Date", "SKU", "Units", "List price", "Gross value", "Invoice"]];
  let invoice = 70000;
  const grossByWeek = new Array(WEEKS).fill(0);
  for (let k = 0; k < WEEKS; k++)
    for (const p of ours) {
      const units = shippedBySkuWeek.get(`${p.sku}|${k}`);
      if (!units) continue;
      const shipped = Math.round(units * (0.96 + rand() * 0.08));
      const list = round2(p.price * 0.68);
      sellIn.push([formatDay(FIRST_WEEK_START + 7 * k + 1), p.sku, shipped, list, round2(shipped * list), `INV${invoice++}`]);
      grossByWeek[k] += shipped * list;
    }
  sheets.push({ name: "Sell-in", rows: sellIn, widths: [12, 16, 8, 10, 12, 10] });

  // A two-year contract (FY2026 and FY2027): annual amounts are per contract year, not spread over two.
  const from = "2025-02-02";
  const to = "2027-01-30";
  sheets.push({
    name: "Trade terms",
    rows: [
      ["Retailer", "Term", "Basis", "Rate", "Amount", "Condition", "Valid from", "Valid to"],
      [RETAILER.name, "Invoice discount 票折", "gross", "3%", null, null, from, to],
      [RETAILER.name, "Year-end rebate 年终返利", "invoice", "2%", null, null, from, to],
      [RETAILER.name, "Growth bonus 增长奖金", "gross", "1%", null, "同比增长5%", from, to],
      [RETAILER.name, "Anniversary fee 店庆费", "annual", null, 40000, null, from, to],
      [RETAILER.name, "Flyer fee 海报费", "annual", null, 52000, null, from, to],
      [RETAILER.name, "DC fee 配送费", "invoice", "2.5%", null, null, from, to],
      [RETAILER.name, "New store fee 新店开业费", "per-store", null, 3000, null, from, to],
      [RETAILER.name, "Payment terms 账期", "days", null, 45, null, from, to],
    ],
    widths: [10, 28, 10, 7, 10, 12, 12, 12],
  });

  // Deductions in FY2027-Q2 (2026-05-03..2026-08-01): the DC fee per retail period, the flyer fee
  // per period (one flyer charged twice), the anniversary fee, the new store fee, the rebate.
  const q2 = { first: 91, last: 103 }; // weeks of the data in FY2027-Q2 (W14–W26)
  const gross = (a: number, b: number) => grossByWeek.slice(a, b + 1).reduce((x, y) => x + y, 0);
  const periods = [
    [91, 94, "2026-05-30"],
    [95, 99, "2026-07-04"],
    [100, 103, "2026-08-01"],
  ] as const;
  const deductions: RawCell[][] = [["Date", "Deduction", "Amount", "Reference", "Note"]];
  let ref = 8100;
  for (const [a, b, day] of periods) {
    deductions.push([day, "配送费", round2(gross(a, b) * 0.97 * 0.025), `DN${ref++}`, null]);
    deductions.push([day, "海报费", round2((52000 * 7 * (b - a + 1)) / 365), `DN${ref++}`, null]);
  }
  deductions.push(["2026-07-04", "海报费", round2((52000 * 7 * 5) / 365), `DN${ref++}`, "重复扣款?"]);
  deductions.push(["2026-08-01", "店庆费", round2((40000 * 91) / 365), `DN${ref++}`, null]);
  deductions.push(["2026-06-20", "新店开业费", 3000, `DN${ref++}`, null]);
  deductions.push(["2026-08-01", "年终返利", round2(gross(q2.first, q2.last) * 0.97 * 0.02), `DN${ref++}`, null]);
  sheets.push({ name: "Deductions", rows: deductions, widths: [12, 12, 12, 10, 12] });

  sheets.push({
    name: "Targets",
    rows: [
      ["KPI", "Period", "Target", "Direction", "Category"],
      // Typed as people type them; set so the review shows green, amber and red.
      ["销售额", "FY2027-Q2", "≥ 320,000", null, null],
      ["市场份额", "FY2027-Q2", "38%", null, null],
      ["Price index", "FY2027-Q2", "不高于100", null, null],
      ["ND of A SKUs", "FY2027-Q2", "至少90%", null, null],
      ["费用率", "FY2027-Q2", "<= 20%", null, null],
      ["Value share", "FY2027-Q2", "≥ 34%", null, "Juice"],
      ["增长率", "L13W", "5%", null, null],
    ],
    widths: [14, 11, 14, 10, 10],
  });
  sheets.push({
    name: "Actions",
    rows: [
      ["Action", "Owner", "Due", "Status", "Opened in"],
      ["Re-list Sunny Crackers Sesame 200g in supercenters", "Chen Jie", "2026-07-31", "Open", "FY2027-Q1"],
      ["Back-to-school flyer for juice 250ml", "Liu Yang", "2026-08-15", "Done", "FY2027-Q1"],
    ],
    widths: [48, 12, 12, 8, 11],
  });

  return {
    sheets,
    events,
    facts: { stores: stores.length, skusOurs: ours.length, skusCompetitors: prods.length - ours.length, sellOutRows, months: 0 },
  };
}
