/**
 * A review file Excel opens without "repair", even when the data carries characters XML forbids
 * (U+FFFE, control characters pasted from other systems): every part of the internal review and the
 * retailer copy, in English and Chinese, passes the ECMA-376 schemas (../shared/tools/ooxml-validate),
 * and no part holds a forbidden character.
 */
import { execFileSync } from "child_process";
import { existsSync, promises as fs } from "fs";
import os from "os";
import path from "path";
import JSZip from "jszip";
import { composeReview, ingestWorkbook, runReview } from "../../src/engine";
import { reviewFileBytes } from "../../src/hosts/xlsx/reviewFile";
import { sheet } from "../helpers";

const VALIDATE = path.join(__dirname, "../../../shared/tools/ooxml-validate");
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "ka-review-xml-"));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

test("names with U+FFFE and control characters: every part valid, none holds them", async () => {
  const dirty = "Sunny\uFFFE Cookies\u0007\u001F";
  const input = ingestWorkbook({
    sheets: [
      sheet("Settings", [["Own company", "Acme\u0001"]]),
      sheet("Sell-out", [
        ["Retailer", "Store", "SKU", "Product", "Manufacturer", "Category", "Month", "Sales value"],
        ["Carrefour\uFFFF", "S1", "A1", dirty, "Acme", "Biscuits\u000B", "2026-07", 300],
        ["Carrefour", "S1", "C1", "Rival\u0002 cookies", "Rival", "Biscuits", "2026-08", 700],
        ["Carrefour", "S1", "A1", dirty, "Acme", "Biscuits", "2025-07", 200],
      ]),
    ],
  });
  expect(input.issues.filter((i) => i.code === "text-chars-removed").length).toBeGreaterThan(0);
  const r = runReview(input, { retailer: "Carrefour", period: "2026-Q3" });
  if (!r.ok) throw new Error(r.issues.map((i) => i.code).join());
  const check = !!(["/usr/bin/xmllint"].some((p) => existsSync(p)) || process.env.CI === "true");
  for (const lang of ["en", "zh"] as const)
    for (const audience of ["internal", "retailer"] as const) {
      const { bytes } = await reviewFileBytes(composeReview(r.review, { lang, audience }));
      const zip = await JSZip.loadAsync(bytes);
      for (const f of Object.values(zip.files)) if (!f.dir) expect([f.name, FORBIDDEN.test(await f.async("string"))]).toEqual([f.name, false]);
      if (!check) continue;
      const file = path.join(tmp, `${lang}-${audience}.xlsx`);
      await fs.writeFile(file, bytes);
      expect(execFileSync(VALIDATE, [file], { encoding: "utf8" })).toMatch(/(\d+)\/\1 parts valid/);
    }
}, 60_000);
