/**
 * What the pane's worker does: it holds the workbook (a picked file read once, or Excel's grids sent
 * block by block, kept as encoded stores) and runs the engine on it, so the pane's thread stays
 * responsive and never holds a grid. Requests carry an id; progress is posted under the id of the
 * request it belongs to. sessionWorker.ts runs this in the worker; tests run it in-thread.
 */
import type { RowsProgress } from "../contracts/reading";
import type { DefinedName, RawCell, SheetOverride } from "../engine";
import { readPickedFiles } from "../hosts/browser/fileSession";
import type { ReviewRequest } from "../session/engineClient";
import { GridCollector, ReviewSession, storedSession } from "../session/session";

export type SessionRequest =
  | { id: number; type: "open-file"; files: Array<{ name: string; file: Blob }> }
  | { id: number; type: "names"; names: DefinedName[] }
  | { id: number; type: "begin-sheet"; name: string; firstRow: number; firstColumn: number; hidden?: "hidden" | "veryHidden" }
  | { id: number; type: "block"; rows: RawCell[][] }
  | { id: number; type: "grids-done" }
  | { id: number; type: "ingest"; overrides: Record<string, SheetOverride> }
  | { id: number; type: "review"; request: ReviewRequest };

/** What the worker posts back: progress under a request's id, then its answer. */
export type SessionReply =
  { id: number; progress: RowsProgress } | { id: number; ok: true; value: unknown } | { id: number; ok: false; reason: string; message: string };

/** The worker's state and its answer to one message (exported so tests run it in-thread). */
export function sessionHandler(post: (reply: SessionReply) => void): (msg: SessionRequest) => Promise<void> {
  let session: ReviewSession | null = null;
  const collector = new GridCollector();
  return async (msg) => {
    const progress = (p: RowsProgress) => post({ id: msg.id, progress: p });
    try {
      switch (msg.type) {
        case "open-file": {
          const files = await Promise.all(msg.files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.file.arrayBuffer()) })));
          const opened = storedSession(await readPickedFiles(files, progress));
          session = opened.session;
          return post({ id: msg.id, ok: true, value: { heads: opened.heads } });
        }
        case "names":
          return collector.names(msg.names);
        case "begin-sheet":
          return collector.beginSheet(msg.name, msg.firstRow, msg.firstColumn, msg.hidden);
        case "block":
          return collector.block(msg.rows);
        case "grids-done": {
          const done = collector.done();
          session = done.session;
          return post({ id: msg.id, ok: true, value: { heads: done.heads } });
        }
        case "ingest":
          if (!session) throw new Error("no workbook is open");
          return post({ id: msg.id, ok: true, value: session.ingest(msg.overrides, progress) });
        case "review":
          if (!session) throw new Error("no workbook is open");
          return post({ id: msg.id, ok: true, value: session.review(msg.request, progress) });
      }
    } catch (err) {
      post({ id: msg.id, ok: false, reason: (err as { reason?: string }).reason ?? "corrupt", message: err instanceof Error ? err.message : String(err) });
    }
  };
}
