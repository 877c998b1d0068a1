/**
 * Task pane entry: decide the host, then render the App with that host's reader.
 * office.js resolves onReady with {host: null} in a plain browser (toolchain.md), and may not
 * load at all offline: either way the pane runs standalone on a picked .xlsx file.
 */
import { createRoot } from "react-dom/client";
import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { App, ReadResult, WorkbookSource } from "./App";
import { ComputeResult, EngineClient, IngestSummary, LoadedWorkbook, localEngine } from "./engineClient";
import type { SheetGrid } from "../engine";
import type { FileRequest } from "../hosts/browser/fileWorker";
import { parseLang } from "../i18n";
import { readWorkbookGrids } from "../hosts/office/readWorkbook";
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

/**
 * A picked file, kept in a Web Worker that parses it and streams it into the engine (src/hosts/browser/
 * fileWorker.ts): the pane gets sheet heads, summaries and the finished review, never a grid. Where
 * workers are unavailable the file is read in the page as grids.
 */
async function openFile(file: File, onProgress?: (p: { sheet: string; rows: number }) => void): Promise<ReadResult> {
  if (typeof Worker === "undefined") return readPickedFile(file);
  const worker = new Worker(new URL("../hosts/browser/fileWorker.ts", import.meta.url));
  type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
  const pending = new Map<number, Pending>();
  let nextId = 0;
  worker.onmessage = (
    e: MessageEvent<{ id: number; ok?: boolean; value?: unknown; progress?: { sheet: string; rows: number }; reason?: string; message?: string }>,
  ) => {
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
  const call = <T,>(msg: DistributiveOmit<FileRequest, "id">): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...msg, id });
    });
  try {
    const { heads } = await call<{ heads: SheetGrid[] }>({ type: "open", file });
    const book: LoadedWorkbook = {
      heads,
      ingest: (overrides) => call<IngestSummary>({ type: "ingest", overrides }),
      review: (request) => call<ComputeResult>({ type: "review", request }),
    };
    return book;
  } catch (e) {
    worker.terminate();
    throw e;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The engine in a Web Worker, one worker per review; in the page where workers are unavailable. */
const workerEngine: EngineClient = {
  review: (request) => {
    if (typeof Worker === "undefined") return localEngine.review(request);
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL("./engineWorker.ts", import.meta.url));
      worker.onmessage = (e: MessageEvent<ComputeResult>) => {
        worker.terminate();
        resolve(e.data);
      };
      worker.onerror = (e) => {
        worker.terminate();
        reject(new Error(e.message));
      };
      worker.postMessage(request);
    });
  },
};

void detectHost().then(({ excel, lang, dark }) => {
  const source: WorkbookSource = excel ? { kind: "excel", read: (onProgress) => readWorkbookGrids(onProgress) } : { kind: "file", read: openFile };
  const root = createRoot(document.getElementById("root")!);
  root.render(
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      <App
        lang={parseLang(lang)}
        source={source}
        // The .xlsx writer (ExcelJS) is a chunk of its own, loaded on the first download or retailer copy.
        renderFile={async (model) => (await (await import("../hosts/xlsx/reviewFile")).reviewFileBytes(model)).bytes}
        actions={excel ? officeActions() : undefined}
        engine={workerEngine}
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
