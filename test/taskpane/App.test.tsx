/**
 * @jest-environment jsdom
 */
import type * as React from "react";
import { render, screen, fireEvent, within, waitFor, cleanup } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App, PaneActions, WorkbookSource } from "../../src/taskpane/App";
import { WorkbookGrids } from "../../src/engine";
import { sheet } from "../helpers";

// jsdom has no ResizeObserver; Fluent's MessageBar measures itself with one.
class NoResize {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = NoResize;

// A small account workbook, as the host reader would hand it over.
const grids: WorkbookGrids = {
  sheets: [
    sheet("Settings", [["Own company", "Acme"]]),
    sheet("零售数据", [
      ["零售商", "门店", "条码", "厂家", "品类", "月份", "销售金额"],
      ["家乐福", "S1", "A1", "Acme", "Biscuits", "2026-07", 300],
      ["家乐福", "S1", "C1", "Comp", "Biscuits", "2026-09", 700],
      ["家乐福", "S1", "A1", "Acme", "Biscuits", "2025-07", 200],
      ["家乐福", "S1", "C1", "Comp", "Biscuits", "2025-07", 800],
      ["小计", null, null, null, null, null, 2000],
    ]),
  ],
};

function renderApp(source: WorkbookSource, lang: "en" | "zh" = "en", extra: Partial<React.ComponentProps<typeof App>> = {}) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <App lang={lang} source={source} {...extra} />
    </FluentProvider>,
  );
}

test("in Excel: read the workbook, see sources and issues, choose options, generate, see results", async () => {
  const read = jest.fn(async (onProgress: (p: { sheet: string; rowsRead: number; rowsTotal: number }) => void) => {
    onProgress({ sheet: "零售数据", rowsRead: 6, rowsTotal: 6 });
    return grids;
  });
  const writeSheets = jest.fn(async (model: { sections: Array<{ title: string }> }, onProgress: (s: string, d: number, t: number) => void) => {
    model.sections.forEach((x, i) => onProgress(x.title, i + 1, model.sections.length));
    return model.sections.map((x) => x.title);
  });
  renderApp({ kind: "excel", read }, "en", { writeSheets });
  fireEvent.click(screen.getByRole("button", { name: "Read this workbook" }));
  const sources = await screen.findByRole("table", { name: "Sources" });
  expect(within(sources).getByText("4 / 5")).toBeTruthy(); // 4 rows used of 5 read (the subtotal is rejected)
  expect(screen.getByText(/Row 6 is a total or subtotal row/)).toBeTruthy();
  // The column mapping of the sell-out sheet, with sample values.
  const columns = screen.getByRole("table", { name: "Columns of 零售数据" });
  expect(within(columns).getByText("G: 销售金额")).toBeTruthy();
  expect(within(columns).getByText("300 · 700 · 200")).toBeTruthy();

  fireEvent.click(screen.getByRole("button", { name: "Review" }));
  fireEvent.click(await screen.findByRole("button", { name: "Generate review" }));
  const results = await screen.findByRole("region", { name: "Results" });
  // ours 300 of 1000 = 30.0%, prior 200 of 1000 = 20.0% -> +10.0 pp
  expect(within(results).getAllByText("30.0%").length).toBeGreaterThan(0);
  expect(within(results).getAllByText("+10.0").length).toBeGreaterThan(0);
  expect(within(results).getByRole("table", { name: "Market share" })).toBeTruthy();
  expect(within(results).queryByText("Downloads")).toBeNull(); // in Excel the review is written to sheets, not downloaded
  expect(writeSheets).toHaveBeenCalledTimes(1);
  expect(within(results).getByText("Sheets written into this workbook")).toBeTruthy();
  expect(within(results).getByRole("button", { name: "Cover" })).toBeTruthy();
  expect(within(results).getByRole("button", { name: "Market share" })).toBeTruthy();
  expect(read).toHaveBeenCalledTimes(1);
});

test("standalone: change a mapping, generate, download the internal review, the retailer copy and the JSON", async () => {
  const save = jest.fn();
  const renderFile = jest.fn(async () => new Uint8Array([1, 2, 3]));
  renderApp({ kind: "file", read: async () => grids }, "en", { save, renderFile });
  fireEvent.change(screen.getByLabelText("Open account files (.xlsx, .xls, .csv)"), { target: { files: [new File(["x"], "account.xlsx")] } });
  await screen.findByRole("table", { name: "Sources" });
  // Unmap the value column: the sheet now misses a required column, and says so.
  fireEvent.click(screen.getByRole("combobox", { name: "Field: 零售数据 G 销售金额" }));
  fireEvent.click(await screen.findByRole("option", { name: "(not used)" }));
  expect(await screen.findByText(/has no column for value/)).toBeTruthy();
  expect(screen.getByText(/No sell-out sheet is recognised/)).toBeTruthy();
  // Map it back and go on.
  fireEvent.click(screen.getByRole("combobox", { name: "Field: 零售数据 G 销售金额" }));
  fireEvent.click(await screen.findByRole("option", { name: "Sales value" }));
  fireEvent.click(await screen.findByRole("button", { name: "Review" }));
  fireEvent.click(await screen.findByRole("button", { name: "Generate review" }));
  await screen.findByRole("region", { name: "Results" });
  expect(renderFile).toHaveBeenCalledTimes(2);
  fireEvent.click(screen.getByRole("button", { name: "Internal review (.xlsx)" }));
  fireEvent.click(screen.getByRole("button", { name: "Retailer copy (.xlsx)" }));
  fireEvent.click(screen.getByRole("button", { name: "Figures (.json)" }));
  expect(save.mock.calls.map((c) => c[0])).toEqual([
    "KA-Review_家乐福_2026-Q3.xlsx",
    "KA-Review_家乐福_2026-Q3_retailer.xlsx",
    "KA-Review_家乐福_2026-Q3.json",
  ]);
  const json = JSON.parse(save.mock.calls[2][1]);
  expect(json.marketShare.total.valueShare).toBeCloseTo(0.3, 12);
}, 30_000);

test("standalone, in Chinese: open a file", async () => {
  const read = jest.fn(async () => grids);
  renderApp({ kind: "file", read }, "zh");
  expect(screen.getByText(/当前不在 Excel 中/)).toBeTruthy();
  const input = screen.getByLabelText("打开数据文件 (.xlsx、.xls、.csv)") as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File(["x"], "account.xlsx")] } });
  const sources = await screen.findByRole("table", { name: "数据来源" });
  // The sheet is named 零售数据 and its kind, Sell-out, is 零售数据 in Chinese.
  expect(within(sources).getAllByText("零售数据")).toHaveLength(2);
  expect(read).toHaveBeenCalledTimes(1);
});

test("a reader that fails shows a sentence, not a crash", async () => {
  renderApp({
    kind: "excel",
    read: async () => {
      throw new Error("The workbook is busy");
    },
  });
  fireEvent.click(screen.getByRole("button", { name: "Read this workbook" }));
  expect(await screen.findByText("Could not read the workbook: The workbook is busy")).toBeTruthy();
});

test("a file the reader refuses gets a sentence in the user's language", async () => {
  renderApp(
    {
      kind: "file",
      read: async () => {
        throw Object.assign(new Error("bomb"), { reason: "bomb" });
      },
    },
    "zh",
  );
  fireEvent.change(screen.getByLabelText("打开数据文件 (.xlsx、.xls、.csv)"), { target: { files: [new File(["x"], "bomb.xlsx")] } });
  expect(await screen.findByText("此文件的压缩方式类似“压缩炸弹”，KA Review 不打开此文件。")).toBeTruthy();
});

test("standalone: a file dropped on the drop zone is read", async () => {
  const read = jest.fn(async () => grids);
  renderApp({ kind: "file", read });
  fireEvent.drop(screen.getByRole("region", { name: "or drop the files here" }), { dataTransfer: { files: [new File(["x"], "dropped.xlsx")] } });
  await screen.findByRole("table", { name: "Sources" });
  expect(read).toHaveBeenCalledTimes(1);
});

type FakeActions = PaneActions & { saved: Record<string, unknown> | null };
function fakeActions(overrides: Partial<PaneActions> = {}): FakeActions {
  const a: FakeActions = {
    saved: null as Record<string, unknown> | null,
    supported: true,
    canCreateWorkbook: true,
    goToCell: jest.fn(async () => undefined),
    activateSheet: jest.fn(async () => undefined),
    createTemplates: jest.fn(async () => ["Sell-out", "Stores"]),
    createRetailerCopy: jest.fn(async () => undefined),
    loadOptions: jest.fn(() => a.saved),
    saveOptions: jest.fn((o: Record<string, unknown>) => void (a.saved = o)),
    ...overrides,
  };
  return a;
}

test("in Excel: go to a cell, open a written sheet, create the retailer copy, regenerate, options remembered", async () => {
  const actions = fakeActions();
  const writeSheets = jest.fn(async (model: { sections: Array<{ title: string }> }) => model.sections.map((x) => x.title));
  const renderFile = jest.fn(async () => new Uint8Array([9]));
  renderApp({ kind: "excel", read: async () => grids }, "en", { actions, writeSheets, renderFile });
  fireEvent.click(screen.getByRole("button", { name: "Read this workbook" }));
  await screen.findByRole("table", { name: "Sources" });
  fireEvent.click(screen.getAllByRole("button", { name: "Go to cell" })[0]);
  expect(actions.goToCell).toHaveBeenCalledWith("零售数据", "A6"); // the subtotal row
  fireEvent.click(screen.getByRole("button", { name: "Review" }));
  fireEvent.click(await screen.findByRole("combobox", { name: "Compare with" }));
  fireEvent.click(await screen.findByRole("option", { name: "Previous period" }));
  fireEvent.click(screen.getByRole("button", { name: "Generate review" }));
  const results = await screen.findByRole("region", { name: "Results" }, { timeout: 10_000 });
  expect(actions.saved).toMatchObject({ retailer: "家乐福", compare: "pop", audience: "internal" });
  fireEvent.click(within(results).getByRole("button", { name: "Market share" }));
  expect(actions.activateSheet).toHaveBeenCalledWith("Market share");
  fireEvent.click(within(results).getByRole("button", { name: "Create retailer copy (new workbook)" }));
  expect(actions.createRetailerCopy).toHaveBeenCalledWith(new Uint8Array([9]));
  fireEvent.click(within(results).getByRole("button", { name: "Regenerate" }));
  await waitFor(() => expect(writeSheets).toHaveBeenCalledTimes(2));
}, 30_000);

test("in Excel: options remembered in the document come back; templates; an Excel too old says so", async () => {
  const actions = fakeActions();
  actions.saved = { retailer: "家乐福", compare: "pop", audience: "retailer", lang: "zh", our: "Acme" };
  renderApp({ kind: "excel", read: async () => grids }, "en", { actions });
  fireEvent.click(screen.getByRole("button", { name: "Create input templates" }));
  expect(await screen.findByText(/Added empty input sheets: Sell-out, Stores/)).toBeTruthy();
  fireEvent.click(screen.getByRole("button", { name: "Read this workbook" }));
  fireEvent.click(await screen.findByRole("button", { name: "Review" }));
  expect((await screen.findByRole("combobox", { name: "Compare with" })).textContent).toContain("Previous period");
  expect(screen.getByRole("combobox", { name: "Audience" }).textContent).toContain("Retailer copy");
  expect(screen.getByRole("combobox", { name: "Language" }).textContent).toContain("中文");
  cleanup();
  renderApp({ kind: "excel", read: async () => grids }, "zh", { actions: fakeActions({ supported: false }) });
  expect(screen.getByText(/此版本的 Excel 过旧/)).toBeTruthy();
  expect(screen.queryByRole("button", { name: "读取本工作簿" })).toBeNull();
}, 30_000);

test("in Excel, in Chinese: sources, fix a mapping, generate, results and issues", async () => {
  const writeSheets = jest.fn(async (model: { sections: Array<{ title: string }> }) => model.sections.map((x) => x.title));
  renderApp({ kind: "excel", read: async () => grids }, "zh", { writeSheets, actions: fakeActions() });
  fireEvent.click(screen.getByRole("button", { name: "读取本工作簿" }));
  await screen.findByRole("table", { name: "数据来源" });
  expect(screen.getByText(/第 6 行是合计或小计行/)).toBeTruthy();
  fireEvent.click(screen.getByRole("combobox", { name: "字段: 零售数据 B 门店" }));
  fireEvent.click(await screen.findByRole("option", { name: "（未使用）" }));
  fireEvent.click(screen.getByRole("combobox", { name: "字段: 零售数据 B 门店" }));
  fireEvent.click(await screen.findByRole("option", { name: "门店" }));
  fireEvent.click(screen.getByRole("button", { name: "回顾" }));
  fireEvent.click(await screen.findByRole("combobox", { name: "语言" }));
  fireEvent.click(await screen.findByRole("option", { name: "中文" }));
  fireEvent.click(screen.getByRole("button", { name: "生成回顾" }));
  const results = await screen.findByRole("region", { name: "结果" }, { timeout: 10_000 });
  expect(within(results).getByText("已写入本工作簿的工作表")).toBeTruthy();
  expect(within(results).getByRole("button", { name: "市场份额" })).toBeTruthy();
  expect(within(results).getAllByText("30.0%").length).toBeGreaterThan(0);
}, 30_000);
