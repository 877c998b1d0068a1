/**
 * The pane's worker: it holds the workbook (a picked file's bytes, or Excel's grids sent block by
 * block) and runs the engine on it, so the pane's thread stays responsive and never holds a grid.
 * Requests carry an id; progress is posted under the id of the request it belongs to.
 */
import type { RawCell, SheetOverride } from "../engine";
import { openFileSession } from "../hosts/browser/fileSession";
import type { ReviewRequest } from "./engineClient";
import { GridCollector, ReviewSession } from "./session";

export type SessionRequest =
  | { id: number; type: "open-file"; file: Blob }
  | { id: number; type: "begin-sheet"; name: string; firstRow: number; firstColumn: number }
  | { id: number; type: "block"; rows: RawCell[][] }
  | { id: number; type: "grids-done" }
  | { id: number; type: "ingest"; overrides: Record<string, SheetOverride> }
  | { id: number; type: "review"; request: ReviewRequest };

const ctx = self as unknown as { onmessage: ((e: MessageEvent<SessionRequest>) => void) | null; postMessage(m: unknown): void };
let session: ReviewSession | null = null;
const collector = new GridCollector();

ctx.onmessage = async (e) => {
  const msg = e.data;
  const progress = (p: { sheet: string; rows: number }) => ctx.postMessage({ id: msg.id, progress: p });
  try {
    switch (msg.type) {
      case "open-file": {
        const opened = openFileSession(new Uint8Array(await msg.file.arrayBuffer()), progress);
        session = opened.session;
        return ctx.postMessage({ id: msg.id, ok: true, value: { heads: opened.heads } });
      }
      case "begin-sheet":
        return collector.beginSheet(msg.name, msg.firstRow, msg.firstColumn);
      case "block":
        return collector.block(msg.rows);
      case "grids-done": {
        const done = collector.done();
        session = done.session;
        return ctx.postMessage({ id: msg.id, ok: true, value: { heads: done.heads } });
      }
      case "ingest":
        if (!session) throw new Error("no workbook is open");
        return ctx.postMessage({ id: msg.id, ok: true, value: session.ingest(msg.overrides, progress) });
      case "review":
        if (!session) throw new Error("no workbook is open");
        return ctx.postMessage({ id: msg.id, ok: true, value: session.review(msg.request, progress) });
    }
  } catch (err) {
    ctx.postMessage({
      id: msg.id,
      ok: false,
      reason: (err as { reason?: string }).reason ?? "corrupt",
      message: err instanceof Error ? err.message : String(err),
    });
  }
};
