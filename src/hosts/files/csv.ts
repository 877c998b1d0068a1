/**
 * CSV, TSV and "Unicode text" exports as retailer portals write them, for Node and the browser alike
 * (no file system, no DOM): the encoding detected from the bytes, the delimiter sniffed, quotes and
 * embedded newlines as RFC 4180 has them, and rows handed over in blocks as the text is decoded, so a
 * file of any length is read with the memory of one block (the engine encodes each block as it comes).
 * Cells stay text: the engine reads "1,234.56", "¥1,234", "2026-03" and "2026年3月" as it does in sheets.
 */
import type { RawCell } from "../../engine";

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "gb18030" | "windows-1252";

/**
 * Why a text export's encoding was not decided: no encoding reads it as text (binary); its bytes read
 * as well as Chinese (GB18030) as Western European (Windows-1252) text; or a later part of the file
 * contradicts the encoding its earlier part was read in (a file pieced together from two exports).
 */
export type CsvEncodingProblem = "undecided" | "ambiguous" | "mixed";

export class CsvEncodingError extends Error {
  constructor(
    readonly reason: CsvEncodingProblem = "undecided",
    /** The line near which the bytes contradicted the encoding read so far ("mixed"). */
    readonly line: number | null = null,
  ) {
    super(`the text encoding could not be decided (${reason})`);
  }
}

/**
 * The encoding a text export's first bytes fix: a byte-order mark (UTF-8, UTF-16 LE/BE, as Excel's
 * "Unicode text" writes), or UTF-16 by its zero bytes; null for 8-bit text, decided by its bytes as
 * they come (UTF-8, else GB18030 or Windows-1252). Zero bytes in 8-bit text mean it is no text.
 */
export function byteOrder(sample: Uint8Array): { encoding: TextEncoding; bom: number } | null {
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
  return null;
}

/**
 * Do a file's first bytes look like a text export? A UTF-16 one (by its BOM or zero bytes) is judged on
 * its characters — a CJK character's bytes are often control codes (月 is 0x08 0x67) — an 8-bit one on
 * its bytes: no control codes but tab and line ends.
 */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let order: ReturnType<typeof byteOrder>;
  try {
    order = byteOrder(head);
  } catch {
    return false;
  }
  if (order && order.encoding !== "utf-8") {
    // The head may end inside a character: its last code unit is not judged.
    const text = new TextDecoder(order.encoding).decode(head.subarray(order.bom, head.length - ((head.length - order.bom) % 2)));
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text.slice(0, -1));
  }
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b < 32 ? b !== 9 && b !== 10 && b !== 13 : b === 127) return false;
  }
  return true;
}

/** Bytes Windows-1252 leaves undefined (WHATWG decodes them as C1 controls): text in it never has them. */
const UNDEFINED_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * The shape of 8-bit text's non-ASCII bytes. GB18030 (GBK) writes every Chinese character as two or
 * more bytes, nearly always both 0x81 or above, so its non-ASCII bytes come in runs of two or more;
 * Windows-1252 writes an accented letter as one byte between ASCII letters (Géant, Müller), so its
 * runs are single bytes. Both are checked as text: GB18030 by a strict decoder (a lone lead byte before
 * a comma or a space is no GB18030), Windows-1252 by its undefined bytes.
 */
function eightBitShape(bytes: Uint8Array): { runs: number; lone: number; gb: boolean; latin: boolean } {
  let runs = 0;
  let lone = 0;
  let latin = true;
  for (let i = 0; i < bytes.length;) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    let j = i;
    while (j < bytes.length && bytes[j] >= 0x80) {
      if (UNDEFINED_1252.has(bytes[j])) latin = false;
      j++;
    }
    runs++;
    if (j - i === 1) lone++;
    i = j;
  }
  let gb = true;
  try {
    const text = new TextDecoder("gb18030", { fatal: true }).decode(bytes, { stream: true });
    // GB18030 maps nearly every byte sequence to something: control characters mean it is not text.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    if (/[\u0000-\u0008\u000E-\u001F]/.test(text)) gb = latin = false;
  } catch {
    gb = false;
  }
  return { runs, lone, gb, latin };
}

/**
 * 8-bit text that is not UTF-8: GB18030 (what Chinese Excel and portals write) or Windows-1252 (what
 * Western Excel writes, Latin-1's superset), by which of them reads the bytes as text and, when both
 * do, by the shape of the non-ASCII runs: each decided shape has at most one run in 20 of the other's
 * (a rare GBK character before an ASCII letter; two accented letters side by side). Bytes that fit
 * both shapes alike are refused (ambiguous), never read as mojibake.
 */
export function eightBitEncoding(bytes: Uint8Array): "gb18030" | "windows-1252" {
  const s = eightBitShape(bytes);
  if (s.gb && !s.latin) return "gb18030";
  if (s.latin && !s.gb) return "windows-1252";
  if (!s.gb) throw new CsvEncodingError();
  const pairs = s.runs - s.lone;
  if (pairs > 0 && pairs >= 20 * s.lone) return "gb18030";
  if (s.lone > 0 && s.lone >= 20 * pairs) return "windows-1252";
  throw new CsvEncodingError("ambiguous");
}

/**
 * The encoding of a whole sample: its byte-order mark or UTF-16 zeros; else UTF-8 when it is valid
 * UTF-8; else GB18030 or Windows-1252 by its bytes (eightBitEncoding). A sample that is none of these
 * (binary, or both 8-bit encodings alike) is refused rather than read as mojibake.
 */
export function detectEncoding(sample: Uint8Array): { encoding: TextEncoding; bom: number } {
  const order = byteOrder(sample);
  if (order) return order;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return { encoding: "utf-8", bom: 0 };
  } catch {
    return { encoding: eightBitEncoding(sample), bom: 0 };
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
 * Where a CSV's bytes come from: chunks in order (a file read in pieces, or one whole buffer). A
 * function (or an array) can give them again from the start, so a read whose later bytes contradict
 * the encoding of its earlier ones is restarted in the right one.
 */
export type CsvSource = Iterable<Uint8Array> | (() => Iterable<Uint8Array>);

/** Thrown inside one read: its bytes contradict the encoding read so far, so read again, not as UTF-8. */
class Restart {
  constructor(
    /** Rows were handed over already (the caller must drop them). */
    readonly emitted: boolean,
    readonly line: number,
  ) {}
}

/**
 * Read a CSV from byte chunks into rows, `onRows` called with blocks of `blockRows`. The first chunk
 * must hold at least a few lines (64 KB is plenty) to decide the delimiter.
 *
 * The encoding is decided on the whole file, as its bytes stream: text with no byte-order mark is read
 * as UTF-8 by a strict decoder, and while every byte so far was ASCII (the decoded text is as long as
 * its bytes: no per-character work) a first byte that is not UTF-8 only switches the rest of the file
 * to GB18030 or Windows-1252 (eightBitEncoding), since ASCII reads alike in all three. When non-ASCII
 * text was already read as UTF-8, the read restarts from the first chunk in the 8-bit encoding;
 * `onRestart` is told first, to drop the rows it was given. A second contradiction (GB18030 bytes
 * after Windows-1252 ones, a strict GB18030 decoder failing) refuses the file: it mixes encodings.
 */
export function readCsvChunks(
  source: CsvSource,
  onRows: (rows: RawCell[][]) => void,
  blockRows = 8192,
  delimiterHint?: string,
  onRestart?: () => void,
): CsvReadResult {
  const again = typeof source === "function" ? source : Array.isArray(source) ? () => source : null;
  let chunks = typeof source === "function" ? source() : source;
  let notUtf8 = false;
  for (;;) {
    try {
      return readOnce(chunks, onRows, blockRows, delimiterHint, notUtf8);
    } catch (e) {
      if (!(e instanceof Restart)) throw e;
      if (notUtf8 || !again || (e.emitted && !onRestart)) throw new CsvEncodingError("mixed", e.line);
      if (e.emitted) onRestart!();
      notUtf8 = true;
      chunks = again();
    }
  }
}

/** Bytes an 8-bit encoding is decided on, at least (a chunk may be smaller): a few hundred lines. */
const DECIDE_BYTES = 64 * 1024;

function readOnce(
  chunks: Iterable<Uint8Array>,
  onRows: (rows: RawCell[][]) => void,
  blockRows: number,
  delimiterHint: string | undefined,
  notUtf8: boolean,
): CsvReadResult {
  let decoder: TextDecoder | null = null;
  let parser: CsvParser | null = null;
  let encoding: TextEncoding = "utf-8";
  let delimiter = ",";
  let block: RawCell[][] = [];
  let rows = 0;
  let emitted = false;
  /** BOM-less 8-bit text read as UTF-8 so far: a later byte may say it is not. */
  let tentative = false;
  let asciiSoFar = true;
  /** Bytes held while an 8-bit encoding is being decided (bounded by DECIDE_BYTES and one chunk). */
  let held: Uint8Array[] | null = null;
  let heldBytes = 0;
  const push = (row: string[]) => {
    // A blank line is a blank row, as in a sheet (kept, so row numbers match the file's lines).
    block.push(row.length === 1 && row[0] === "" ? [] : csvCells(row));
    rows++;
    if (block.length >= blockRows) {
      onRows(block);
      emitted = true;
      block = [];
    }
  };
  const feed = (text: string) => {
    if (!parser) {
      if (text === "") return;
      delimiter = delimiterHint ?? sniffDelimiter(text);
      parser = new CsvParser(delimiter, push);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    parser.feed(text);
  };
  /** The held bytes in the 8-bit encoding they say: everything before them was ASCII, read alike in every candidate. */
  const decideHeld = (): string => {
    const bytes = held!.length === 1 ? held![0] : concat(held!, heldBytes);
    held = null;
    encoding = eightBitEncoding(bytes);
    tentative = false;
    decoder = new TextDecoder(encoding, { fatal: true });
    return decoder.decode(bytes, { stream: true });
  };
  const hold = (bytes: Uint8Array): string => {
    (held ??= []).push(bytes);
    heldBytes += bytes.length;
    return heldBytes >= DECIDE_BYTES ? decideHeld() : "";
  };
  const contradiction = (): never => {
    if (tentative) throw new Restart(emitted, rows + 1);
    throw new CsvEncodingError("mixed", rows + 1);
  };
  const decode = (bytes: Uint8Array): string => {
    if (held) return hold(bytes);
    let text: string;
    try {
      if (encoding === "windows-1252" && looksGb18030(bytes)) throw new CsvEncodingError("mixed", rows + 1);
      text = decoder!.decode(bytes, { stream: true });
    } catch (e) {
      if (!isDecodeError(e)) throw e;
      return tentative && asciiSoFar ? hold(bytes) : contradiction();
    }
    if (tentative && asciiSoFar && text.length !== bytes.length) {
      asciiSoFar = false;
      // Read again because UTF-8 was wrong: the first non-ASCII bytes decide the 8-bit encoding.
      if (notUtf8) return hold(bytes);
    }
    return text;
  };
  for (const chunk of chunks) {
    if (!decoder) {
      const order = byteOrder(chunk);
      encoding = order?.encoding ?? "utf-8";
      tentative = !order;
      // A byte-order mark declares the encoding: a bad byte after it is a damaged cell (U+FFFD, an issue), not another encoding.
      decoder = new TextDecoder(encoding, { fatal: tentative });
      feed(decode(chunk.subarray(order?.bom ?? 0)));
      continue;
    }
    feed(decode(chunk));
  }
  if (decoder) {
    if (held) feed(decideHeld());
    try {
      feed((decoder as TextDecoder).decode());
    } catch (e) {
      // The file ends inside a character.
      if (!isDecodeError(e)) throw e;
      contradiction();
    }
    (parser as CsvParser | null)?.end();
  }
  if (block.length) onRows(block);
  return { encoding, delimiter, rows };
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A strict decoder's refusal: a TypeError, of whichever realm (Node's carries a code; jest runs tests in a realm of their own). */
function isDecodeError(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as Error).name === "TypeError";
}

/**
 * Windows-1252 never fails to decode, so a later part in GB18030 shows only by its shape: several runs
 * of non-ASCII bytes, nearly all of two or more bytes, that GB18030 reads as text.
 */
function looksGb18030(bytes: Uint8Array): boolean {
  const s = eightBitShape(bytes);
  const pairs = s.runs - s.lone;
  return s.gb && pairs >= 3 && pairs >= 20 * s.lone;
}
