/** The Settings sheet: key in column A, value in column B, read before every other sheet (it says how to read them). */
import { Lang, parseLang } from "../../i18n";
import { coerceNumber, coerceRate, coerceText, isBlank, normalizeKey } from "../core/coerce";
import { cellDisplay, SheetGrid } from "../core/grid";
import { IssueLog } from "../core/issues";
import { kindSpec } from "../core/schema";
import { Calendar, NRF_YEAR_END, RetailCalendar, RetailPattern, RetailYearEnd, parseCalendarPattern, parseRetailYearEnd } from "../core/calendar";

export interface Settings {
  ourCompany: string | null;
  currency: string;
  fiscalYearStartMonth: number;
  language: Lang | null;
  corridorLow: number;
  corridorHigh: number;
  costOfCapital: number;
  /** Default retailer for sheets without a retailer column (single-retailer portal exports). */
  retailer: string | null;
  /** Users' own retailer spellings: pairs "alias=retailer" (Settings "Retailer aliases"). */
  retailerAliases: Array<[string, string]>;
  /** The retail (4-4-5) calendar from Calendar and Retail year end; null: calendar months. */
  retailCalendar: RetailCalendar | null;
  /** Promotion evaluation options in weeks: baseline window, its minimum, the post window, the lookback. */
  promo: { baselineWeeks: number; minBaselineWeeks: number; postWeeks: number; lookbackWeeks: number };
}

/** The workbook's calendar: fiscal months, and the retail calendar when Settings sets one. */
export function calendarOf(s: Settings): Calendar {
  return { fyStartMonth: s.fiscalYearStartMonth, retail: s.retailCalendar };
}

export const DEFAULT_SETTINGS: Settings = {
  ourCompany: null,
  currency: "CNY",
  fiscalYearStartMonth: 1,
  language: null,
  corridorLow: 95,
  corridorHigh: 105,
  costOfCapital: 0.04,
  retailer: null,
  retailerAliases: [],
  retailCalendar: null,
  promo: { baselineWeeks: 8, minBaselineWeeks: 4, postWeeks: 2, lookbackWeeks: 26 },
};

/** Settings: key in column A, value in column B; unknown keys are reported, not guessed. */
export function readSettings(grid: SheetGrid, base: Settings, log: IssueLog): Settings {
  const s = { ...base };
  const spec = kindSpec("settings");
  const firstRow = grid.firstRow ?? 1;
  const headerWords = new Set(["setting", "settings", "key", "parameter", "name", "设置项", "参数", "项目", "设置"]);
  let pattern: { value: RetailPattern; row: number } | null = null;
  let yearEnd: { value: RetailYearEnd; row: number } | null = null;
  grid.rows.forEach((row, i) => {
    const keyCell = row?.[0];
    const valueCell = row?.[1];
    if (isBlank(keyCell)) return;
    const key = normalizeKey(cellDisplay(keyCell));
    const excelRow = firstRow + i;
    if (headerWords.has(key)) return;
    const fs = spec.fields.find((f) => [...f.en, ...f.zh].some((w) => normalizeKey(w) === key));
    if (!fs) {
      log.add({
        sheet: grid.name,
        row: excelRow,
        column: "A",
        severity: "warning",
        code: "settings-unknown-key",
        params: { row: excelRow, key: cellDisplay(keyCell) },
      });
      return;
    }
    if (isBlank(valueCell)) return;
    const bad = () =>
      log.add({
        sheet: grid.name,
        row: excelRow,
        column: "B",
        severity: "warning",
        code: "settings-bad-value",
        params: { row: excelRow, key: cellDisplay(keyCell), value: cellDisplay(valueCell) },
      });
    const text = coerceText(valueCell);
    // A value that lost characters in decoding names no company or retailer: said, not used.
    if (!text.ok && text.reason === "undecodable") {
      bad();
      return;
    }
    switch (fs.field) {
      case "ourCompany":
        if (text.ok) s.ourCompany = text.value;
        break;
      case "currency":
        if (text.ok) s.currency = text.value.toUpperCase();
        break;
      case "retailer":
        if (text.ok) s.retailer = text.value;
        break;
      case "retailerAliases": {
        if (!text.ok) break;
        const pairs = text.value
          .split(/[;；\n]/)
          .map((p) => p.split(/=|＝|→/).map((x) => x.trim()))
          .filter((p) => p.length === 2 && p[0] && p[1]) as Array<[string, string]>;
        if (pairs.length === 0) bad();
        s.retailerAliases = [...s.retailerAliases, ...pairs];
        break;
      }
      case "language":
        if (text.ok) s.language = parseLang(text.value);
        break;
      case "fiscalYearStartMonth": {
        const n = coerceNumber(valueCell);
        if (n.ok && Number.isInteger(n.value) && n.value >= 1 && n.value <= 12) s.fiscalYearStartMonth = n.value;
        else bad();
        break;
      }
      case "costOfCapital": {
        const n = coerceRate(valueCell);
        if (n.ok && n.value >= 0 && n.value < 1) s.costOfCapital = n.value;
        else bad();
        break;
      }
      case "promoBaselineWeeks":
      case "promoMinBaselineWeeks":
      case "promoPostWeeks":
      case "promoLookbackWeeks": {
        const n = coerceNumber(valueCell);
        const key = (
          {
            promoBaselineWeeks: "baselineWeeks",
            promoMinBaselineWeeks: "minBaselineWeeks",
            promoPostWeeks: "postWeeks",
            promoLookbackWeeks: "lookbackWeeks",
          } as const
        )[fs.field];
        // Whole weeks, up to two years; a post window of 0 weeks is allowed (no dip).
        if (n.ok && Number.isInteger(n.value) && n.value >= (key === "postWeeks" ? 0 : 1) && n.value <= 104) s.promo = { ...s.promo, [key]: n.value };
        else bad();
        break;
      }
      case "calendar": {
        const c = text.ok ? parseCalendarPattern(text.value) : null;
        if (c === null)
          log.add({
            sheet: grid.name,
            row: excelRow,
            column: "B",
            severity: "warning",
            code: "calendar-unreadable",
            params: { row: excelRow, value: cellDisplay(valueCell) },
          });
        else pattern = c === "months" ? null : { value: c, row: excelRow };
        break;
      }
      case "retailYearEnd": {
        const e = text.ok ? parseRetailYearEnd(text.value) : null;
        if (e === null) {
          log.add({
            sheet: grid.name,
            row: excelRow,
            column: "B",
            severity: "warning",
            code: "retail-year-end-unreadable",
            params: { row: excelRow, value: cellDisplay(valueCell) },
          });
          // Unreadable: no calendar at all, rather than a guessed year end that would shift every week.
          yearEnd = { value: { weekday: -1, month: 0, day: 0, rule: "nearest" }, row: excelRow };
        } else yearEnd = { value: e, row: excelRow };
        break;
      }
      case "corridor": {
        const m = text.ok ? /^(\d+(?:\.\d+)?)\s*(?:-|–|—|~|～|,|to|至)\s*(\d+(?:\.\d+)?)$/.exec(text.value) : null;
        if (m && Number(m[1]) < Number(m[2])) {
          s.corridorLow = Number(m[1]);
          s.corridorHigh = Number(m[2]);
        } else bad();
        break;
      }
    }
  });
  s.retailCalendar = retailCalendar(pattern, yearEnd, grid.name, log);
  return s;
}

function retailCalendar(
  pattern: { value: RetailPattern; row: number } | null,
  yearEnd: { value: RetailYearEnd; row: number } | null,
  sheet: string,
  log: IssueLog,
): RetailCalendar | null {
  if (yearEnd && yearEnd.value.weekday < 0) return null; // unreadable, said where it was read
  if (!pattern) {
    if (yearEnd) log.add({ sheet, row: yearEnd.row, column: "A", severity: "warning", code: "retail-year-end-without-calendar", params: { row: yearEnd.row } });
    return null;
  }
  if (!yearEnd) {
    log.add({ sheet, row: pattern.row, column: "B", severity: "info", code: "retail-year-end-default", params: { pattern: pattern.value } });
    return { pattern: pattern.value, ...NRF_YEAR_END };
  }
  return { pattern: pattern.value, ...yearEnd.value };
}
