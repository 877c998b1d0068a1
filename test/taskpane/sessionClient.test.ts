/**
 * The pane's worker protocol, end to end in-thread: the real worker code (sessionHandler) behind a
 * port that clones every message as postMessage does, driven by the pane's side (sessionClient) —
 * Excel's sheets read block by block through the recording fake of Office.js, and a picked file.
 */
import { promises as fs } from "fs";
import path from "path";
import { ingestWorkbook } from "../../src/engine";
import { readWorkbookGrids } from "../../src/hosts/office/readWorkbook";
import { xlsxToGrids } from "../../src/hosts/xlsx/xlsxStream";
import { generateSample } from "../../src/sample/generate";
import type { LoadedWorkbook } from "../../src/session/engineClient";
import { computeReview, summarize } from "../../src/session/engineClient";
import { SessionPort, openFileInWorker, readExcelInWorker } from "../../src/taskpane/sessionClient";
import { SessionRequest, sessionHandler } from "../../src/taskpane/sessionHandler";
import { installFakeExcel } from "../../src/tools/fakeExcel";

const SAMPLE = path.join(__dirname, "../../assets/sample-account.xlsx");

/** A worker in this thread: messages cloned both ways (a Blob passes as itself, as it would by reference). */
function inThreadWorker(): { port: SessionPort; received: string[] } {
  const received: string[] = [];
  const port: SessionPort = {
    onmessage: null,
    onerror: null,
    postMessage: (m) => {
      const msg = (m as SessionRequest).type === "open-file" ? (m as SessionRequest) : (structuredClone(m) as SessionRequest);
      received.push(msg.type);
      queueMicrotask(() => void handle(msg));
    },
    terminate: () => undefined,
  };
  const handle = sessionHandler((reply) => {
    const data = structuredClone(reply);
    setTimeout(() => port.onmessage?.({ data } as MessageEvent));
  });
  return { port, received };
}

async function sameAsGrids(book: LoadedWorkbook, grids: ReturnType<typeof xlsxToGrids>): Promise<void> {
  const overrides = { Stores: { kind: "ignore" as const } };
  expect(await book.ingest(overrides)).toEqual(summarize(ingestWorkbook(grids, { overrides })));
  const request = { overrides, run: { retailer: "RT-Mart" }, lang: "zh" as const, uiLang: "en" as const, audience: "internal" as const };
  const viaWorker = await book.review(request);
  const viaGrids = computeReview({ ...request, grids });
  expect(viaWorker.ok && viaGrids.ok).toBe(true);
  if (viaWorker.ok && viaGrids.ok) expect(viaWorker.json).toBe(viaGrids.json);
}

test("in Excel: sheets go to the worker block by block as they are read; the same review as grids held in the pane", async () => {
  const sample = generateSample();
  const ctx = installFakeExcel(
    sample.sheets.map((s) => ({ name: s.name, rows: s.rows.map((r) => r.map((c) => (c === null || c === undefined ? "" : (c as string | number)))) })),
  );
  const worker = inThreadWorker();
  const progress: number[] = [];
  const book = await readExcelInWorker(
    () => worker.port,
    (p) => progress.push(p.rowsRead),
  );
  expect("heads" in book).toBe(true);
  expect(worker.received.filter((t) => t === "block").length).toBe(progress.length);
  expect(worker.received[worker.received.length - 1]).toBe("grids-done");
  const grids = await readWorkbookGrids();
  await sameAsGrids(book as LoadedWorkbook, grids);
  expect(ctx.recording.writes).toEqual([]);
}, 60_000);

test("a picked file: opened in the worker, the same review as its grids", async () => {
  const bytes = await fs.readFile(SAMPLE);
  const worker = inThreadWorker();
  const book = (await openFileInWorker(() => worker.port, [new File([bytes], "sample-account.xlsx")])) as LoadedWorkbook;
  expect(book.heads.map((h) => h.name)).toContain("零售数据2026");
  await sameAsGrids(book, xlsxToGrids(new Uint8Array(bytes)));
}, 60_000);

test("a file the worker refuses comes back as a reason the pane words", async () => {
  const worker = inThreadWorker();
  const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])], "logo.png");
  await expect(openFileInWorker(() => worker.port, [png])).rejects.toMatchObject({ reason: "csv-encoding" });
});
