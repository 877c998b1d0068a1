/** The pane's state on its own: the reducer and the remembered options, with no React and no host. */
import { DEFAULT_KEEP_REVIEWS } from "../../src/engine";
import { PaneState, initialState, optionsFor, paneReducer, rememberedOptions } from "../../src/taskpane/state";
import { previewColumns } from "../../src/taskpane/steps/ResultsStep";

const loaded = (s: PaneState = initialState("en")) => paneReducer(s, { type: "loaded", selectedSheet: "Sell-out", options: s.options });

test("a new workbook opens on its sources, with no overrides and no error of the last one", () => {
  let s = paneReducer(initialState("en"), { type: "set-kind", sheet: "Old", kind: "stores" });
  s = paneReducer(s, { type: "error", text: "could not read" });
  s = loaded(s);
  expect(s.step).toBe("sources");
  expect(s.overrides).toEqual({});
  expect(s.error).toBeNull();
  expect(s.selectedSheet).toBe("Sell-out");
});

test("a kind chosen for a sheet drops the columns mapped under the kind before; auto forgets the kind", () => {
  let s = loaded();
  s = paneReducer(s, { type: "set-field", sheet: "Data", column: "G", field: "value", detectedKind: "sell-out" });
  expect(s.overrides.Data).toEqual({ kind: "sell-out", columns: { G: "value" } });
  s = paneReducer(s, { type: "set-kind", sheet: "Data", kind: "sell-in" });
  expect(s.overrides.Data).toEqual({ kind: "sell-in" });
  s = paneReducer(s, { type: "set-kind", sheet: "Data", kind: "auto" });
  expect(s.overrides.Data).toEqual({});
});

test("a column mapped on a detected sheet pins the detected kind; a second mapping keeps the first", () => {
  let s = paneReducer(loaded(), { type: "set-field", sheet: "零售数据", column: "G", field: null, detectedKind: "sell-out" });
  s = paneReducer(s, { type: "set-field", sheet: "零售数据", column: "H", field: "units", detectedKind: "sell-out" });
  expect(s.overrides["零售数据"]).toEqual({ kind: "sell-out", columns: { G: null, H: "units" } });
  // The state before is not changed (a reducer returns new objects).
  expect(loaded().overrides).toEqual({});
});

test("options change one at a time; steps move; progress and templates are shown", () => {
  let s = paneReducer(loaded(), { type: "set-options", patch: { compare: "pop" } });
  s = paneReducer(s, { type: "set-options", patch: { retailer: "Carrefour" } });
  expect(s.options).toMatchObject({ compare: "pop", retailer: "Carrefour", audience: "internal" });
  s = paneReducer(s, { type: "go", step: "review" });
  expect(s.step).toBe("review");
  s = paneReducer(s, { type: "progress", text: "Computing…" });
  expect(s.progress).toBe("Computing…");
  s = paneReducer(s, { type: "templates", sheets: ["Sell-out"] });
  expect(s.templates).toEqual(["Sell-out"]);
});

describe("the options a workbook starts with", () => {
  const current = initialState("en").options;
  const data = { retailers: ["Carrefour", "Walmart"], ourCompany: "Sunrise Foods", language: null };

  test("nothing remembered: the first retailer, year on year, internal, the Settings' company, the pane's language", () => {
    expect(optionsFor({}, data, current)).toEqual({
      ...current,
      retailer: "Carrefour",
      compare: "yoy",
      audience: "internal",
      our: "Sunrise Foods",
      lang: "en",
      keepReviews: DEFAULT_KEEP_REVIEWS,
    });
  });

  test("what the document remembers wins where it still fits the data", () => {
    const remembered = { retailer: "Walmart", compare: "pop", audience: "retailer", our: "日出食品", lang: "zh", keepReviews: 2 };
    expect(optionsFor(remembered, data, current)).toMatchObject({ ...remembered, period: null });
    // A remembered retailer that is no longer in the sell-out, a bad count: the defaults instead.
    expect(optionsFor({ retailer: "Tesco", keepReviews: -1 }, data, current)).toMatchObject({ retailer: "Carrefour", keepReviews: DEFAULT_KEEP_REVIEWS });
    expect(optionsFor({}, { ...data, language: "zh" }, current).lang).toBe("zh");
  });

  test("the period is not remembered: each review starts on the latest quarter", () => {
    const o = { ...current, retailer: "Carrefour", period: "2026-Q1" };
    expect(rememberedOptions(o)).not.toHaveProperty("period");
    expect(optionsFor(rememberedOptions(o), data, o).period).toBeNull();
  });
});

test("a section's preview keeps its label column and its key figures: a share, then money", () => {
  const col = (key: string, format: "text" | "money" | "share" | "int") => ({ key, header: key, format });
  const table = {
    id: "t",
    columns: [col("level", "text"), col("category", "text"), col("ourValue", "money"), col("units", "int"), col("valueShare", "share")],
    rows: [],
  };
  expect(previewColumns(table).map((c) => c.key)).toEqual(["level", "ourValue", "valueShare"]);
  expect(previewColumns({ ...table, columns: table.columns.slice(0, 2) }).map((c) => c.key)).toEqual(["level", "category"]);
});
