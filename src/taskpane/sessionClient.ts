/**
 * The pane's side of its worker (sessionWorker.ts): requests with ids, progress, and the two ways a
 * workbook gets there — a picked file, or Excel's sheets block by block as Office.js reads them (on
 * this thread, where Office.js lives). The worker is made by a factory so tests can run the real
 * worker code in-thread.
 */
import type { SheetGrid } from "../engine";
import type { ReadProgress, ReadResult, RowsProgress } from "../contracts/reading";
import { readWorkbookBlocks } from "../hosts/office/readWorkbook";
import { ComputeResult, IngestSummary, LoadedWorkbook } from "../session/engineClient";
import type { SessionReply, SessionRequest } from "./sessionHandler";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Progress = RowsProgress;

/** What the pane needs of a Worker. */
export interface SessionPort {
  onmessage: ((e: MessageEvent<SessionReply>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}

export function startSession(createWorker: () => SessionPort, onProgress?: (p: Progress) => void) {
  const worker = createWorker();
  type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
  const pending = new Map<number, Pending>();
  let nextId = 0;
  worker.onmessage = (e) => {
    const m = e.data;
    const p = pending.get(m.id);
    if (!p) return;
    if ("progress" in m) {
      onProgress?.(m.progress);
      return;
    }
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(Object.assign(new Error(m.message), { reason: m.reason }));
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.reject(Object.assign(new Error(e.message), { reason: "corrupt" }));
    pending.clear();
  };
  /** A request with an answer. */
  const call = <T>(msg: DistributiveOmit<SessionRequest, "id">): Promise<T> =>
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

/** A picked file, parsed in the worker. */
/** Picked files, parsed in the worker (several are one account). */
export async function openFileInWorker(createWorker: () => SessionPort, files: File[], onProgress?: (p: Progress) => void): Promise<ReadResult> {
  const session = startSession(createWorker, onProgress);
  try {
    const { heads } = await session.call<{ heads: SheetGrid[] }>({ type: "open-file", files: files.map((file) => ({ name: file.name, file })) });
    return session.book(heads);
  } catch (e) {
    session.worker.terminate();
    throw e;
  }
}

/** The open workbook in Excel: read block by block here, each block handed to the worker as it comes. */
export async function readExcelInWorker(createWorker: () => SessionPort, onProgress: (p: ReadProgress) => void): Promise<ReadResult> {
  const session = startSession(createWorker, (p) => onProgress({ sheet: p.sheet, rowsRead: p.rows, rowsTotal: p.rows }));
  try {
    await readWorkbookBlocks(
      {
        names: (names) => session.send({ type: "names", names }),
        beginSheet: (name, firstRow, firstColumn, _rows, hidden) => session.send({ type: "begin-sheet", name, firstRow, firstColumn, hidden }),
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
