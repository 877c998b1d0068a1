#!/usr/bin/env node
/**
 * `ka-review`: the engine over .xlsx files, without Excel. Argument parsing, progress on stderr,
 * files in and out; every figure comes from the engine, every sentence from src/i18n.
 */
import { promises as fs, readdirSync } from "fs";
import path from "path";
import { parseArgs } from "util";
import {
  Audience,
  CompareMode,
  IngestResult,
  Issue,
  Review,
  composeReview,
  layoutDeck,
  issueMessage,
  listRetailers,
  isPeriodKeyShape,
  reviewJson,
  runReview,
  userRetailerAliases,
} from "../engine";
import { Lang, fill, parseLang, strings } from "../i18n";
import { accountFilesIn, ingestAccountFiles } from "../hosts/files/account";
import { WorkbookFileError, ingestWorkbookFile, sniffFile } from "../hosts/xlsx/file";
import { reviewFileBytes } from "../hosts/xlsx/reviewFile";
import { PartXmlError } from "../hosts/xlsx/ooxmlDom";
import { writeReviewInto } from "../hosts/xlsx/writeInto";
import { renderTemplateWorkbook } from "../hosts/xlsx/template";
import { sampleWorkbook } from "../sample/write";
import { deckBytes } from "../hosts/pptx/deck";
import { formatCheck, formatReviewSummary } from "./format";

export const EXIT = { ok: 0, noReview: 1, usage: 2, file: 3 } as const;

class UsageError extends Error {}
/** A request we refuse with a sentence of its own (no usage text): exit 2, nothing written. */
class RefusedError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = { out: (s) => process.stdout.write(s + "\n"), err: (s) => process.stderr.write(s + "\n") };

function envLang(): Lang {
  return parseLang(process.env.KA_REVIEW_LANG ?? process.env.LC_ALL ?? process.env.LANG ?? "en");
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  let lang: Lang = envLang();
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        retailer: { type: "string" },
        period: { type: "string" },
        compare: { type: "string" },
        our: { type: "string" },
        audience: { type: "string" },
        lang: { type: "string" },
        out: { type: "string" },
        json: { type: "string" },
        "out-dir": { type: "string" },
        into: { type: "string" },
        keep: { type: "string" },
        weekly: { type: "boolean" },
        deck: { type: "string" },
        "deck-audience": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.lang) lang = parseLang(values.lang);
    const s = strings(lang);
    if (!command || values.help || command === "help" || command === "--help" || command === "-h") {
      io.out(s.cli.usage);
      return command ? EXIT.ok : EXIT.usage;
    }
    switch (command) {
      case "template": {
        if (!values.out) throw new UsageError("--out FILE.xlsx");
        await renderTemplateWorkbook(lang).xlsx.writeFile(values.out);
        io.err(fill(s.cli.wrote, { file: values.out }));
        return EXIT.ok;
      }
      case "sample": {
        if (!values.out) throw new UsageError("--out FILE.xlsx");
        await sampleWorkbook(undefined, values.weekly ?? false).xlsx.writeFile(values.out);
        io.err(fill(s.cli.wrote, { file: values.out }));
        return EXIT.ok;
      }
      case "check": {
        if (!positionals.length) throw new UsageError("<workbook.xlsx>");
        const { files, skipped } = await accountFiles(positionals);
        const input = await readAndIngest(files, lang, io, skipped);
        io.out(formatCheck(input, lang));
        if (values.json) await writeJson(values.json, checkJson(input, lang), io, lang);
        return EXIT.ok;
      }
      case "review":
        return await reviewCommand(positionals, values, lang, io);
      default:
        throw new UsageError(command);
    }
  } catch (e) {
    const s = strings(lang);
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(fill(s.cli.badOption, { detail: e instanceof Error ? e.message : String(e) }));
      io.err(s.cli.usage);
      return EXIT.usage;
    }
    if (e instanceof RefusedError) {
      io.err(e.message);
      return EXIT.usage;
    }
    if (e instanceof WorkbookFileError) {
      io.err(fileErrorMessage(e, lang));
      return EXIT.file;
    }
    throw e;
  }
}

export function fileErrorMessage(e: WorkbookFileError, lang: Lang): string {
  const s = strings(lang).cli;
  const p = e.problem;
  switch (p.kind) {
    case "missing":
      return fill(s.fileMissing, { file: e.file });
    case "locked":
      return fill(s.fileLocked, { file: e.file });
    case "not-xlsx":
      return fill(s.fileNotXlsx, { file: e.file, what: p.looksLike === "xls" ? s.whatXls : p.looksLike === "csv" ? s.whatCsv : s.whatOther });
    case "corrupt":
      return fill(s.fileCorrupt, { file: e.file, detail: p.detail });
    case "too-large":
      return fill(s.fileTooLarge, { file: e.file });
    case "csv-encoding":
      if (p.reason === "ambiguous") return fill(s.fileCsvAmbiguous, { file: e.file });
      if (p.reason === "mixed") return fill(s.fileCsvMixed, { file: e.file, line: (p.line ?? 1).toLocaleString("en-US") });
      return fill(s.fileCsvEncoding, { file: e.file });
    case "password":
      return fill(s.filePassword, { file: e.file });
  }
}

/** The account's files: the paths given, a folder standing for the account files in it. */
async function accountFiles(paths: string[]): Promise<{ files: string[]; skipped: Issue[] }> {
  const files: string[] = [];
  const skipped: Issue[] = [];
  for (const p of paths) {
    const st = await fs.stat(p).catch(() => null);
    if (st?.isDirectory()) {
      const found = accountFilesIn(p, (d) => readdirSync(d));
      files.push(...found.files);
      skipped.push(...found.skipped);
    } else files.push(p);
  }
  return { files, skipped };
}

/** Read the account's files; the files a folder held that were skipped are said among its issues. */
async function readAndIngest(files: string[], lang: Lang, io: Io, skipped: Issue[] = []): Promise<IngestResult> {
  const s = strings(lang).cli;
  const started = Date.now();
  io.err(fill(s.reading, { file: files.join(", ") }));
  let lastReport = 0;
  // Large sheets are streamed into the engine block by block: progress every 100,000 rows.
  const stream = {
    onProgress: (p: { sheet: string; rows: number; done: boolean }) => {
      if (p.done) io.err(fill(p.rows === 1 ? s.readSheetOneRow : s.readSheet, { sheet: p.sheet, rows: p.rows.toLocaleString("en-US") }));
      else if (p.rows - lastReport >= 100_000) {
        lastReport = p.rows;
        io.err(fill(s.readingRows, { sheet: p.sheet, rows: p.rows.toLocaleString("en-US") }));
      }
    },
  };
  // One workbook is read as it always was; CSV exports and several files go through the account reader.
  const single = files.length === 1 && (await sniffFile(files[0])) === "xlsx";
  const read = single ? await ingestWorkbookFile(files[0], {}, stream) : await ingestAccountFiles(files, {}, stream);
  const rows = read.sheets.reduce((a, x) => a + x.rows, 0);
  io.err(fill(s.readDone, { sheets: read.sheets.length, rows: rows.toLocaleString("en-US"), seconds: ((Date.now() - started) / 1000).toFixed(1) }));
  return skipped.length ? { ...read.input, issues: [...skipped, ...read.input.issues] } : read.input;
}

type ReviewValues = {
  retailer?: string;
  period?: string;
  compare?: string;
  our?: string;
  audience?: string;
  out?: string;
  json?: string;
  "out-dir"?: string;
  into?: string;
  keep?: string;
  lang?: string;
  deck?: string;
  "deck-audience"?: string;
};

/**
 * Is `output` the file `input` (the same path, a symlink or hard link to it, or another spelling of it
 * on a case-insensitive file system)? Compared by device and inode when the output exists, since every
 * one of those forms resolves to the input's inode; a path that does not exist yet cannot be the input.
 */
export async function sameFile(output: string, input: string): Promise<boolean> {
  const inStat = await fs.stat(input).catch(() => null);
  if (!inStat) return false;
  const outStat = await fs.stat(output).catch(() => null);
  if (outStat) return outStat.dev === inStat.dev && outStat.ino === inStat.ino;
  return path.resolve(output) === path.resolve(input);
}

async function refuseInput(outputs: Array<string | null>, input: string, lang: Lang): Promise<void> {
  for (const out of outputs) {
    if (out && (await sameFile(out, input))) {
      const ext = path.extname(out);
      const suggestion = `${out.slice(0, out.length - ext.length)}_review${ext || ".xlsx"}`;
      throw new RefusedError(fill(strings(lang).cli.outputIsInput, { output: out, input, suggestion }));
    }
  }
}

async function reviewCommand(positionals: string[], values: ReviewValues, cliLang: Lang, io: Io): Promise<number> {
  if (!positionals.length) throw new UsageError("<workbook.xlsx>");
  const { files, skipped } = await accountFiles(positionals);
  const file = files[0];
  if (values.compare && values.compare !== "yoy" && values.compare !== "pop") throw new UsageError(`--compare ${values.compare}`);
  if (values.audience && values.audience !== "internal" && values.audience !== "retailer") throw new UsageError(`--audience ${values.audience}`);
  if (values.period && !isPeriodKeyShape(values.period)) throw new UsageError(fill(strings(cliLang).cli.badPeriod, { value: values.period }));
  const keep = values.keep === undefined ? undefined : Number(values.keep);
  if (keep !== undefined && !(Number.isInteger(keep) && keep >= 0)) throw new UsageError(fill(strings(cliLang).cli.badKeep, { value: values.keep! }));
  // Refused before anything is read or written: an output that is the input would replace the user's workbook.
  for (const f of files) await refuseInput([values.out ?? null, values.json ?? null, values.into ?? null], f, cliLang);
  // --into copies one workbook: with several files (or a CSV) there is no one workbook to copy.
  if (values.into && (files.length !== 1 || (await sniffFile(file)) !== "xlsx")) throw new RefusedError(strings(cliLang).cli.intoNeedsWorkbook);
  const input = await readAndIngest(files, cliLang, io, skipped);
  // The review's language: --lang, else the workbook's Settings, else the environment.
  const lang: Lang = values.lang ? cliLang : (input.settings.language ?? cliLang);
  const s = strings(lang);
  const audience = (values.audience ?? "internal") as Audience;
  const compare = (values.compare ?? "yoy") as CompareMode;

  const sellOut = input.tables["sell-out"];
  const retailers = values.retailer
    ? [values.retailer]
    : sellOut
      ? listRetailers(sellOut, userRetailerAliases(input.settings.retailerAliases)).retailers.map((r) => r.name)
      : [];
  if (retailers.length === 0) {
    const reason = input.issues.filter((i) => i.severity === "error").map((i) => issueMessage(i, lang));
    io.err(fill(s.cli.noReview, { reason: reason.join(" ") || s.issues["no-sell-out"] }));
    return EXIT.noReview;
  }
  const many = retailers.length > 1;
  if (values.into && many) throw new RefusedError(fill(s.cli.intoNeedsRetailer, { retailers: retailers.join(", ") }));
  let failures = 0;
  for (const retailer of retailers) {
    io.err(fill(s.cli.computing, { retailer }));
    const result = runReview(input, { retailer, period: values.period, compare, ourCompany: values.our });
    if (!result.ok) {
      failures++;
      const errors = result.issues.filter((i) => i.severity === "error").map((i) => issueMessage(i, lang));
      io.err(fill(s.cli.noReview, { reason: errors.join(" ") }));
      continue;
    }
    const review = result.review;
    const stem = fileStem(review, audience);
    const outDir = values["out-dir"];
    const xlsxPath = values.into ? null : values.out ? (many ? insertBeforeExt(values.out, stem) : values.out) : path.join(outDir ?? ".", `${stem}.xlsx`);
    const jsonPath = values.json ? (many ? insertBeforeExt(values.json, stem) : values.json) : outDir ? path.join(outDir, `${stem}.json`) : null;
    const deckPath = values.deck ? (many ? insertBeforeExt(values.deck, stem) : values.deck) : null;
    // Derived names (one per retailer, or in --out-dir) are checked too: none may land on the input.
    for (const f of files) await refuseInput([xlsxPath, jsonPath, deckPath], f, lang);
    const model = composeReview(review, { lang, audience });
    if (values.into) {
      // The add-in's loop without Excel: the review's sheets in a copy of the workbook itself.
      if (path.dirname(values.into)) await fs.mkdir(path.dirname(values.into), { recursive: true });
      const into = await writeReviewInto(new Uint8Array(await fs.readFile(file)), model, { keepReviews: keep }).catch((e: unknown) => {
        // A part of the user's package that no XML reader would accept: say which, write nothing.
        if (e instanceof PartXmlError) throw new WorkbookFileError(file, { kind: "corrupt", detail: e.message });
        throw e;
      });
      await fs.writeFile(values.into, into.bytes);
      const kept = into.earlier.length ? fill(s.cli.keptEarlier, { list: into.earlier.map((e) => e.coverSheet).join(", ") }) : "";
      io.err(fill(s.cli.wroteInto, { file: values.into, count: into.written.length, kept }));
    } else if (xlsxPath) {
      if (path.dirname(xlsxPath)) await fs.mkdir(path.dirname(xlsxPath), { recursive: true });
      await fs.writeFile(xlsxPath, (await reviewFileBytes(model)).bytes);
      io.err(fill(s.cli.wrote, { file: xlsxPath }));
    }
    if (jsonPath) await writeJson(jsonPath, reviewJson(review, { audience, lang }), io, lang);
    if (deckPath) {
      // The deck is the retailer's unless --deck-audience internal asks for the team's own pre-read.
      const deckAudience: Audience = values["deck-audience"] === "internal" ? "internal" : "retailer";
      if (path.dirname(deckPath)) await fs.mkdir(path.dirname(deckPath), { recursive: true });
      await fs.writeFile(deckPath, await deckBytes(layoutDeck(composeReview(review, { lang, audience: deckAudience }))));
      io.err(fill(s.cli.wrote, { file: deckPath }));
    }
    io.out(formatReviewSummary(review, lang, audience));
  }
  return failures === retailers.length ? EXIT.noReview : EXIT.ok;
}

/** "KA-Review_Carrefour_2026-Q3" (+ "_retailer" for the retailer copy): safe on every file system. */
function fileStem(review: Review, audience: Audience): string {
  const r = review.context.retailer.name.replace(/[^\p{L}\p{N}-]+/gu, "-").replace(/^-+|-+$/g, "");
  // A rolling key's ":" (MAT:2026-M09) is not a file-name character on Windows.
  return `KA-Review_${r}_${review.context.P.key.replace(/:/g, "_")}${audience === "retailer" ? "_retailer" : ""}`;
}

function insertBeforeExt(file: string, stem: string): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}_${stem}${ext}`;
}

async function writeJson(file: string, data: unknown, io: Io, lang: Lang): Promise<void> {
  if (path.dirname(file)) await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify(data, null, 2) + "\n", "utf8");
  io.err(fill(strings(lang).cli.wrote, { file }));
}

export function checkJson(input: IngestResult, lang: Lang) {
  return {
    sheets: input.detections.map((d) => ({
      sheet: d.sheet,
      kind: d.kind,
      confidence: d.confidence,
      headerRow: d.headerRow || null,
      ignored: d.ignored,
      missing: d.missing,
      columns: d.columns.map((c) => ({ column: c.column, header: c.header, field: c.field, confidence: c.confidence })),
    })),
    settings: input.settings,
    issues: input.issues.map((i) => ({ sheet: i.sheet, row: i.row, column: i.column, severity: i.severity, code: i.code, message: issueMessage(i, lang) })),
    reconciliation: input.reconciliation,
  };
}

if (require.main === module) {
  // exitCode, not process.exit(): output to a pipe (`ka-review check … | less`) is written
  // asynchronously, and exiting at once would cut it at the pipe's 64 KiB buffer.
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      // A bug, not bad input: say so plainly and leave the stack for the report.
      process.stderr.write(`KA Review hit an internal error. Please report it with this text:\n${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
