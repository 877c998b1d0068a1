/**
 * The Office.js read plan, measured on the recording fake of Excel's object model (it enforces
 * load/sync, counts syncs and measures each response as the JSON of the values it returns): a
 * 1,048,576 × 12 sell-out sheet, and a sheet of wide text cells to show the blocks adapt.
 */
import { readWorkbookBlocks } from "../hosts/office/readWorkbook";
import { installFakeExcel } from "./fakeExcel";
import { BENCH_HEADER, benchRow } from "./benchData";

async function plan(name: string, rowCount: number, cell: (r: number, c: number) => string | number | boolean) {
  const ctx = installFakeExcel([{ name, rows: [], virtual: { rowCount, columnCount: 12, cell } }]);
  const blocks: number[] = [];
  let rows = 0;
  const t = performance.now();
  await readWorkbookBlocks({
    beginSheet: () => undefined,
    block: (values) => {
      blocks.push(values.length);
      rows += values.length;
    },
    endSheet: () => undefined,
  });
  return { ms: performance.now() - t, rows, blocks, syncs: ctx.recording.syncs, largest: Math.max(...ctx.recording.payloads), cells: ctx.cellsRequested };
}

export async function benchOfficeReadPlan(log: (l?: string) => void): Promise<void> {
  let cached = -1;
  let row: ReturnType<typeof benchRow> = [];
  const sellOut = await plan("Sell-out", 1_048_576, (r, c) => {
    if (r === 0) return BENCH_HEADER[c];
    if (r !== cached) {
      row = benchRow(r - 1);
      cached = r;
    }
    const v = row[c];
    return v === null || v === undefined ? "" : (v as string | number);
  });
  const long = "长文本备注 long note ".repeat(20);
  const wide = await plan("Notes", 200_000, (r, c) => (r === 0 ? `Header ${c}` : `${long}${r}-${c}`));
  log("4. Office.js read plan (recording fake of Excel: load/sync enforced, response = JSON of the values)");
  for (const [label, p] of [
    ["1,048,576 × 12 sell-out", sellOut],
    ["200,000 × 12 wide text (~350 chars a cell)", wide],
  ] as const) {
    const sizes = [...new Set(p.blocks.slice(1))];
    log(
      `   ${label}: ${p.syncs} syncs (sheet list, used ranges, ${p.blocks.length} blocks: a ${p.blocks[0].toLocaleString("en-US")}-row probe, then ${sizes
        .slice(0, 3)
        .map((x) => x.toLocaleString("en-US"))
        .join("/")} rows), largest response ${(p.largest / 1024 ** 2).toFixed(2)} MB, largest range ${p.cells.toLocaleString("en-US")} cells`,
    );
  }
}
