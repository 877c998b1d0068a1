/**
 * The picked file's worker: opens it (checks, sheet heads), then answers ingest and review requests
 * from the pane over the bytes it holds (FileSession). Messages carry an id; progress is posted as it goes.
 */
import { FileSession } from "./fileSession";
import type { ReviewRequest } from "../../taskpane/engineClient";
import type { SheetOverride } from "../../engine";

export type FileRequest =
  | { id: number; type: "open"; file: Blob }
  | { id: number; type: "ingest"; overrides: Record<string, SheetOverride> }
  | { id: number; type: "review"; request: ReviewRequest };

const ctx = self as unknown as { onmessage: ((e: MessageEvent<FileRequest>) => void) | null; postMessage(m: unknown): void };
let session: FileSession | null = null;

ctx.onmessage = async (e) => {
  const msg = e.data;
  const progress = (p: { sheet: string; rows: number }) => ctx.postMessage({ id: msg.id, progress: p });
  try {
    if (msg.type === "open") {
      const opened = FileSession.open(new Uint8Array(await msg.file.arrayBuffer()));
      session = opened.session;
      ctx.postMessage({ id: msg.id, ok: true, value: { heads: opened.heads } });
    } else if (!session) throw new Error("no file is open");
    else if (msg.type === "ingest") ctx.postMessage({ id: msg.id, ok: true, value: session.ingest(msg.overrides, progress) });
    else ctx.postMessage({ id: msg.id, ok: true, value: session.review(msg.request, progress) });
  } catch (err) {
    ctx.postMessage({
      id: msg.id,
      ok: false,
      reason: (err as { reason?: string }).reason ?? "corrupt",
      message: err instanceof Error ? err.message : String(err),
    });
  }
};
