/**
 * Task pane entry: decide the host, then render the App with that host's reader.
 * office.js resolves onReady with {host: null} in a plain browser (toolchain.md), and may not
 * load at all offline: either way the pane runs standalone on a picked .xlsx file.
 */
import { createRoot } from "react-dom/client";
import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { App, ReadResult, WorkbookSource } from "./App";
import { ComputeResult, IngestSummary, LoadedWorkbook } from "./engineClient";
import type { SheetGrid } from "../engine";
import type { SessionRequest } from "./sessionWorker";
import { parseLang } from "../i18n";
import { ReadProgress, readWorkbookBlocks, readWorkbookGrids } from "../hosts/office/readWorkbook";
import { writeReview } from "../hosts/office/writeReview";
import { officeActions } from "../hosts/office/actions";
import { readPickedFile } from "../hosts/browser/readFile";

/** A download in a plain browser: the file never leaves the machine. */
function save(name: string, data: Uint8Array | string, mime: string): void {
  const blob = new Blob([typeof data === "string" ? data : (data as Uint8Array<ArrayBuffer>)], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const OFFICE_WAIT_MS = 3000;

async function detectHost(): Promise<{ excel: boolean; lang: string; dark: boolean }> {
  const browserLang = navigator.language;
  if (typeof Office === "undefined") return { excel: false, lang: browserLang, dark: false };
  const info = await Promise.race([Office.onReady(), new Promise<null>((resolve) => setTimeout(() => resolve(null), OFFICE_WAIT_MS))]);
  if (!info || info.host !== Office.HostType.Excel) return { excel: false, lang: browserLang, dark: false };
  const theme = Office.context.officeTheme;
  const dark = theme ? isDark(theme.bodyBackgroundColor) : false;
  return { excel: true, lang: Office.context.displayLanguage || browserLang, dark };
}

function isDark(hex: string): boolean {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return false;
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => parseInt(x, 16));
  return 0.299 * r + 0.587 * g + 0.114 * b < 128;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Progress = { sheet: string; rows: number };

/**
 * The pane's worker (sessionWorker.ts) holds the workbook and runs the engine: a picked file's bytes,
 * or Excel's grids sent block by block as they are read. The pane keeps sheet heads and summaries.
 */
function startSession(onProgress?: (p: Progress) => void) {
  const worker = new Worker(new URL("./sessionWorker.ts", import.meta.url));
  type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
  const pending = new Map<number, Pending>();
  let nextId = 0;
  worker.onmessage = (e: MessageEvent<{ id: number; ok?: boolean; value?: unknown; progress?: Progress; reason?: string; message?: string }>) => {
    const m = e.data;
    const p = pending.get(m.id);
    if (!p) return;
    if (m.progress) {
      onProgress?.(m.progress);
      return;
    }
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(Object.assign(new Error(m.message ?? "unreadable"), { reason: m.reason }));
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(Object.assign(new Error(e.message), { reason: "corrupt" }));
    pending.clear();
  };
  /** A request with an answer. */
  const call = <T,>(msg: DistributiveOmit<SessionRequest, "id">): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...msg, id });
    });
  /** A message without one (blocks of rows: posted in order, answered by the final "grids-done"). */
  const send = (msg: DistributiveOmit<SessionRequest, "id">) => worker.postMessage({ ...msg, id: 0 });
  const book = (heads: SheetGrid[]): LoadedWorkbook => ({
    heads,
    ingest: (overrides) => call<IngestSummary>({ type: "ingest", overrides }),
    review: (request) => call<ComputeResult>({ type: "review", request }),
  });
  return { worker, call, send, book };
}

/** A picked file: parsed in the worker. Where workers are unavailable, read in the page as grids. */
async function openFile(file: File, onProgress?: (p: Progress) => void): Promise<ReadResult> {
  if (typeof Worker === "undefined") return readPickedFile(file);
  const session = startSession(onProgress);
  try {
    const { heads } = await session.call<{ heads: SheetGrid[] }>({ type: "open-file", file });
    return session.book(heads);
  } catch (e) {
    session.worker.terminate();
    throw e;
  }
}

/** The open workbook in Excel: read block by block on this thread (Office.js lives here), each block handed to the worker. */
async function readExcel(onProgress: (p: ReadProgress) => void): Promise<ReadResult> {
  if (typeof Worker === "undefined") return readWorkbookGrids(onProgress);
  const session = startSession((p) => onProgress({ sheet: p.sheet, rowsRead: p.rows, rowsTotal: p.rows }));
  try {
    await readWorkbookBlocks(
      {
        beginSheet: (name, firstRow, firstColumn) => session.send({ type: "begin-sheet", name, firstRow, firstColumn }),
        block: (rows) => session.send({ type: "block", rows }),
        endSheet: () => undefined,
      },
      onProgress,
    );
    const { heads } = await session.call<{ heads: SheetGrid[] }>({ type: "grids-done" });
    return session.book(heads);
  } catch (e) {
    session.worker.terminate();
    throw e;
  }
}

void detectHost().then(({ excel, lang, dark }) => {
  const source: WorkbookSource = excel ? { kind: "excel", read: readExcel } : { kind: "file", read: openFile };
  const root = createRoot(document.getElementById("root")!);
  root.render(
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      <App
        lang={parseLang(lang)}
        source={source}
        // The .xlsx writer (ExcelJS) is a chunk of its own, loaded on the first download or retailer copy.
        renderFile={async (model) => (await (await import("../hosts/xlsx/reviewFile")).reviewFileBytes(model)).bytes}
        actions={excel ? officeActions() : undefined}
        save={excel ? undefined : save}
        writeSheets={
          excel
            ? (model, onProgress, isCancelled) =>
                writeReview(model, {
                  settings: Office.context.document.settings,
                  isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
                  onProgress,
                  isCancelled,
                })
            : undefined
        }
      />
    </FluentProvider>,
  );
});
