/**
 * The command's output reaches a slow reader whole: `ka-review check big.xlsx | less` used to stop at
 * the pipe's 64 KiB because the process exited before stdout drained. The command runs as users run
 * it (compiled, in a process of its own, stdout a pipe nobody reads for a while).
 */
import { execFileSync } from "child_process";
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { main } from "../../src/cli/main";

let tmp: string;
let dist: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-review-pipe-"));
  // Compiled inside the project (out/ is not committed), so the compiled code finds node_modules.
  dist = path.join(__dirname, "../../out", `pipe-test-${process.pid}`);
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(__dirname, "../../tsconfig.build.json"), "--outDir", dist]);
}, 120_000);
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
  await fs.rm(dist, { recursive: true, force: true });
});

test("ka-review check with well over 64 KiB of output, read late through a pipe, arrives whole", async () => {
  // 40 sell-out sheets with 20 unreadable values each: 800 listed issues, ~150 KB of text.
  const wb = new ExcelJS.Workbook();
  for (let s = 0; s < 40; s++) {
    const ws = wb.addWorksheet(`Sell-out ${s + 1}`);
    ws.addRow(["Retailer", "Store", "SKU", "Month", "Sales value"]);
    for (let r = 0; r < 20; r++) ws.addRow(["Carrefour", `S${r}`, `A${r}`, "2026-07", `not a number ${r}`]);
  }
  const file = path.join(tmp, "many-issues.xlsx");
  await wb.xlsx.writeFile(file);
  const expected: string[] = [];
  await main(["check", file, "--lang", "en"], { out: (x) => expected.push(x), err: () => undefined });
  const whole = expected.join("\n") + "\n";
  expect(Buffer.byteLength(whole)).toBeGreaterThan(128 * 1024);

  // A shell pipe, as `| less` makes one, whose reader waits a second before it reads anything.
  const cli = `"${process.execPath}" "${path.join(dist, "cli/main.js")}" check "${file}" --lang en`;
  const read = execFileSync("/bin/sh", ["-c", `${cli} 2>/dev/null | (sleep 1; cat)`], { maxBuffer: 64 * 1024 * 1024 });
  expect(read.toString("utf8")).toBe(whole);
}, 60_000);
