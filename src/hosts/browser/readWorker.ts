/**
 * Reads a picked .xlsx off the main thread, so the pane stays responsive while ExcelJS parses a big
 * file. Grids (strings, numbers, Dates, error objects) cross back by structured clone.
 */
import { readPickedFile } from "./readFile";

const ctx = self as unknown as { onmessage: ((e: MessageEvent<{ file: Blob }>) => void) | null; postMessage(m: unknown): void };

ctx.onmessage = async (e) => {
  try {
    ctx.postMessage({ ok: true, grids: await readPickedFile(e.data.file) });
  } catch (err) {
    ctx.postMessage({ ok: false, reason: (err as { reason?: string }).reason ?? "corrupt", message: err instanceof Error ? err.message : String(err) });
  }
};
