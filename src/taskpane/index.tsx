/**
 * Task pane entry: decide the host, then render the App with that host's reader.
 * office.js resolves onReady with {host: null} in a plain browser (toolchain.md), and may not
 * load at all offline: either way the pane runs standalone on a picked .xlsx file.
 */
import { createRoot } from "react-dom/client";
import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { App } from "./App";
import type { ReadProgress, ReadResult, RowsProgress, WorkbookSource } from "../contracts/reading";
import { openFileInWorker, readExcelInWorker } from "./sessionClient";
import { readPickedFiles } from "../hosts/browser/fileSession";
import { storedSession } from "../session/session";
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

/** The pane's worker; where workers are unavailable, files and Excel's sheets are read in the page as grids. */
const createWorker = typeof Worker === "undefined" ? null : () => new Worker(new URL("./sessionWorker.ts", import.meta.url));
const openFile = async (files: File[], onProgress?: (p: RowsProgress) => void): Promise<ReadResult> => {
  if (createWorker) return openFileInWorker(createWorker, files, onProgress);
  // No workers: in the page, one file as grids, several through the same session as the worker's.
  if (files.length === 1 && /\.xlsx$/i.test(files[0].name)) return readPickedFile(files[0]);
  const picked = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  const { session, heads } = storedSession(await readPickedFiles(picked, onProgress));
  return { heads, ingest: async (o) => session.ingest(o), review: async (r) => session.review(r) };
};
const readExcel = (onProgress: (p: ReadProgress) => void): Promise<ReadResult> =>
  createWorker ? readExcelInWorker(createWorker, onProgress) : readWorkbookGrids(onProgress);

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
        // The deck writer too; in Excel the deck is a download as well (Excel cannot open a .pptx itself).
        renderDeck={async (model) => (await import("../hosts/pptx/deck")).reviewDeckBytes(model)}
        saveDeck={save}
        actions={excel ? officeActions() : undefined}
        save={excel ? undefined : save}
        writeSheets={
          excel
            ? (model, onProgress, isCancelled, options) =>
                writeReview(model, {
                  settings: Office.context.document.settings,
                  isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
                  onProgress,
                  isCancelled,
                  keepReviews: options.keepReviews,
                })
            : undefined
        }
      />
    </FluentProvider>,
  );
});
