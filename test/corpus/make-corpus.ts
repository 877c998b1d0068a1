/** Writes every corpus case to out/corpus/<id>.xlsx with a README listing why each exists. */
import { promises as fs } from "fs";
import path from "path";
import ExcelJS from "exceljs";
import { CASES } from "./cases";

async function main(): Promise<void> {
  const dir = path.resolve(process.cwd(), "out/corpus");
  await fs.mkdir(dir, { recursive: true });
  const lines = ["# KA Review: corpus of bad and awkward inputs", ""];
  for (const c of CASES) {
    const wb = new ExcelJS.Workbook();
    c.build(wb);
    await wb.xlsx.writeFile(path.join(dir, `${c.id}.xlsx`));
    lines.push(`- ${c.id}.xlsx — ${c.why}`);
  }
  await fs.writeFile(path.join(dir, "README.md"), lines.join("\n") + "\n");
  process.stdout.write(`wrote ${CASES.length} files to ${dir}\n`);
}

void main();
