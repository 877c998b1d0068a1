/**
 * The second step for one sheet: every row below the header kept or rejected with its issue, money
 * reconciled (read = used + rejected), rows repeating an earlier sheet of the kind taken out.
 */
import { cellDisplay, columnLetter } from "../core/grid";
import { weekStartOf, weekdayOf } from "../core/calendar";
import { formatDay, lastDayOfMonth, ymdFromDay } from "../core/dates";
import { IssueCode, IssueLog } from "../core/issues";
import { InputKind, kindSpec } from "../core/schema";
import { normalizeKey } from "../core/coerce";
import { retailerKey } from "../core/retailers";
import { MoneySum } from "../core/sum";
import { TableBuilder } from "../core/table";
import {
  Entry,
  entryAt,
  FAILURE_CODE,
  decideDecimalMarks,
  ONCE_PER_COLUMN,
  FREE_TEXT_FIELDS,
  makeEntry,
  moneyAt,
  NO_GROUPS,
  planColumns,
  PRODUCT_FIELDS,
  PRODUCT_KEYS,
  SheetContext,
} from "./cells";
import { bestFieldScores } from "./detect";
import { CELL_NUMBER } from "./encode";
import { DEFAULT_SETTINGS, calendarOf } from "./settings";
import { Reconciliation, SheetState } from "./types";

/**
 * Rows of one kind that repeat, value for value, a row of an earlier sheet of that kind: a copy of the
 * sell-out sheet ("Sell-out (2)", an old backup, hidden or not) would count every figure twice. Each
 * earlier row absorbs one repeat; repeats are taken out of the table, counted as rejected, and a warning
 * names both sheets. Rows repeated within one sheet are left alone (that is the sheet's own data).
 */
export class RepeatedRows {
  /** Per fingerprint: how many kept rows of earlier sheets have it, and the first sheet that has it. */
  private readonly seen = new Map<string, { count: number; sheet: string }>();

  constructor(private readonly kind?: InputKind) {}

  take(builder: TableBuilder, start: number, sheet: string, rec: Reconciliation, moneyField: string | undefined, log: IssueLog): void {
    const end = builder.n;
    const fingerprint = this.kind === "sell-out" ? sellOutIdentity(builder) : (i: number) => builder.fingerprint(i);
    const keep = new Uint8Array(end - start).fill(1);
    const here = new Map<string, number>();
    const kept = new Map<string, number>();
    const bySheet = new Map<string, { rows: number; money: MoneySum; first: number }>();
    const money = moneyField ? builder.numArray(builder.numSlot(moneyField)) : null;
    for (let i = start; i < end; i++) {
      const fp = fingerprint(i);
      const k = (here.get(fp) ?? 0) + 1;
      here.set(fp, k);
      const earlier = this.seen.get(fp);
      // The k-th copy of a row here repeats an earlier sheet when that sheet had it k times or more.
      if (earlier && k <= earlier.count) {
        keep[i - start] = 0;
        let d = bySheet.get(earlier.sheet);
        if (!d) bySheet.set(earlier.sheet, (d = { rows: 0, money: new MoneySum(), first: builder.rowNumberAt(i) }));
        d.rows++;
        if (money) d.money.add(money[i]);
      } else kept.set(fp, (kept.get(fp) ?? 0) + 1);
    }
    for (const [fp, n] of kept) {
      const e = this.seen.get(fp);
      if (e) e.count += n;
      else this.seen.set(fp, { count: n, sheet });
    }
    if (bySheet.size === 0) return;
    builder.compactFrom(start, keep);
    for (const [other, d] of bySheet) {
      moveToRejected(rec, d.rows, d.money.value);
      log.add({
        sheet,
        row: d.first,
        column: null,
        severity: "warning",
        code: "sheet-repeats-rows",
        params: { sheet, other, count: d.rows, value: Math.round(d.money.value * 100) / 100 },
      });
    }
  }
}

/** Rows taken out after a sheet was resolved: from used to rejected, so read = used + rejected still holds. */
function moveToRejected(rec: Reconciliation, rows: number, value: number): void {
  rec.rowsUsed -= rows;
  rec.rowsRejected += rows;
  if (rec.valueUsed !== null && rec.valueRejected !== null) {
    rec.valueUsed -= value;
    rec.valueRejected += value;
  }
}

/**
 * Two sheets that report the same sale with different figures — the same retailer, store, SKU and
 * span, after exact repeats are gone — are two issues of one export (a portal re-issued August with
 * corrections): counting both would double the overlap. One sheet's rows are kept for it: the one
 * whose data runs later (the newer export), else the one given last; the other's rows for the shared
 * sales are taken out, counted as rejected, and a warning names both. Sheets whose spans do not meet
 * (one year per sheet) cost nothing here.
 */
export function takeOverlaps(builder: TableBuilder, recs: Reconciliation[], log: IssueLog): void {
  const n = builder.n;
  const startSlot = builder.numSlot("spanStart");
  const endSlot = builder.numSlot("spanEnd");
  if (n === 0 || startSlot < 0 || endSlot < 0) return;
  const starts = builder.numArray(startSlot);
  const ends = builder.numArray(endSlot);
  const range = new Map<number, { min: number; max: number }>();
  for (let i = 0; i < n; i++) {
    const s = builder.sheetAt(i);
    const r = range.get(s);
    if (!r) range.set(s, { min: starts[i], max: ends[i] });
    else {
      if (starts[i] < r.min) r.min = starts[i];
      if (ends[i] > r.max) r.max = ends[i];
    }
  }
  const sheets = [...range.keys()];
  const meets = sheets.some((a, x) => sheets.some((b, y) => y > x && range.get(a)!.min <= range.get(b)!.max && range.get(b)!.min <= range.get(a)!.max));
  if (!meets) return;
  const identity = sellOutIdentity(builder, false);
  // The first sheet that reports each sale, and the sheets after it that report it again.
  const firstSheet = new Map<string, number>();
  const conflicts = new Map<string, Set<string>>(); // "a b" (a < b) -> keys
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = identity(i);
    keys[i] = k;
    const s = builder.sheetAt(i);
    const f = firstSheet.get(k);
    if (f === undefined) firstSheet.set(k, s);
    else if (f !== s) {
      const pair = `${f} ${s}`;
      let set = conflicts.get(pair);
      if (!set) conflicts.set(pair, (set = new Set()));
      set.add(k);
    }
  }
  if (conflicts.size === 0) return;
  // Per sale, the sheet whose rows are dropped.
  const drop = new Map<string, Set<number>>();
  const pairs: Array<{ loser: number; winner: number; keys: Set<string> }> = [];
  for (const [pair, set] of conflicts) {
    const [a, b] = pair.split(" ").map(Number);
    // The newer export: its data runs later; else the sheet given last (read later).
    const winner = range.get(b)!.max > range.get(a)!.max ? b : range.get(a)!.max > range.get(b)!.max ? a : Math.max(a, b);
    const loser = winner === a ? b : a;
    pairs.push({ loser, winner, keys: set });
    for (const k of set) {
      let d = drop.get(k);
      if (!d) drop.set(k, (d = new Set()));
      d.add(loser);
    }
  }
  const keep = new Uint8Array(n).fill(1);
  const valueSlot = builder.numSlot("value");
  const value = valueSlot >= 0 ? builder.numArray(valueSlot) : null;
  const dropped = new Map<string, { rows: number; money: MoneySum; first: number; from: number; to: number }>();
  for (let i = 0; i < n; i++) {
    const losers = drop.get(keys[i]);
    const s = builder.sheetAt(i);
    if (!losers?.has(s)) continue;
    keep[i] = 0;
    const pair = pairs.find((p) => p.loser === s && p.keys.has(keys[i]))!;
    const id = `${s} ${pair.winner}`;
    let d = dropped.get(id);
    if (!d) dropped.set(id, (d = { rows: 0, money: new MoneySum(), first: builder.rowNumberAt(i), from: starts[i], to: ends[i] }));
    d.rows++;
    if (value) d.money.add(value[i]);
    if (starts[i] < d.from) d.from = starts[i];
    if (ends[i] > d.to) d.to = ends[i];
  }
  builder.compactFrom(0, keep);
  for (const [id, d] of dropped) {
    const [s, w] = id.split(" ").map(Number);
    const sheet = builder.sheetName(s);
    const rec = recs.find((r) => r.sheet === sheet);
    if (rec) moveToRejected(rec, d.rows, d.money.value);
    log.add({
      sheet,
      row: d.first,
      column: null,
      severity: "warning",
      code: "sheets-overlap",
      params: {
        sheet,
        other: builder.sheetName(w),
        count: d.rows,
        value: Math.round(d.money.value * 100) / 100,
        span: `${formatDay(d.from)}..${formatDay(d.to)}`,
        sheetEnd: formatDay(range.get(s)!.max),
        otherEnd: formatDay(range.get(w)!.max),
      },
    });
  }
}

/**
 * What makes two sell-out rows the same sale, on resolved values rather than cell text: the retailer
 * (家乐福 = Carrefour), the store and SKU codes (case and spacing aside), the span the row covers
 * (2026-08 = 2026/8/1 in a monthly export), units and value to the cent. A product name, a category
 * or a promotion flag written differently by two exports does not make a sale twice.
 */
function sellOutIdentity(builder: TableBuilder, withFigures = true): (i: number) => string {
  const keyed = (field: string, key: (s: string) => string) => {
    const slot = builder.textSlot(field);
    if (slot < 0) return () => "";
    const codes = builder.textArray(slot);
    const cache: string[] = [];
    return (i: number) => {
      const c = codes[i];
      if (c < 0) return "";
      return (cache[c] ??= key(builder.dictOf(slot)[c]));
    };
  };
  const num = (field: string) => {
    const slot = builder.numSlot(field);
    return slot < 0 ? null : builder.numArray(slot);
  };
  const retailer = keyed("retailer", (s) => retailerKey(s));
  const store = keyed("store", normalizeKey);
  const sku = keyed("sku", normalizeKey);
  const [spanStart, spanEnd, units, value] = ["spanStart", "spanEnd", "units", "value"].map(num);
  const cents = (a: Float64Array | null, i: number) => (a ? Math.round(a[i] * 100) : "");
  const sale = (i: number) => `${retailer(i)}\u0001${store(i)}\u0001${sku(i)}\u0001${spanStart?.[i]}\u0001${spanEnd?.[i]}`;
  return withFigures ? (i) => `${sale(i)}\u0001${cents(units, i)}\u0001${cents(value, i)}` : sale;
}

export function emptyReconciliation(sheet: string, kind: InputKind, hasMoney: boolean): Reconciliation {
  return {
    sheet,
    kind,
    rowsRead: 0,
    rowsUsed: 0,
    rowsRejected: 0,
    valueRead: hasMoney ? 0 : null,
    valueUsed: hasMoney ? 0 : null,
    valueRejected: hasMoney ? 0 : null,
    blankRows: 0,
  };
}

/** A sheet that cannot be used at all: every non-blank row below the header is rejected. */
export function refusedSheet(st: SheetState): Reconciliation {
  const kind = st.detection.kind!;
  const spec = kindSpec(kind);
  const plans = planColumns(st, null, spec);
  const moneyPlan = spec.moneyField ? plans.find((p) => p.field === spec.moneyField) : undefined;
  const enc = st.encoder!;
  const rec = emptyReconciliation(st.name, kind, moneyPlan !== undefined);
  rec.blankRows = enc.blankRows;
  rec.rowsRead = enc.n - enc.start;
  rec.rowsRejected = enc.n - enc.start;
  if (moneyPlan) {
    // Money as a plain number reading; no setting or product changes it.
    const ctx: SheetContext = {
      settings: DEFAULT_SETTINGS,
      products: new Map(),
      skuByDigits: new Map(),
      stores: new Set(),
      storeByDigits: new Map(),
      log: new IssueLog(),
      date1904: false,
    };
    const money = new MoneySum();
    for (let i = enc.start; i < enc.n; i++) money.add(moneyAt(moneyPlan, i, ctx, kind));
    rec.valueRead = money.value;
    rec.valueUsed = 0;
    rec.valueRejected = money.value;
  }
  return rec;
}

/**
 * The second step for one sheet: each row is checked (subtotal, required fields, readable values,
 * sell-out completed from Products) and kept or rejected with its issue, by tight loops over the
 * encoded columns; every cell's reading comes from its distinct value's entry.
 */
export function resolveSheet(st: SheetState, builder: TableBuilder, ctx: SheetContext): Reconciliation {
  const d = st.detection;
  const kind = d.kind!;
  const spec = kindSpec(kind);
  const enc = st.encoder!;
  const sheet = st.name;
  const colOffset = st.firstColumn - 1;
  const sheetNo = builder.sheetNumber(sheet);
  const plans = planColumns(st, builder, spec);
  decideDecimalMarks(plans, ctx.log, sheet);
  const m = plans.length;
  const moneyPlan = spec.moneyField ? plans.find((p) => p.field === spec.moneyField) : undefined;
  const retailerK = plans.findIndex((p) => p.field === "retailer");
  const retailerPlan = retailerK >= 0 ? plans[retailerK] : undefined;

  if (kind === "sell-out" && !retailerPlan && !ctx.settings.retailer) {
    ctx.log.add({ sheet, row: null, column: null, severity: "error", code: "no-retailer", params: { sheet } });
    return refusedSheet(st);
  }

  // Our own Action plan has columns of ours (#, Overdue) the actions kind does not read: not news to the user.
  if (!st.generated) reportColumns(st, ctx.log, colOffset);
  if (st.hiddenRows > 0) {
    // Hidden or filtered-out rows are still the user's data: used, and said so.
    ctx.log.add({ sheet, row: null, column: null, severity: "info", code: "hidden-rows-included", params: { sheet, count: st.hiddenRows } });
  }

  const rec = emptyReconciliation(sheet, kind, moneyPlan !== undefined);
  rec.blankRows = enc.blankRows;
  const read = new MoneySum();
  const used = new MoneySum();
  const rejectedMoney = new MoneySum();

  // Required groups as column positions, in the schema's order of fields.
  const groups = spec.required.map((r) => (Array.isArray(r) ? r : [r]).map((f) => plans.findIndex((p) => p.field === f)).filter((k) => k >= 0));
  const emptyGroup = groups.some((g) => g.length === 0);
  const skuPlans = plans.flatMap((p, k) => (p.sku || p.store ? [k] : []));
  const totalPlans = plans.filter((p) => !FREE_TEXT_FIELDS.has(p.field) && (p.nameColumn ? p.col.hasTotalInName : p.col.hasTotal));
  // What identifies a data row: a subtotal has none of it (no SKU, no store).
  const identityPlans = plans.filter(
    (p) => p.field === "store" || p.sku || spec.required.some((r) => r === p.field && (p.spec.type === "text" || p.spec.type === "code")),
  );
  const sinceSubtotal = new MoneySum();
  const unmappedTotals = enc.unmappedTotals.size > 0 ? enc.unmappedTotals : null;
  const sellOut = kind === "sell-out";
  const skuK = plans.findIndex((p) => p.field === "sku");
  // A row with a week and a date: the date must lie in the week (else one of them is wrong).
  const weekK = plans.findIndex((p) => p.field === "week");
  const dateK = plans.findIndex((p) => p.field === "date");
  // Sell-out dated by day: when every date is the same weekday the rows are weeks (dated-weeks below).
  // Or, when every date is the first of a month (a portal's monthly export), the rows are months.
  // A Period (月份) column of dates is read alike: its day-long spans are dates too.
  const periodK = plans.findIndex((p) => p.field === "period");
  const datedK = dateK >= 0 ? dateK : periodK;
  const dated: DatedRows | null =
    sellOut && datedK >= 0 && weekK < 0
      ? { weekdays: 0, days: new Set<number>(), otherSpans: 0, firstRow: -1, example: -1, firstOfMonth: true, months: new Set() }
      : null;
  const productK = PRODUCT_FIELDS.map((f) => plans.findIndex((p) => p.field === f));
  const productSlots = PRODUCT_FIELDS.map((f) => builder.textSlot(f));
  const retailerSlot = builder.textSlot("retailer");
  const defaultRetailer = sellOut && ctx.settings.retailer !== null ? builder.codeOf(retailerSlot, ctx.settings.retailer) : -1;
  const spanStart = builder.numSlot("spanStart");
  const spanEnd = builder.numSlot("spanEnd");

  const codesOf = plans.map((p) => p.col.codes);
  const ok = new Uint8Array(m);
  const nums = new Float64Array(m);
  const entries: Array<Entry | null> = new Array(m).fill(null);
  builder.reserve(enc.n - enc.start);
  // Reserved above, so these arrays stay the builder's for the whole sheet: rows are written straight in.
  const textOut = plans.map((p) => (p.textSlot >= 0 ? builder.textArray(p.textSlot) : null));
  const numOut = plans.map((p) => (p.numSlot >= 0 ? builder.numArray(p.numSlot) : null));
  const spanStartOut = spanStart >= 0 ? builder.numArray(spanStart) : null;
  const spanEndOut = spanEnd >= 0 ? builder.numArray(spanEnd) : null;

  for (let i = enc.start; i < enc.n; i++) {
    const excelRow = enc.rowNumber[i];
    // Our own Action plan with no action shows "(none)" under "#" and nothing in the columns read back:
    // that row is the layout's, not an action the user left blank.
    if (st.generated && plans.every((p) => p.col.isBlankAt(i))) continue;
    rec.rowsRead++;
    const money = moneyPlan ? moneyAt(moneyPlan, i, ctx, kind) : 0;
    if (moneyPlan) read.add(money);

    // A subtotal row is known by its position and shape, not by a word anywhere in it: a total label
    // where a dimension belongs (not in a note), and either nothing that identifies a data row (no SKU,
    // no store) or, for a label that is the whole cell, a value equal to the rows it closes.
    let totalText: string | null = null;
    let totalColumn = Number.MAX_SAFE_INTEGER;
    let strength = 0;
    for (const p of totalPlans) {
      const s = p.col.totalStrength(p.col.codes[i], p.nameColumn);
      if (s > strength) {
        strength = s;
        totalText = p.col.dict[p.col.codes[i]].trim();
        totalColumn = p.col.gridIndex;
      }
      if (s === 2) break;
    }
    const other = unmappedTotals?.get(i);
    if (other && strength === 0) {
      // A label in a column we do not read (a leading unnamed column, a side table) counts only on a row with no identity.
      strength = 1;
      totalText = other.text;
      totalColumn = other.column;
    }
    if (strength > 0) {
      const noIdentity = identityPlans.length > 0 && identityPlans.some((p) => p.col.isBlankAt(i));
      const closesRows = moneyPlan !== undefined && (Math.abs(money - sinceSubtotal.value) < 0.005 || Math.abs(money - used.value) < 0.005);
      if (noIdentity || (strength === 2 && closesRows)) {
        ctx.log.add({ sheet, row: excelRow, column: null, severity: "info", code: "subtotal-row", params: { row: excelRow, text: totalText! } });
        rec.rowsRejected++;
        if (moneyPlan) rejectedMoney.add(money);
        sinceSubtotal.reset();
        continue;
      }
      if (strength === 2)
        ctx.log.add({
          sheet,
          row: excelRow,
          column: columnLetter(totalColumn + 1 + colOffset),
          severity: "warning",
          code: "total-label-in-data",
          params: { row: excelRow, text: totalText! },
        });
    }

    // Unreadable cells in this row: most rows have none, and then the checks below have nothing to do.
    let bad = 0;
    for (let k = 0; k < m; k++) {
      const p = plans[k];
      const code = codesOf[k][i];
      if (code === CELL_NUMBER && p.fastNumber) {
        const v = p.col.values![i];
        if (v - v === 0) {
          ok[k] = 1;
          nums[k] = v;
          entries[k] = null;
          continue;
        }
      }
      const e = code >= 0 ? (p.strEntries[code] ??= makeEntry(p, p.col.dict[code], ctx, kind)) : entryAt(p, i, ctx, kind);
      entries[k] = e;
      if (e.ok) {
        ok[k] = 1;
        nums[k] = e.num;
      } else {
        ok[k] = 0;
        bad++;
      }
      if (e.notes.length === 0) continue;
      for (const n of e.notes) {
        if (ONCE_PER_COLUMN.has(n.code)) {
          if (p.noted.has(n.code)) continue;
          p.noted.add(n.code);
        }
        ctx.log.add({
          sheet,
          row: excelRow,
          column: p.letter,
          severity: n.severity,
          code: n.code,
          params: { cell: `${p.letter}${excelRow}`, value: cellDisplay(p.col.raw(i)), header: p.header, field: p.field, row: excelRow, ...n.extra },
        });
      }
    }

    // Required: each group needs one readable member; else the row is rejected with the reason.
    let rejected = false;
    for (const group of bad > 0 || emptyGroup ? groups : NO_GROUPS) {
      let any = false;
      for (const k of group) if (ok[k]) any = true;
      if (any) continue;
      const failureOf = (k: number) => entries[k]!.failure;
      const k = group.find((x) => failureOf(x) !== "blank") ?? group[0];
      rejected = true;
      // A group with no column at all (a kind forced on a sheet without a header row): nothing to point at.
      if (k === undefined) break;
      const p = plans[k];
      ctx.log.add({
        sheet,
        row: excelRow,
        column: p.letter,
        severity: "error",
        code: FAILURE_CODE[failureOf(k)],
        params: { cell: `${p.letter}${excelRow}`, value: cellDisplay(p.col.raw(i)), header: p.header, field: p.field, row: excelRow },
      });
      rejected = true;
      break;
    }
    for (const k of skuPlans) {
      const fix = ok[k] ? entries[k]!.skuFix : null;
      if (fix)
        ctx.log.add({
          sheet,
          row: excelRow,
          column: plans[k].letter,
          severity: "info",
          code: fix.issue,
          params: { written: fix.written, code: fix.code },
        });
    }

    let retailerCode = -1;
    let skuEntry: Entry | null = null;
    if (!rejected && sellOut) {
      // Retailer from the row, else the Settings default; manufacturer and category from Products when the row has none.
      // A retailer that lost characters in decoding is no retailer, nor the default one: the row is left out.
      const undecodable = retailerK >= 0 && !ok[retailerK] && entries[retailerK]!.failure === "undecodable";
      if (retailerK >= 0 && ok[retailerK]) retailerCode = -2;
      else if (defaultRetailer >= 0 && !undecodable) retailerCode = defaultRetailer;
      else {
        ctx.log.add({
          sheet,
          row: excelRow,
          column: retailerPlan?.letter ?? null,
          severity: "error",
          code: undecodable ? "text-undecodable" : "missing-value",
          params: {
            cell: `${retailerPlan?.letter ?? ""}${excelRow}`,
            header: retailerPlan?.header ?? "",
            field: "retailer",
            row: excelRow,
            value: undecodable ? cellDisplay(retailerPlan!.col.raw(i)) : "",
          },
        });
        rejected = true;
      }
      if (!rejected) {
        skuEntry = entries[skuK]!;
        if (skuEntry.product === undefined) {
          skuEntry.product = ctx.products.get(skuEntry.text ?? "") ?? null;
          skuEntry.derived = new Int32Array(PRODUCT_FIELDS.length).fill(-2);
        }
        const sku = skuEntry.text!;
        for (let f = 0; f < 2 && !rejected; f++) {
          const k = productK[f];
          if ((k >= 0 && ok[k]) || skuEntry.product?.[PRODUCT_KEYS[f]]) continue;
          ctx.log.add({
            sheet,
            row: excelRow,
            column: null,
            severity: "error",
            code: f === 0 ? "unknown-manufacturer" : "unknown-category",
            params: { row: excelRow, sku },
          });
          rejected = true;
        }
      }
    }
    if (!rejected && weekK >= 0 && dateK >= 0 && ok[weekK] && ok[dateK]) {
      const w = entries[weekK]!;
      const d = entries[dateK]!.spanStart;
      if (d < w.spanStart || d > w.spanEnd) {
        const wp = plans[weekK];
        const dp = plans[dateK];
        ctx.log.add({
          sheet,
          row: excelRow,
          column: wp.letter,
          severity: "error",
          code: "week-date-mismatch",
          params: {
            row: excelRow,
            weekCell: `${wp.letter}${excelRow}`,
            week: cellDisplay(wp.col.raw(i)),
            span: `${formatDay(w.spanStart)}..${formatDay(w.spanEnd)}`,
            dateCell: `${dp.letter}${excelRow}`,
            date: formatDay(d),
          },
        });
        rejected = true;
      }
    }
    if (rejected) {
      rec.rowsRejected++;
      if (moneyPlan) rejectedMoney.add(money);
      continue;
    }

    // Optional fields that could not be read: used as empty, and said so.
    for (let k = 0; k < m && bad > 0; k++) {
      if (ok[k]) continue;
      const failure = entries[k]!.failure;
      if (failure === "blank") continue;
      const p = plans[k];
      const code: IssueCode =
        failure === "error-value"
          ? "cell-error-optional"
          : failure === "not-a-date"
            ? "not-a-date-optional"
            : failure === "undecodable"
              ? "text-undecodable-optional"
              : p.spec.type === "flag"
                ? "not-a-flag"
                : "not-a-number-optional";
      ctx.log.add({
        sheet,
        row: excelRow,
        column: p.letter,
        severity: "warning",
        code,
        params: { cell: `${p.letter}${excelRow}`, value: cellDisplay(p.col.raw(i)), header: p.header, field: p.field, row: excelRow },
      });
    }

    const row = builder.beginRow(sheetNo, excelRow);
    let spanRank = -1;
    for (let k = 0; k < m; k++) {
      if (!ok[k]) continue;
      const p = plans[k];
      const e = entries[k];
      if (!e) {
        const out = numOut[k];
        if (out) out[row] = nums[k];
        continue;
      }
      const text = textOut[k];
      if (e.text !== null && text) {
        if (e.out < 0) e.out = builder.codeOf(p.textSlot, e.text);
        text[row] = e.out;
      }
      const num = numOut[k];
      if (e.num === e.num && num) num[row] = e.num;
      // A week places a row, else a date (more precise than a period label), else the period label.
      if (e.spanStart === e.spanStart && spanStartOut && p.spanRank > spanRank) {
        spanStartOut[row] = e.spanStart;
        spanEndOut![row] = e.spanEnd;
        spanRank = p.spanRank;
      }
    }
    if (dated) {
      if (dated.firstRow < 0) dated.firstRow = row;
      if (spanRank === 1 || (spanRank === 0 && spanStartOut![row] === spanEndOut![row])) {
        const d = spanStartOut![row];
        dated.weekdays |= 1 << weekdayOf(d);
        if (dated.days.size < 3) dated.days.add(d);
        if (dated.example < 0) dated.example = d;
        if (dated.firstOfMonth) {
          const ymd = ymdFromDay(d);
          if (ymd.day !== 1) dated.firstOfMonth = false;
          else if (dated.months.size < 3) dated.months.add(d);
        }
      } else dated.otherSpans++;
    }
    if (sellOut) {
      if (retailerCode >= 0) builder.setText(retailerSlot, row, retailerCode);
      const product = skuEntry!.product;
      if (product) {
        const derived = skuEntry!.derived!;
        for (let f = 0; f < PRODUCT_FIELDS.length; f++) {
          const k = productK[f];
          if (k >= 0 && ok[k]) continue;
          if (derived[f] === -2) {
            const v = product[PRODUCT_KEYS[f]];
            derived[f] = v === null ? -1 : builder.codeOf(productSlots[f], v);
          }
          if (derived[f] >= 0) builder.setText(productSlots[f], row, derived[f]);
        }
      }
    }
    rec.rowsUsed++;
    if (moneyPlan) {
      used.add(money);
      sinceSubtotal.add(money);
    }
  }
  if (dated) readDatedSpans(dated, builder, spanStartOut!, spanEndOut!, plans[datedK].letter, sheet, ctx);
  if (moneyPlan) {
    rec.valueRead = read.value;
    rec.valueUsed = used.value;
    rec.valueRejected = rejectedMoney.value;
  }
  return rec;
}

/**
 * Weekly sell-out dated by one day of each week (a week-start Monday, a week-ending Saturday): when
 * every date of the sheet falls on the same weekday and there are several dates, each row is the week
 * containing its date (metrics.md: a row's week is the week containing its date), said in an info
 * issue. A daily sheet has several weekdays and stays by day.
 */
interface DatedRows {
  weekdays: number;
  days: Set<number>;
  otherSpans: number;
  firstRow: number;
  example: number;
  /** Every date so far is the first day of its month. */
  firstOfMonth: boolean;
  /** Up to 3 distinct first days seen. */
  months: Set<number>;
}

/**
 * Sell-out dated by day whose dates say a longer span: every date the first of a month (two months
 * or more) is a monthly export, each row the month of its date — the same row as another file's
 * "2026-08"; else every date on one weekday is a weekly export, each row the week containing its date.
 */
function readDatedSpans(
  dated: DatedRows,
  builder: TableBuilder,
  starts: Float64Array,
  ends: Float64Array,
  column: string,
  sheet: string,
  ctx: SheetContext,
): void {
  if (dated.firstOfMonth && dated.months.size >= 2 && dated.otherSpans === 0 && dated.firstRow >= 0) {
    for (let r = dated.firstRow; r < builder.n; r++) {
      const { year, month } = ymdFromDay(starts[r]);
      ends[r] = lastDayOfMonth(year, month);
    }
    const { year, month } = ymdFromDay(dated.example);
    ctx.log.add({
      sheet,
      row: null,
      column,
      severity: "info",
      code: "dated-months",
      params: { sheet, column, example: formatDay(dated.example), span: `${formatDay(dated.example)}..${formatDay(lastDayOfMonth(year, month))}` },
    });
    return;
  }
  const single = dated.weekdays !== 0 && (dated.weekdays & (dated.weekdays - 1)) === 0;
  if (!single || dated.days.size < 2 || dated.otherSpans > 0 || dated.firstRow < 0) return;
  const cal = calendarOf(ctx.settings);
  for (let r = dated.firstRow; r < builder.n; r++) {
    const start = weekStartOf(starts[r], cal);
    starts[r] = start;
    ends[r] = start + 6;
  }
  const start = weekStartOf(dated.example, cal);
  ctx.log.add({
    sheet,
    row: null,
    column,
    severity: "info",
    code: "dated-weeks",
    params: {
      sheet,
      column,
      example: formatDay(dated.example),
      span: `${formatDay(start)}..${formatDay(start + 6)}`,
    },
  });
}

/** Columns that were not used: a second column for a field already mapped, a column without a header, unknown headers. */
export function reportColumns(st: SheetState, log: IssueLog, colOffset: number): void {
  const d = st.detection;
  const enc = st.encoder!;
  const grid = { name: st.name };
  const mappedBy = new Map(d.columns.filter((c) => c.field).map((c) => [c.field!, c]));
  const unknown: string[] = [];
  // Data may run wider than the header row: those columns have no header at all (reported when they hold data).
  const width = Math.max(d.columns.length, ...[...enc.unnamedWithData].map((c) => c + 1));
  const columns = [...d.columns];
  for (let i = d.columns.length; i < width; i++) columns.push({ index: i, column: columnLetter(i + 1), header: "", field: null, confidence: 0 });
  for (const c of columns) {
    if (c.field) continue;
    const letter = columnLetter(c.index + 1 + colOffset);
    if (!c.header) {
      if (enc.unnamedWithData.has(c.index))
        log.add({
          sheet: grid.name,
          row: d.headerRow,
          column: letter,
          severity: "warning",
          code: "unnamed-column",
          params: { sheet: grid.name, column: letter },
        });
      continue;
    }
    const best = bestFieldScores(c.header, d.kind!).sort((x, y) => y.score - x.score)[0];
    const twin = best ? mappedBy.get(best.field) : undefined;
    if (twin && best.score >= 0.7) {
      log.add({
        sheet: grid.name,
        row: d.headerRow,
        column: letter,
        severity: "warning",
        code: "duplicate-field",
        params: {
          sheet: grid.name,
          columns: `${columnLetter(twin.index + 1 + colOffset)}, ${letter}`,
          field: best.field,
          used: columnLetter(twin.index + 1 + colOffset),
        },
      });
    } else unknown.push(`${letter} "${c.header}"`);
  }
  if (unknown.length)
    log.add({
      sheet: grid.name,
      row: d.headerRow,
      column: null,
      severity: "info",
      code: "columns-not-used",
      params: { sheet: grid.name, list: unknown.join(", ") },
    });
}
