/**
 * CSV, TSV and "Unicode text" exports as retailer portals write them, for Node and the browser alike
 * (no file system, no DOM): the encoding detected from the bytes, the delimiter sniffed, quotes and
 * embedded newlines as RFC 4180 has them, and rows handed over in blocks as the text is decoded, so a
 * file of any length is read with the memory of one block (the engine encodes each block as it comes).
 * Cells stay text: the engine reads "1,234.56", "¥1,234", "2026-03" and "2026年3月" as it does in sheets.
 */
import type { RawCell } from "../../engine";

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "gb18030";

export class CsvEncodingError extends Error {
  constructor() {
    super("the text encoding could not be decided");
  }
}

/**
 * The encoding of a text export: a byte-order mark says it (UTF-8, UTF-16 LE/BE, as Excel's "Unicode
 * text" writes); else UTF-16 by its zero bytes; else UTF-8 when the sample is valid UTF-8; else GB18030
 * (a superset of GBK and GB2312, what Chinese Excel and portals write) when it decodes cleanly. A sample
 * that is none of these (binary, or mixed encodings) is refused rather than read as mojibake.
 */
export function detectEncoding(sample: Uint8Array): { encoding: TextEncoding; bom: number } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: "utf-8", bom: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: "utf-16le", bom: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: "utf-16be", bom: 2 };
  let evenZeros = 0;
  let oddZeros = 0;
  const n = Math.min(sample.length, 4096);
  for (let i = 0; i < n; i++) if (sample[i] === 0) i % 2 === 0 ? evenZeros++ : oddZeros++;
  // Without a BOM, UTF-16 shows by its zero bytes, nearly all on one side (the high byte of ASCII
  // delimiters and digits; a CJK character's low byte is now and then 0 too).
  if (n >= 4 && oddZeros >= n / 16 && evenZeros * 8 <= oddZeros) return { encoding: "utf-16le", bom: 0 };
  if (n >= 4 && evenZeros >= n / 16 && oddZeros * 8 <= evenZeros) return { encoding: "utf-16be", bom: 0 };
  if (evenZeros + oddZeros > 0) throw new CsvEncodingError();
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return { encoding: "utf-8", bom: 0 };
  } catch {
    // not UTF-8
  }
  try {
    const text = new TextDecoder("gb18030", { fatal: true }).decode(sample, { stream: true });
    // GB18030 maps nearly every byte sequence to something: control characters mean it is not text.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    if (/[\u0000-\u0008\u000E-\u001F]/.test(text)) throw new CsvEncodingError();
    return { encoding: "gb18030", bom: 0 };
  } catch {
    throw new CsvEncodingError();
  }
}

/** The delimiter of the first lines: the one of comma, semicolon and tab that splits them most evenly. */
export function sniffDelimiter(text: string): "," | ";" | "\t" {
  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim() !== "")
    .slice(0, 50);
  let best: { d: "," | ";" | "\t"; score: number } = { d: ",", score: -1 };
  for (const d of [",", ";", "\t"] as const) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const rows = counts.filter((c) => c > 0);
    if (rows.length === 0) continue;
    // The most common count among lines (a title line above the header has none), weighted by how many lines share it.
    const freq = new Map<number, number>();
    for (const c of rows) freq.set(c, (freq.get(c) ?? 0) + 1);
    const [mode, times] = [...freq.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    const score = times * 1000 + mode;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

/**
 * A CSV parser fed text in pieces: quoted fields may hold the delimiter, doubled quotes and newlines, and
 * may be split across pieces. Complete rows go to `onRow`; `end()` flushes the last one.
 */
export class CsvParser {
  private field = "";
  private row: string[] = [];
  private quoted = false;
  /** The last character was a quote inside a quoted field: either its end or the first of a doubled quote. */
  private quotePending = false;
  private lastWasCR = false;
  private any = false;

  constructor(
    private readonly delimiter: string,
    private readonly onRow: (row: string[]) => void,
  ) {}

  feed(text: string): void {
    const d = this.delimiter.charCodeAt(0);
    const n = text.length;
    let i = 0;
    // Runs of ordinary characters are sliced, not added one by one: this loop is the reader's hot path.
    while (i < n) {
      let c = text.charCodeAt(i);
      if (this.lastWasCR) {
        this.lastWasCR = false;
        if (c === 10) {
          i++;
          continue;
        }
      }
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === 34) {
            this.field += '"';
            i++;
            continue;
          }
          this.quoted = false; // the closing quote; this character is read below as unquoted
        } else {
          const q = text.indexOf('"', i);
          if (q < 0) {
            this.field += text.slice(i);
            return;
          }
          this.field += text.slice(i, q);
          this.quotePending = true;
          i = q + 1;
          continue;
        }
      }
      c = text.charCodeAt(i);
      if (c === 34 && this.field === "") {
        this.quoted = true;
        this.any = true;
        i++;
      } else if (c === d) {
        this.row.push(this.field);
        this.field = "";
        this.any = true;
        i++;
      } else if (c === 10 || c === 13) {
        this.lastWasCR = c === 13;
        this.endRow();
        i++;
      } else {
        // A quote inside an unquoted field is a character like any other.
        let j = i + 1;
        while (j < n) {
          const e = text.charCodeAt(j);
          if (e === d || e === 10 || e === 13) break;
          j++;
        }
        this.field += text.slice(i, j);
        this.any = true;
        i = j;
      }
    }
  }

  end(): void {
    if (this.quotePending) {
      this.quotePending = false;
      this.quoted = false;
    }
    if (this.any || this.field !== "" || this.row.length) this.endRow();
  }

  private endRow(): void {
    this.row.push(this.field);
    this.field = "";
    const row = this.row;
    this.row = [];
    this.any = false;
    this.onRow(row);
  }
}

/** Cells as the engine takes them: empty text is an empty cell. */
export function csvCells(row: string[]): RawCell[] {
  return row.map((c) => (c === "" ? null : c));
}

export interface CsvReadResult {
  encoding: TextEncoding;
  delimiter: string;
  rows: number;
}

/**
 * Read a CSV from byte chunks (a file read in pieces, or one whole buffer) into rows, `onRows` called
 * with blocks of `blockRows`. The first chunk must hold at least a few lines (64 KB is plenty) to
 * decide the encoding and delimiter.
 */
export function readCsvChunks(chunks: Iterable<Uint8Array>, onRows: (rows: RawCell[][]) => void, blockRows = 8192, delimiterHint?: string): CsvReadResult {
  let decoder: TextDecoder | null = null;
  let parser: CsvParser | null = null;
  let encoding: TextEncoding = "utf-8";
  let delimiter = ",";
  let block: RawCell[][] = [];
  let rows = 0;
  const push = (row: string[]) => {
    // A blank line is a blank row, as in a sheet (kept, so row numbers match the file's lines).
    block.push(row.length === 1 && row[0] === "" ? [] : csvCells(row));
    rows++;
    if (block.length >= blockRows) {
      onRows(block);
      block = [];
    }
  };
  for (const chunk of chunks) {
    if (!decoder) {
      const found = detectEncoding(chunk);
      encoding = found.encoding;
      decoder = new TextDecoder(encoding, { fatal: false });
      const text = decoder.decode(chunk.subarray(found.bom), { stream: true });
      delimiter = delimiterHint ?? sniffDelimiter(text);
      parser = new CsvParser(delimiter, push);
      parser.feed(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      continue;
    }
    parser!.feed(decoder.decode(chunk, { stream: true }));
  }
  if (decoder && parser) {
    parser.feed(decoder.decode());
    parser.end();
  }
  if (block.length) onRows(block);
  return { encoding, delimiter, rows };
}
