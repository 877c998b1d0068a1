/**
 * The pane's state as a pure reducer (the model of script-lab): which step is shown, the user's
 * overrides of kinds and columns, the sheet whose columns are shown, the review options, and the
 * progress, error and template messages. No React and no host in here, so it is tested on its own.
 */
import { DEFAULT_KEEP_REVIEWS } from "../engine";
import type { Audience, CompareMode, InputKind, SheetOverride } from "../engine";
import type { Lang } from "../i18n";

export type Step = "start" | "sources" | "review" | "results";

export interface PaneOptions {
  retailer: string | null;
  period: string | null;
  compare: CompareMode;
  audience: Audience;
  our: string;
  lang: Lang;
  /** Earlier reviews kept in the workbook beside the new one (Excel only). */
  keepReviews: number;
  /** Promotion evaluation options changed in the pane (weeks); the rest are the workbook Settings'. */
  promo: Partial<PromoWeeks>;
}

/** The promotion evaluation's options, in weeks (metrics.md "Promotion evaluation"). */
export interface PromoWeeks {
  baselineWeeks: number;
  minBaselineWeeks: number;
  postWeeks: number;
  lookbackWeeks: number;
}

export interface PaneState {
  step: Step;
  overrides: Record<string, SheetOverride>;
  selectedSheet: string | null;
  options: PaneOptions;
  progress: string | null;
  error: string | null;
  templates: string[] | null;
}

export type PaneAction =
  | { type: "loaded"; selectedSheet: string | null; options: PaneOptions }
  | { type: "set-kind"; sheet: string; kind: InputKind | "ignore" | "auto" }
  | { type: "set-field"; sheet: string; column: string; field: string | null; detectedKind: InputKind | null }
  | { type: "select-sheet"; sheet: string }
  | { type: "set-options"; patch: Partial<PaneOptions> }
  | { type: "go"; step: Step }
  | { type: "progress"; text: string | null }
  | { type: "error"; text: string | null }
  | { type: "templates"; sheets: string[] };

export function initialState(lang: Lang): PaneState {
  return {
    step: "start",
    overrides: {},
    selectedSheet: null,
    options: { retailer: null, period: null, compare: "yoy", audience: "internal", our: "", lang, keepReviews: DEFAULT_KEEP_REVIEWS, promo: {} },
    progress: null,
    error: null,
    templates: null,
  };
}

export function paneReducer(state: PaneState, action: PaneAction): PaneState {
  switch (action.type) {
    case "loaded":
      // A new workbook: its own sheets, no overrides of the last one.
      return { ...state, step: "sources", overrides: {}, selectedSheet: action.selectedSheet, options: action.options, error: null };
    case "set-kind": {
      const sheet = { ...state.overrides[action.sheet] };
      if (action.kind === "auto") delete sheet.kind;
      else sheet.kind = action.kind;
      delete sheet.columns; // a new kind has other fields
      return { ...state, overrides: { ...state.overrides, [action.sheet]: sheet } };
    }
    case "set-field": {
      const o = state.overrides[action.sheet];
      // The kind the columns belong to is pinned with them: a mapping means nothing under another kind.
      const sheet: SheetOverride = {
        ...o,
        kind: o?.kind ?? action.detectedKind ?? undefined,
        columns: { ...(o?.columns ?? {}), [action.column]: action.field },
      };
      return { ...state, overrides: { ...state.overrides, [action.sheet]: sheet } };
    }
    case "select-sheet":
      return { ...state, selectedSheet: action.sheet };
    case "set-options":
      return { ...state, options: { ...state.options, ...action.patch } };
    case "go":
      return { ...state, step: action.step };
    case "progress":
      return { ...state, progress: action.text };
    case "error":
      return { ...state, error: action.text };
    case "templates":
      return { ...state, templates: action.sheets };
  }
}

/**
 * The options a newly read workbook starts with: what the document remembers wins over the defaults
 * where it still fits the data (a remembered retailer that is no longer in the sell-out is not kept).
 */
export function optionsFor(
  remembered: Record<string, unknown>,
  data: { retailers: string[]; ourCompany: string | null; language: Lang | null },
  current: PaneOptions,
): PaneOptions {
  const retailer = typeof remembered.retailer === "string" && data.retailers.includes(remembered.retailer) ? remembered.retailer : (data.retailers[0] ?? null);
  return {
    ...current,
    retailer,
    period: null,
    compare: remembered.compare === "pop" ? "pop" : "yoy",
    audience: remembered.audience === "retailer" ? "retailer" : "internal",
    our: typeof remembered.our === "string" && remembered.our ? remembered.our : (data.ourCompany ?? ""),
    lang: remembered.lang === "zh" || remembered.lang === "en" ? remembered.lang : (data.language ?? current.lang),
    keepReviews: typeof remembered.keepReviews === "number" && remembered.keepReviews >= 0 ? remembered.keepReviews : DEFAULT_KEEP_REVIEWS,
    promo: {},
  };
}

/** What the document remembers of the options (the period is chosen anew each time). */
export function rememberedOptions(o: PaneOptions): Record<string, unknown> {
  return { retailer: o.retailer, compare: o.compare, audience: o.audience, our: o.our, lang: o.lang, keepReviews: o.keepReviews };
}
