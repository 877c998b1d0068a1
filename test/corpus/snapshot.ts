/**
 * Writes what the command says about the sample and about every corpus file into one folder, so a
 * structural change can be proved to change nothing: run it before and after, then `diff -r`.
 *   npm run snapshot -- out/snapshot-before
 * Per sample retailer × audience × language: the review JSON and the printed summary; per corpus
 * file: `check --json` and the review JSON (internal, en; retailer, zh) with what the command printed.
 * The review workbooks are not kept: their bytes carry a zip timestamp and the layout may change.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { run as runCli } from "../cli/run";
import { CASES } from "./cases";

/** The command in-process (test/cli/run.ts), with what differs run to run masked. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runCli(...argv);
  // Timings ("… in 0.4 s", "用时 0.1 秒") and the temporary folders differ run to run: not part of the behaviour.
  const clean = (s: string) =>
    s
      .replace(/\d+(\.\d+)? (s\b|秒)/g, "# $2")
      .split(tmp)
      .join("<tmp>")
      .replace(/<tmp>\/r-[A-Za-z0-9]+/g, "<tmp>/r");
  return { code: r.code, out: clean(r.out), err: clean(r.err) };
}

let tmp = "";

async function reviewJsons(file: string, args: string[], outFile: string): Promise<void> {
  const dir = await fs.mkdtemp(path.join(tmp, "r-"));
  const r = await run(["review", file, ...args, "--out-dir", dir]);
  const jsons = (await fs.readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  const parts = [`exit ${r.code}`, "--- stdout", r.out, "--- stderr", r.err];
  for (const j of jsons) parts.push(`--- ${j}`, await fs.readFile(path.join(dir, j), "utf8"));
  await fs.writeFile(outFile, parts.join("\n") + "\n");
}

async function snapshot(outDir: string): Promise<void> {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-snapshot-"));
  await fs.mkdir(path.join(outDir, "sample"), { recursive: true });
  await fs.mkdir(path.join(outDir, "corpus"), { recursive: true });
  const sample = path.resolve("assets/sample-account.xlsx");
  for (const retailer of ["Carrefour", "RT-Mart", "Walmart"])
    for (const audience of ["internal", "retailer"])
      for (const lang of ["en", "zh"])
        await reviewJsons(
          sample,
          ["--retailer", retailer, "--audience", audience, "--lang", lang],
          path.join(outDir, "sample", `${retailer}.${audience}.${lang}.txt`),
        );
  // The weekly 4-5-4 sample: its default retail quarter and the rolling spans, both audiences.
  const weekly = path.resolve("assets/sample-weekly.xlsx");
  for (const period of ["FY2027-Q2", "L13W", "MAT", "YTD"])
    for (const [audience, lang] of [
      ["internal", "en"],
      ["retailer", "zh"],
    ])
      await reviewJsons(
        weekly,
        ["--period", period, "--audience", audience, "--lang", lang],
        path.join(outDir, "sample", `weekly.${period}.${audience}.${lang}.txt`),
      );
  let files = 0;
  for (const c of CASES) {
    const wb = new ExcelJS.Workbook();
    c.build(wb);
    const file = path.join(tmp, `${c.id}.xlsx`);
    await wb.xlsx.writeFile(file);
    const check = await run(["check", file, "--lang", "en", "--json", path.join(tmp, "check.json")]);
    const checkJson = await fs.readFile(path.join(tmp, "check.json"), "utf8").catch(() => "(none)");
    await fs.rm(path.join(tmp, "check.json"), { force: true });
    await fs.writeFile(path.join(outDir, "corpus", `${c.id}.check.txt`), [`exit ${check.code}`, check.out, check.err, checkJson].join("\n---\n"));
    await reviewJsons(file, ["--lang", "en"], path.join(outDir, "corpus", `${c.id}.internal.en.txt`));
    await reviewJsons(file, ["--lang", "zh", "--audience", "retailer"], path.join(outDir, "corpus", `${c.id}.retailer.zh.txt`));
    files++;
  }
  await fs.rm(tmp, { recursive: true, force: true });
  process.stdout.write(`snapshot of the samples (12 + 8 reviews) and ${files} corpus files in ${outDir}\n`);
}

void snapshot(path.resolve(process.argv[2] ?? "out/snapshot"));
