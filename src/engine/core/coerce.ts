/**
 * Turning what a cell holds into what a field needs. Account sheets are exports from
 * portals and ERPs: numbers arrive as text with separators, currency marks and 万/亿,
 * dates as serials or in five text styles, errors as #N/A. Each coercion returns a value
 * or a reason the caller turns into an issue; none guesses silently.
 */
import { DayNumber, dayFromDate, dayFromExcelSerial, dayFromYmd, isValidYmd } from "./dates";
import { RawCell, isCellError } from "./grid";

/** NFKC folds full-width letters, digits and punctuation (１２３，ＡＢＣ) into ASCII. */
export function foldWidth(s: string): string {
  return s.normalize("NFKC");
}

/** A header or key as compared: width-folded, lower case, no spaces or separators. */
export function normalizeKey(s: string): string {
  return foldWidth(s)
    .toLowerCase()
    .replace(/[\s_\-–—./\\:：()（）[\]【】'"“”‘’#*]+/g, "");
}

export function isBlank(cell: RawCell): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

export type Coerced<T> = { ok: true; value: T; note?: CoercionNote } | { ok: false; reason: CoercionFailure };
export type CoercionFailure =
  | "blank"
  | "error-value"
  | "not-a-number"
  | "not-a-date"
  | "not-a-period"
  | "ambiguous-date"
  | "needs-retail-calendar"
  /** Text holding U+FFFD: bytes a decoder could not read (a file read in the wrong encoding, or damaged). */
  | "undecodable";
/** A value was read, but the user should know how (a rate read as a percentage, say). */
export type CoercionNote = "percent-assumed" | "date-ambiguous" | "fiscal-assumed" | "text-chars-removed" | "week-retail-assumed";

/**
 * Characters XML 1.0 forbids (C0 controls but tab, newline and return; U+FFFE, U+FFFF; unpaired
 * surrogates). Data pasted from other systems carries them; written into a sheet's XML they make Excel
 * offer to "repair" the file, so text is read without them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function hasXmlForbidden(s: string): boolean {
  XML_FORBIDDEN.lastIndex = 0;
  const found = XML_FORBIDDEN.test(s);
  XML_FORBIDDEN.lastIndex = 0;
  return found;
}

/** The text without the characters XML forbids. */
export function stripXmlForbidden(s: string): string {
  return s.replace(XML_FORBIDDEN, "");
}

const ERROR_TEXT = /^#(N\/A|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/i;

export function isErrorValue(cell: RawCell): boolean {
  return isCellError(cell) || (typeof cell === "string" && ERROR_TEXT.test(cell.trim()));
}

const CURRENCY = /^(?:rmb|cny|usd|eur|hkd|us\$|hk\$|[¥$€£￥])\s*|\s*(?:rmb|cny|usd|eur|hkd|元|[¥$€£￥])$/i;

/**
 * Read a number: 1,234.56 · ¥1,234 · RMB 1234 · 1.2万 · 3亿 · 12% · （123） · １２３ · 1.234,56.
 * `percent` fields read "12%" as 0.12; other fields reject a % sign rather than guess.
 */
export function coerceNumber(cell: RawCell, opts: { percent?: boolean; decimal?: DecimalMark } = {}): Coerced<number> {
  if (isBlank(cell)) return { ok: false, reason: "blank" };
  if (isErrorValue(cell)) return { ok: false, reason: "error-value" };
  if (typeof cell === "number") return Number.isFinite(cell) ? { ok: true, value: cell } : { ok: false, reason: "not-a-number" };
  if (typeof cell === "boolean" || cell instanceof Date || typeof cell !== "string") return { ok: false, reason: "not-a-number" };

  let s = foldWidth(cell).trim().replace(/\s+/g, "");
  let sign = 1;
  if (/^\(.*\)$/.test(s)) {
    sign = -1;
    s = s.slice(1, -1);
  }
  if (s.startsWith("-")) {
    sign = -sign;
    s = s.slice(1);
  } else if (s.startsWith("+")) s = s.slice(1);
  // Currency marks may stand before or after the sign: "-¥12" and "¥-12".
  s = s.replace(CURRENCY, "");
  if (s.startsWith("-")) {
    sign = -sign;
    s = s.slice(1);
  }
  let scale = 1;
  if (s.endsWith("%")) {
    if (!opts.percent) return { ok: false, reason: "not-a-number" };
    scale = 0.01;
    s = s.slice(0, -1);
  } else if (s.endsWith("亿")) {
    scale = 1e8;
    s = s.slice(0, -1);
  } else if (s.endsWith("万")) {
    scale = 1e4;
    s = s.slice(0, -1);
  }
  s = s.replace(CURRENCY, "");
  const digits = normalizeSeparators(s, opts.decimal);
  if (digits === null || !/^\d+(\.\d+)?$|^\.\d+$/.test(digits)) return { ok: false, reason: "not-a-number" };
  // Scale by multiplying an exact decimal string, so "1.2万" is 12000, not 11999.999999999998.
  const value = scaleDecimal(digits, scale);
  // A 400-digit "number" is Infinity in floating point: an error on its cell, not an empty total.
  if (!Number.isFinite(value)) return { ok: false, reason: "not-a-number" };
  return { ok: true, value: sign * value };
}

/** The decimal mark a column (or a whole sheet) writes its numbers with, when its cells say. */
export type DecimalMark = "," | ".";

/**
 * What a number written as text says of its decimal mark: "," or "." when only that reading fits
 * (15.625,00 · 1,5 · 1.234.567 say ","; 1,200.50 · 12.5 say "."), "ambiguous" for one separator before
 * exactly three digits (1.250 is 1.25 or 1,250; 1,250 is 1,250 or 1.25), null for no separator or no number.
 */
export function decimalMarkOf(text: string): DecimalMark | "ambiguous" | null {
  const s = foldWidth(text)
    .replace(/\s+/g, "")
    .replace(CURRENCY, "")
    .replace(/^[-+(]+|[)%万亿]+$/g, "");
  if (!/^\d[\d.,]*\d$/.test(s)) return null;
  const comma = s.lastIndexOf(",");
  const dot = s.lastIndexOf(".");
  if (comma < 0 && dot < 0) return null;
  if (comma >= 0 && dot >= 0) return comma > dot ? "," : ".";
  const sep = comma >= 0 ? "," : ".";
  // A repeated separator groups thousands (1.234.567): the other one is the decimal mark.
  if (s.indexOf(sep) !== s.lastIndexOf(sep)) return validGroups(s, sep) ? (sep === "," ? "." : ",") : null;
  return validGroups(s, sep) ? "ambiguous" : sep;
}

/**
 * Decide which of "," and "." is the decimal mark. Both present: the last one is. A lone separator
 * before three digits (1.250, 1,250) follows `decimal` when the column's or sheet's cells decided it.
 * Only commas: groups of exactly three digits are thousands (1,234,567), else a decimal comma (1,5).
 * A first group of 0 (or with a leading zero) cannot start a thousands grouping — nobody writes 500
 * as "0,500" — so "0,500" is a decimal comma: 0.5.
 */
function normalizeSeparators(s: string, decimal?: DecimalMark): string | null {
  const lastComma = s.lastIndexOf(",");
  const lastDot = s.lastIndexOf(".");
  if (decimal !== undefined && lastComma < 0 !== lastDot < 0) {
    const sep = lastComma >= 0 ? "," : ".";
    if (s.indexOf(sep) === s.lastIndexOf(sep) && validGroups(s, sep)) return sep === decimal ? s.replace(sep, ".") : s.replace(sep, "");
  }
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? "," : ".";
    const thousands = decimal === "," ? "." : ",";
    const [intPart, frac, extra] = s.split(decimal);
    if (extra !== undefined || !validGroups(intPart, thousands)) return null;
    return `${intPart.split(thousands).join("")}.${frac}`;
  }
  if (lastComma >= 0) {
    if (validGroups(s, ",")) return s.split(",").join("");
    const parts = s.split(",");
    return parts.length === 2 ? `${parts[0]}.${parts[1]}` : null;
  }
  if (lastDot >= 0 && s.indexOf(".") !== lastDot) {
    // 1.234.567: dots as thousands separators
    return validGroups(s, ".") ? s.split(".").join("") : null;
  }
  return s;
}

function validGroups(s: string, sep: string): boolean {
  const parts = s.split(sep);
  if (parts.length < 2) return false;
  return /^[1-9]\d{0,2}$/.test(parts[0]) && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}

function scaleDecimal(digits: string, scale: number): number {
  if (scale === 1) return Number(digits);
  const shift = Math.round(Math.log10(scale));
  const [i, f = ""] = digits.split(".");
  if (shift > 0) {
    const padded = f.padEnd(shift, "0");
    return Number(`${i}${padded.slice(0, shift)}.${padded.slice(shift) || "0"}`);
  }
  const whole = i.padStart(-shift + 1, "0");
  const cut = whole.length + shift;
  return Number(`${whole.slice(0, cut)}.${whole.slice(cut)}${f}`);
}

/**
 * A rate: 5% or 0.05; a bare number above 1 is read as a percentage (5 -> 0.05) with a note,
 * because a contract never has a 500% rebate but sheets often hold "5" meaning 5%.
 */
export function coerceRate(cell: RawCell): Coerced<number> {
  const n = coerceNumber(cell, { percent: true });
  if (!n.ok) return n;
  const explicitPercent = typeof cell === "string" && foldWidth(cell).trim().endsWith("%");
  if (!explicitPercent && Math.abs(n.value) > 1) return { ok: true, value: n.value / 100, note: "percent-assumed" };
  return n;
}

/** Excel serials for dates between 1900-01-01 and 9999-12-31. */
const MAX_SERIAL = 2_958_465;

/**
 * Read a date: a Date, an Excel serial, or text as 2026-03-05, 2026/3/5, 2026.3.5,
 * 2026年3月5日, 05.03.2026, 20260305, or 3/5/2026 (month first; day first when the first
 * number is above 12; ambiguous ones are read month-first with a note).
 */
export function coerceDate(cell: RawCell, date1904 = false): Coerced<DayNumber> {
  if (isBlank(cell)) return { ok: false, reason: "blank" };
  if (isErrorValue(cell)) return { ok: false, reason: "error-value" };
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? { ok: false, reason: "not-a-date" } : { ok: true, value: dayFromDate(cell) };
  if (typeof cell === "number") {
    return cell >= 1 && cell <= MAX_SERIAL ? { ok: true, value: dayFromExcelSerial(cell, date1904) } : { ok: false, reason: "not-a-date" };
  }
  if (typeof cell !== "string") return { ok: false, reason: "not-a-date" };
  const s = foldWidth(cell).trim().replace(/\s+/g, "");
  let m: RegExpExecArray | null;
  let y: number, mo: number, d: number;
  let note: CoercionNote | undefined;
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:T.*)?$/.exec(s)) || (m = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(s))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s))) {
    // dd.mm.yyyy is the European/Russian style; nobody writes mm.dd.yyyy
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(s))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    y = Number(m[3]);
    if (a > 12) [d, mo] = [a, b];
    else if (b > 12) [mo, d] = [a, b];
    else {
      [mo, d] = [a, b];
      if (a !== b) note = "date-ambiguous";
    }
  } else if (/^\d+(\.\d+)?$/.test(s)) {
    return coerceDate(Number(s), date1904);
  } else {
    return { ok: false, reason: "not-a-date" };
  }
  if (!isValidYmd(y, mo, d)) return { ok: false, reason: "not-a-date" };
  return { ok: true, value: dayFromYmd(y, mo, d), note };
}

/**
 * Text as the user wrote it, trimmed and width-folded (codes keep leading zeros). Text with U+FFFD in it
 * lost characters before it reached us (家乐福 read in the wrong encoding): it is no retailer's, store's
 * or product's name, so it is refused, not read as a new one.
 */
export function coerceText(cell: RawCell): Coerced<string> {
  if (isBlank(cell)) return { ok: false, reason: "blank" };
  if (isErrorValue(cell)) return { ok: false, reason: "error-value" };
  if (typeof cell === "string") {
    if (cell.includes("\uFFFD")) return { ok: false, reason: "undecodable" };
    if (hasXmlForbidden(cell)) {
      const value = foldWidth(stripXmlForbidden(cell)).trim().replace(/\s+/g, " ");
      return value ? { ok: true, value, note: "text-chars-removed" } : { ok: false, reason: "blank" };
    }
    return { ok: true, value: foldWidth(cell).trim().replace(/\s+/g, " ") };
  }
  if (typeof cell === "number") return { ok: true, value: String(cell) };
  if (typeof cell === "boolean") return { ok: true, value: cell ? "TRUE" : "FALSE" };
  if (cell instanceof Date) return { ok: true, value: cell.toISOString().slice(0, 10) };
  return { ok: false, reason: "not-a-number" };
}

const TRUE_WORDS = new Set(["y", "yes", "true", "1", "x", "是", "有", "ours", "our", "own", "我方", "本公司", "promo", "promotion", "促销", "dm"]);
const FALSE_WORDS = new Set(["n", "no", "false", "0", "否", "无", "-", "regular", "正常", "非促销"]);

export function coerceFlag(cell: RawCell): Coerced<boolean> {
  if (isBlank(cell)) return { ok: false, reason: "blank" };
  if (typeof cell === "boolean") return { ok: true, value: cell };
  if (typeof cell === "number") return { ok: true, value: cell !== 0 };
  const key = normalizeKey(String(cell));
  if (TRUE_WORDS.has(key)) return { ok: true, value: true };
  if (FALSE_WORDS.has(key)) return { ok: true, value: false };
  return { ok: false, reason: "not-a-number" };
}
