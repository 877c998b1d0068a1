/**
 * Task pane entry: decide the host, then render the App with that host's reader.
 * office.js resolves onReady with {host: null} in a plain browser (toolchain.md), and may not
 * load at all offline: either way the pane runs standalone on a picked .xlsx file.
 */
import { createRoot } from "react-dom/client";
import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { App, WorkbookSource } from "./App";
import { ComputeResult, EngineClient, localEngine } from "./engineClient";
import type { WorkbookGrids } from "../engine";
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

/** Parse the file in a Web Worker (the pane stays responsive); in the page itself where workers are unavailable. */
function readInWorker(file: File): Promise<WorkbookGrids> {
  if (typeof Worker === "undefined") return readPickedFile(file);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("../hosts/browser/readWorker.ts", import.meta.url));
    worker.onmessage = (e: MessageEvent<{ ok: boolean; grids?: WorkbookGrids; reason?: string; message?: string }>) => {
      worker.terminate();
      if (e.data.ok) resolve(e.data.grids!);
      else reject(Object.assign(new Error(e.data.message ?? "unreadable"), { reason: e.data.reason }));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(Object.assign(new Error(e.message), { reason: "corrupt" }));
    };
    worker.postMessage({ file });
  });
}

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
  const source: WorkbookSource = excel ? { kind: "excel", read: (onProgress) => readWorkbookGrids(onProgress) } : { kind: "file", read: readInWorker };
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
