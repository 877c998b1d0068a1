/**
 * CSV and text exports as portals and Excel write them: every encoding (UTF-8 with and without BOM,
 * UTF-16 LE/BE with BOM and LE without, GB18030), every delimiter, quoted fields with delimiters,
 * doubled quotes and newlines — split across reads at every position — and a title line above the
 * header, read through the engine as a sheet is.
 */
import iconv from "iconv-lite";
import { WorkbookIngest } from "../../src/engine";
import { CsvEncodingError, CsvParser, detectEncoding, readCsvChunks, sniffDelimiter } from "../../src/hosts/files/csv";

const TEXT = '零售商,门店,条码,月份,销售金额\r\n家乐福,CF001,6901234500001,2026年7月,"1,234.50"\r\n家乐福,CF002,"69012,3""45",2026年8月,99\r\n';
const ROWS = [
  ["零售商", "门店", "条码", "月份", "销售金额"],
  ["家乐福", "CF001", "6901234500001", "2026年7月", "1,234.50"],
  ["家乐福", "CF002", '69012,3"45', "2026年8月", "99"],
];

function read(bytes: Uint8Array, chunk = bytes.length) {
  const rows: unknown[][] = [];
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  const r = readCsvChunks(pieces, (block) => rows.push(...block));
  return { ...r, rows };
}

describe("encodings", () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ["UTF-8 with BOM", new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(TEXT, "utf8")]), "utf-8"],
    ["UTF-8 without BOM", new Uint8Array(Buffer.from(TEXT, "utf8")), "utf-8"],
    ["UTF-16LE with BOM (Excel's Unicode text)", new Uint8Array(iconv.encode(TEXT, "utf16le", { addBOM: true })), "utf-16le"],
    ["UTF-16BE with BOM", new Uint8Array(iconv.encode(TEXT, "utf16-be", { addBOM: true })), "utf-16be"],
    ["UTF-16LE without BOM", new Uint8Array(iconv.encode(TEXT, "utf16le")), "utf-16le"],
    ["GB18030 (GBK)", new Uint8Array(iconv.encode(TEXT, "gb18030")), "gb18030"],
  ];
  test.each(cases)("%s", (_name, bytes, encoding) => {
    const r = read(bytes);
    expect(r.encoding).toBe(encoding);
    expect(r.rows).toEqual(ROWS);
  });

  test("bytes that are no text encoding are refused, not read as mojibake", () => {
    expect(() => detectEncoding(new Uint8Array([0x80, 0x80, 0xff, 0x30, 0x81, 0x20, 0x80, 0x80]))).toThrow(CsvEncodingError);
    expect(() => detectEncoding(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toThrow(CsvEncodingError); // a PNG
  });
});

describe("delimiters and quoting", () => {
  test.each([
    [",", "comma"],
    [";", "semicolon"],
    ["\t", "tab"],
  ])("sniffed: %j (%s), with a title line above the header", (d) => {
    const text = `Sell-out report 2026\n\n${ROWS.map((r) => r.map((c) => (/[",;\t\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(d)).join("\n")}\n`;
    expect(sniffDelimiter(text)).toBe(d);
    const r = read(new Uint8Array(Buffer.from(text, "utf8")));
    expect(r.rows).toEqual([["Sell-out report 2026"], [], ...ROWS]);
  });

  test("a quoted field with a newline, split across reads at every position, is one field", () => {
    const text = 'a,b\n1,"line one\r\nline ""two"""\n2,x\n';
    const expected = [
      ["a", "b"],
      ["1", 'line one\r\nline "two"'],
      ["2", "x"],
    ];
    for (let cut = 1; cut < text.length; cut++) {
      const rows: string[][] = [];
      const p = new CsvParser(",", (r) => rows.push(r));
      p.feed(text.slice(0, cut));
      p.feed(text.slice(cut));
      p.end();
      expect([cut, rows]).toEqual([cut, expected]);
    }
  });

  test("multi-byte characters split across reads decode whole (GB18030 and UTF-8, 1-byte pieces)", () => {
    expect(read(new Uint8Array(iconv.encode(TEXT, "gb18030")), 1).rows).toEqual(ROWS);
    expect(read(new Uint8Array(Buffer.from(TEXT, "utf8")), 1).rows.slice(1)).toEqual(ROWS.slice(1));
  });
});

test("through the engine: a CSV with a title line is a sell-out sheet, its header found below the title", () => {
  const text = `门店销售报表 2026年7月\n\n零售商,门店,条码,厂家,品类,月份,销售金额\n家乐福,S1,A1,Acme,Biscuits,2026-07,"1,200.50"\n家乐福,S1,C1,Rival,Biscuits,2026-07,799.5\n`;
  const ingest = new WorkbookIngest();
  const rows: unknown[][] = [];
  readCsvChunks([new Uint8Array(iconv.encode(text, "gb18030"))], (b) => rows.push(...b));
  ingest.beginSheet({ name: "export.csv", rows: rows as never, firstRow: 1, firstColumn: 1 }).end({ hiddenRows: 0 });
  const input = ingest.finish(false);
  expect(input.detections[0]).toMatchObject({ kind: "sell-out", headerRow: 3 });
  expect(input.reconciliation[0]).toMatchObject({ sheet: "export.csv", rowsRead: 2, rowsUsed: 2, valueRead: 2000 });
});
