/**
 * Recognising a sheet: where its header row is, which input kind it holds, and which column
 * is which field. The result carries confidences so the task pane can show the mapping and
 * let the user override it; the engine never needs the user to name anything up front.
 */
import { normalizeKey } from "../core/coerce";
import { RawCell, SheetGrid, cellDisplay, columnLetter } from "../core/grid";
import { INPUT_KINDS, InputKind, KIND_SPECS, KindSpec, kindSpec } from "../core/schema";

export interface ColumnMapping {
  /** 0-based index into the grid row. */
  index: number;
  /** Excel column letter. */
  column: string;
  header: string;
  field: string | null;
  /** 1 = exact header word, lower = partial match, 0 = unmapped. */
  confidence: number;
}

export interface SheetDetection {
  sheet: string;
  kind: InputKind | null;
  confidence: number;
  /** 0-based index into the grid of the header row; -1 when none was found. */
  headerIndex: number;
  /** Excel row number of the header row. */
  headerRow: number;
  columns: ColumnMapping[];
  /** Required fields (or groups, joined by "|") with no column. */
  missing: string[];
  /** The user excluded the sheet (or KA Review wrote it: see `generated`). */
  ignored: boolean;
  /** A sheet of a review KA Review wrote (engine/core/marks.ts): never read as input. */
  generated?: { sectionId: string; period: string };
  /** The sheet is hidden in the workbook (read like any other; users hide real data too). */
  hidden?: "hidden" | "veryHidden";
}

/** What the user changed in the detected result (the task pane's dropdowns). */
export interface SheetOverride {
  kind?: InputKind | "ignore";
  /** Excel row number of the header row. */
  headerRow?: number;
  /** Column letter -> field name, or null to leave the column unused. */
  columns?: Record<string, string | null>;
}

const HEADER_SCAN_ROWS = 30;
const EXACT = 1;

interface Synonym {
  norm: string;
  field: string;
}

const synonymsByKind = new Map<InputKind, Synonym[]>(
  KIND_SPECS.map((spec) => [
    spec.kind,
    spec.fields.flatMap((fs) => [...fs.en, ...fs.zh].map((w) => ({ norm: normalizeKey(w), field: fs.field }))).filter((s) => s.norm.length > 0),
  ]),
);

/** Partial matches need a synonym long enough not to match by accident ("to" in "total"). */
function partialAllowed(norm: string): boolean {
  return /[^ -~]/.test(norm) ? norm.length >= 2 : norm.length >= 4;
}

export function bestFieldScores(header: string, kind: InputKind): { field: string; score: number }[] {
  const h = normalizeKey(header);
  if (!h) return [];
  const byField = new Map<string, number>();
  for (const s of synonymsByKind.get(kind) ?? []) {
    let score = 0;
    if (s.norm === h) score = EXACT;
    else if (partialAllowed(s.norm) && h.includes(s.norm)) score = 0.5 + 0.4 * (s.norm.length / h.length);
    if (score > (byField.get(s.field) ?? 0)) byField.set(s.field, score);
  }
  return [...byField].map(([field, score]) => ({ field, score }));
}

const headerWordCache = new Map<string, boolean>();

/** Memoised: a 16,384-column sheet repeats its header words, and each check tries every synonym. */
function isHeaderWord(cell: RawCell): boolean {
  if (typeof cell !== "string" || cell.length > 200) return false;
  const key = normalizeKey(cell);
  if (!key) return false;
  let hit = headerWordCache.get(key);
  if (hit === undefined) {
    hit = KIND_SPECS.some((spec) => bestFieldScores(cell, spec.kind).some((x) => x.score >= 0.7));
    if (headerWordCache.size < 10_000) headerWordCache.set(key, hit);
  }
  return hit;
}

/**
 * Two header rows ("Sales" merged over "Value | Units"): each header is its group label above
 * (carried across the merged span) joined to its own text. Used when it maps more columns.
 */
export function combinedHeaders(above: RawCell[], header: RawCell[]): RawCell[] {
  const out: RawCell[] = [];
  let group = "";
  const n = Math.max(above.length, header.length);
  for (let c = 0; c < n; c++) {
    const a = cellDisplay(above[c]).trim();
    if (a) group = a;
    const h = cellDisplay(header[c]).trim();
    out.push(h && group ? `${group} ${h}` : h || group || null);
  }
  return out;
}

/** The header row: among the first rows, the one with most cells that are known header words. */
export function findHeaderRow(rows: RawCell[][]): number {
  let bestIndex = -1;
  let bestCount = 1; // a lone title like "Sales report" is not a header row
  const limit = Math.min(rows.length, HEADER_SCAN_ROWS);
  for (let i = 0; i < limit; i++) {
    const count = (rows[i] ?? []).filter(isHeaderWord).length;
    if (count > bestCount) {
      bestCount = count;
      bestIndex = i;
    }
  }
  return bestIndex;
}

/** Map header cells to a kind's fields: best matches first, each field and column used once. */
export function mapColumns(headers: RawCell[], kind: InputKind): ColumnMapping[] {
  const candidates: { index: number; field: string; score: number }[] = [];
  headers.forEach((cell, index) => {
    const text = cellDisplay(cell).trim();
    for (const c of bestFieldScores(text, kind)) candidates.push({ index, ...c });
  });
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);
  const taken = new Map<number, { field: string; score: number }>();
  const usedFields = new Set<string>();
  for (const c of candidates) {
    if (taken.has(c.index) || usedFields.has(c.field)) continue;
    taken.set(c.index, c);
    usedFields.add(c.field);
  }
  return headers.map((cell, index) => ({
    index,
    column: columnLetter(index + 1),
    header: cellDisplay(cell).trim(),
    field: taken.get(index)?.field ?? null,
    confidence: round2(taken.get(index)?.score ?? 0),
  }));
}

export function missingRequired(spec: KindSpec, columns: ColumnMapping[]): string[] {
  const mapped = new Set(columns.map((c) => c.field).filter((x): x is string => x !== null));
  return spec.required.filter((r) => (Array.isArray(r) ? !r.some((x) => mapped.has(x)) : !mapped.has(r))).map((r) => (Array.isArray(r) ? r.join("|") : r));
}

function sheetHinted(sheetName: string, spec: KindSpec): boolean {
  const n = normalizeKey(sheetName);
  return spec.sheetHints.some((h) => n.includes(normalizeKey(h)));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Settings are key/value: recognised by the sheet name or by known keys down column A. */
function detectSettings(grid: SheetGrid): SheetDetection | null {
  const spec = kindSpec("settings");
  const keys = grid.rows.slice(0, 60).map((r) => cellDisplay(r?.[0]));
  // Distinct keys: a data sheet's first column repeats its values ("Retailer" merged down two rows, then "Carrefour"…).
  const known = new Set(keys.filter((k) => bestFieldScores(k, "settings").some((x) => x.score === EXACT)).map((k) => normalizeKey(k))).size;
  if (!sheetHinted(grid.name, spec) && known < 2) return null;
  // Rows that look like data are data, whatever column A says: a header row naming three fields or more.
  if (!sheetHinted(grid.name, spec) && grid.rows.slice(0, HEADER_SCAN_ROWS).some((r) => (r ?? []).filter(isHeaderWord).length >= 3)) return null;
  return {
    sheet: grid.name,
    kind: "settings",
    confidence: round2(Math.min(1, 0.5 + 0.1 * known + (sheetHinted(grid.name, spec) ? 0.2 : 0))),
    headerIndex: -1,
    headerRow: 0,
    columns: [],
    missing: [],
    ignored: false,
  };
}

/** Detect the kind, header row and column mapping of one sheet, then apply the user's overrides. */
export function detectSheet(grid: SheetGrid, override: SheetOverride = {}): SheetDetection {
  const firstRow = grid.firstRow ?? 1;
  const base: SheetDetection = { sheet: grid.name, kind: null, confidence: 0, headerIndex: -1, headerRow: 0, columns: [], missing: [], ignored: false };
  if (override.kind === "ignore") return { ...base, ignored: true };
  if (override.kind === "settings" || (override.kind === undefined && detectSettings(grid))) {
    return detectSettings(grid) ?? { ...base, kind: "settings", confidence: 1 };
  }

  const headerIndex = override.headerRow !== undefined ? override.headerRow - firstRow : findHeaderRow(grid.rows);
  if (headerIndex < 0 || headerIndex >= grid.rows.length) {
    return { ...base, kind: override.kind ?? null };
  }
  let headers = grid.rows[headerIndex] ?? [];
  let header = headerIndex;
  // A sub-header row below the header: cells merged down two rows, a group label ("Sales") over
  // "Units | Value". Each column takes its own text below when that names a field, else the one above
  // (a merge filled down repeats it); used when that recognises more columns than the top row alone.
  const below = override.headerRow === undefined ? (grid.rows[headerIndex + 1] ?? []) : [];
  const belowTexts = below.filter((c) => cellDisplay(c).trim() !== "");
  let joinedBelow = false;
  if (belowTexts.length > 0 && belowTexts.every((c) => typeof c === "string") && belowTexts.some(isHeaderWord)) {
    const kinds = INPUT_KINDS.filter((k) => k !== "settings");
    const mappedCount = (h: RawCell[]) => Math.max(...kinds.map((k) => mapColumns(h, k).filter((c) => c.field).length));
    const joined = combinedHeaders(headers, below);
    const belowAlone = kinds.map((k) => mapColumns(below, k));
    const bestBelow = belowAlone[belowAlone.map((m) => m.filter((c) => c.field).length).reduce((bi, n, i, a) => (n > a[bi] ? i : bi), 0)];
    const mixed = joined.map((j, c) => {
      const own = cellDisplay(below[c]).trim();
      if (own && bestBelow[c]?.field) return below[c];
      return own && own === cellDisplay(headers[c]).trim() ? own : j;
    });
    if (mappedCount(mixed) > mappedCount(headers)) {
      headers = mixed;
      header = headerIndex + 1;
      joinedBelow = true;
    }
  }
  // A group row above the header (merged "Sales" over "Value | Units") is joined in when that
  // recognises more columns than the header row alone.
  const above = headerIndex > 0 ? (grid.rows[headerIndex - 1] ?? []) : [];
  if (!joinedBelow && above.filter((c) => cellDisplay(c).trim() !== "").length >= 1 && above.length > 1) {
    const joined = combinedHeaders(above, headers);
    const kinds = INPUT_KINDS.filter((k) => k !== "settings");
    const counts = kinds.map((k) => mapColumns(headers, k).filter((c) => c.field).length);
    const alone = mapColumns(headers, kinds[counts.indexOf(Math.max(...counts))]);
    // Column by column: a header that maps on its own stays; one that does not takes its group label.
    const mixed = joined.map((j, c) => (alone[c]?.field ? headers[c] : j));
    const mappedCount = (h: RawCell[]) => Math.max(...kinds.map((k) => mapColumns(h, k).filter((c) => c.field).length));
    if (mappedCount(mixed) > Math.max(...counts)) headers = mixed;
  }
  const nonEmpty = headers.filter((h) => cellDisplay(h).trim() !== "").length;

  let best: { kind: InputKind; score: number; columns: ColumnMapping[]; missing: string[]; hinted: boolean } | null = null;
  const kinds = override.kind ? [override.kind] : INPUT_KINDS.filter((k) => k !== "settings");
  for (const kind of kinds) {
    const spec = kindSpec(kind);
    const columns = mapColumns(headers, kind);
    const missing = missingRequired(spec, columns);
    const hinted = sheetHinted(grid.name, spec);
    const matched = columns.reduce((s, c) => s + c.confidence, 0);
    const score = matched + 2 * (spec.required.length - missing.length) - 3 * missing.length + (hinted ? 2 : 0);
    if (!best || score > best.score) best = { kind, score, columns, missing, hinted };
  }
  if (!best) return base;

  let columns = best.columns;
  if (override.columns) {
    columns = columns.map((c) => {
      if (!(c.column in override.columns!)) return c;
      const field = override.columns![c.column];
      return { ...c, field, confidence: field ? 1 : 0 };
    });
    // A field chosen by the user for one column is taken away from any other column.
    const chosen = new Map(Object.entries(override.columns).filter(([, fld]) => fld));
    const chosenFields = new Set(chosen.values());
    columns = columns.map((c) => (c.field && chosenFields.has(c.field) && chosen.get(c.column) !== c.field ? { ...c, field: null, confidence: 0 } : c));
  }
  const missing = missingRequired(kindSpec(best.kind), columns);
  const mappedCount = columns.filter((c) => c.field).length;
  if (!override.kind && mappedCount < 2) return { ...base, headerIndex: header, headerRow: header + firstRow, columns };

  const spec = kindSpec(best.kind);
  const requiredCoverage = spec.required.length ? (spec.required.length - missing.length) / spec.required.length : 1;
  const confidence = override.kind
    ? 1
    : Math.min(1, 0.6 * (nonEmpty ? columns.reduce((s, c) => s + c.confidence, 0) / nonEmpty : 0) + 0.4 * requiredCoverage + (best.hinted ? 0.1 : 0));
  return {
    sheet: grid.name,
    kind: best.kind,
    confidence: round2(confidence),
    headerIndex: header,
    headerRow: header + firstRow,
    columns,
    missing,
    ignored: false,
  };
}
