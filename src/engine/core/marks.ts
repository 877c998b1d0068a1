/**
 * Which sheets of a workbook KA Review wrote, and what to do with them when a review is written again.
 *
 * A generated sheet is marked by a workbook-level defined name that refers to its cell A1:
 * `KAReview_<section>_<retailer tag>_<period token>`, e.g. `KAReview_cover_r1x9k2_2026_Q2` =
 * `'Cover'!$A$1`. Why a defined name: it lives in workbook.xml, so every reader sees it — Excel and
 * Office.js (`workbook.names`), our .xlsx reader, LibreOffice — and it survives saving, copying the
 * file and opening it elsewhere (the document settings and worksheet custom properties used before are
 * invisible to file readers). Excel keeps the reference pointing at the sheet when the sheet is
 * renamed, and turns it into #REF! when the sheet is deleted, so a name is never left marking a user's
 * sheet. A user's sheet that merely looks like ours (called "Cover") has no name and is read as usual;
 * a copy of one of our sheets the user made is theirs, and is read too.
 * The name carries what the next review needs: the section (the Action plan is read back), the
 * retailer (a tag, since names allow no spaces or punctuation) and the period.
 */
import { normalizeKey } from "./coerce";
import type { DefinedName } from "./grid";
import { retailerKey } from "./retailers";
import { parsePeriodKey } from "./periods";
import { NRF_CALENDAR } from "./calendar";

export const MARK_PREFIX = "KAReview_";

/** One generated sheet, as a workbook's defined names tell it. */
export interface ReviewMark {
  /** The defined name itself. */
  name: string;
  /** The sheet it refers to, as the workbook names it now. */
  sheet: string;
  sectionId: string;
  retailerTag: string;
  /** The review's period key (2026-Q2, FY2027-Q1). */
  period: string;
}

/** FNV-1a, base 36: a short, stable tag from a retailer's matching key (names allow [A-Za-z0-9_.]). */
function fnv36(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export function retailerTag(retailerName: string): string {
  return `r${fnv36(retailerKey(retailerName))}`;
}

/** Period keys use letters, digits, "-" and ":" (rolling ends); names take "_" and "." for them. */
function periodToken(period: string): string {
  return period.replace(/-/g, "_").replace(/:/g, ".");
}

function periodFromToken(token: string): string {
  return token.replace(/_/g, "-").replace(/\./g, ":");
}

export function markName(sectionId: string, retailerName: string, period: string): string {
  return `${MARK_PREFIX}${sectionId}_${retailerTag(retailerName)}_${periodToken(period)}`;
}

/** A sheet's A1 as a formula reference, quoted as Excel quotes it. */
export function sheetRef(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'!$A$1`;
}

/** The sheet a reference names (`'Cover 2026-Q2'!$A$1`, `Cover!A1`), or null (#REF!, constants). */
export function sheetOfRef(formula: string): string | null {
  const f = formula.trim().replace(/^=/, "");
  const quoted = /^'((?:[^']|'')+)'!/.exec(f);
  if (quoted) return quoted[1].replace(/''/g, "'");
  const bare = /^([^!'#"]+)!/.exec(f);
  return bare ? bare[1] : null;
}

/** Our sheets among a workbook's defined names (names that are not ours, or point nowhere, are left out). */
export function parseMarks(names: DefinedName[], sheetNames?: string[]): ReviewMark[] {
  const exists = sheetNames ? new Set(sheetNames) : null;
  const marks: ReviewMark[] = [];
  for (const n of names) {
    if (!n.name.startsWith(MARK_PREFIX)) continue;
    const m = /^([A-Za-z]+)_(r[0-9a-z]+)_([A-Za-z0-9_.]+)$/.exec(n.name.slice(MARK_PREFIX.length));
    const sheet = sheetOfRef(n.formula);
    if (!m || !sheet || (exists && !exists.has(sheet))) continue;
    marks.push({ name: n.name, sheet, sectionId: m[1], retailerTag: m[2], period: periodFromToken(m[3]) });
  }
  return marks;
}

/**
 * Our names whose sheet is gone (the user deleted one of our sheets: Excel leaves the name as #REF!):
 * removed on the next write, so the Name Manager does not fill with dead marks.
 */
export function staleMarkNames(names: DefinedName[], sheetNames: string[]): string[] {
  const exists = new Set(sheetNames);
  return names.filter((n) => n.name.startsWith(MARK_PREFIX) && !exists.has(sheetOfRef(n.formula) ?? "\u0000")).map((n) => n.name);
}

/** One earlier review kept in the workbook, for the cover's links. */
export interface EarlierReview {
  period: string;
  retailerTag: string;
  /** Its cover sheet's name after this write (the link's target). */
  coverSheet: string;
}

export interface SheetPlan {
  /** Sheets to delete: the review being regenerated, and earlier reviews beyond the limit. */
  remove: string[];
  /** Earlier reviews' sheets that still carry the plain names get their period as a suffix. */
  rename: Array<{ from: string; to: string }>;
  /** Defined names that go with removed sheets. */
  removeNames: string[];
  /** Kept earlier reviews, latest first (those of the same retailer first). */
  earlier: EarlierReview[];
}

/** Earlier reviews kept beside the new one unless the user says otherwise (a year of quarters). */
export const DEFAULT_KEEP_REVIEWS = 4;

/** A kept review's place in time: its period's end (a rolling key by its end; a retail key on the NRF calendar, near enough to order). */
function periodOrder(key: string): number {
  const end = key.split(":").pop() ?? key;
  const p = parsePeriodKey(end) ?? parsePeriodKey(end, NRF_CALENDAR);
  return p ? p.end : -Infinity;
}

/** "Cover" + " 2026-Q2" (+ " (2)" when taken), kept within Excel's 31 characters; a clash's "(2)" is dropped first. */
function withPeriod(sheet: string, period: string, n = 1): string {
  // A rolling key's ":" (MAT:2026-M09) may not appear in a sheet name.
  const suffix = ` ${period.replace(/:/g, " ")}${n > 1 ? ` (${n})` : ""}`;
  const base = sheet.replace(/ \(\d+\)$/, "");
  return base.slice(0, 31 - suffix.length).trimEnd() + suffix;
}

/**
 * What to do with the generated sheets already in a workbook before a review of (retailer, period)
 * is written: the same review is replaced; every other one is an earlier review, kept under names
 * with its period (renamed once, when it stops being the newest), the `keep` latest of them at most.
 */
export function planReviewSheets(marks: ReviewMark[], allSheets: string[], retailerName: string, period: string, keep = DEFAULT_KEEP_REVIEWS): SheetPlan {
  const tag = retailerTag(retailerName);
  const groups = new Map<string, ReviewMark[]>();
  for (const m of marks) {
    const k = `${m.retailerTag} ${m.period}`;
    groups.set(k, [...(groups.get(k) ?? []), m]);
  }
  const remove: string[] = [];
  const removeNames: string[] = [];
  const rename: SheetPlan["rename"] = [];
  const earlier: EarlierReview[] = [];
  const drop = (ms: ReviewMark[]) => ms.forEach((m) => (remove.push(m.sheet), removeNames.push(m.name)));
  const others = [...groups.values()].filter((ms) => !(ms[0].retailerTag === tag && normalizeKey(ms[0].period) === normalizeKey(period)));
  drop(groups.get(`${tag} ${period}`) ?? []);
  others.sort((a, b) => periodOrder(b[0].period) - periodOrder(a[0].period) || (a[0].retailerTag === tag ? -1 : 0) - (b[0].retailerTag === tag ? -1 : 0));
  const taken = new Set(allSheets.map((s) => s.toLowerCase()));
  others.forEach((ms, i) => {
    if (i >= Math.max(0, keep)) return drop(ms);
    let cover: string | null = null;
    for (const m of ms) {
      let name = m.sheet;
      if (!m.sheet.endsWith(` ${m.period}`)) {
        taken.delete(m.sheet.toLowerCase());
        name = withPeriod(m.sheet, m.period);
        for (let n = 2; taken.has(name.toLowerCase()); n++) name = withPeriod(m.sheet, m.period, n);
        taken.add(name.toLowerCase());
        rename.push({ from: m.sheet, to: name });
      }
      if (m.sectionId === "cover") cover = name;
    }
    if (cover) earlier.push({ period: ms[0].period, retailerTag: ms[0].retailerTag, coverSheet: cover });
  });
  earlier.sort((a, b) => (a.retailerTag === tag ? 0 : 1) - (b.retailerTag === tag ? 0 : 1) || periodOrder(b.period) - periodOrder(a.period));
  return { remove, rename, removeNames, earlier };
}
