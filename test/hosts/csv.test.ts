/**
 * CSV and text exports as portals and Excel write them: every encoding (UTF-8 with and without BOM,
 * UTF-16 LE/BE with BOM and LE without, GB18030), every delimiter, quoted fields with delimiters,
 * doubled quotes and newlines — split across reads at every position — and a title line above the
 * header, read through the engine as a sheet is.
 */
import iconv from "iconv-lite";
import { WorkbookIngest, listRetailers } from "../../src/engine";
import { fill, strings } from "../../src/i18n";
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

describe("the encoding is decided on the whole file, as its bytes stream (#24)", () => {
  const MiB = 1 << 20;
  const HEAD = "Retailer,Store,SKU,Manufacturer,Category,Month,Units,Sales value\n";
  /** ASCII rows past the first MiB: the first non-ASCII byte lies in a later piece. */
  const asciiRows = (bytes: number) => {
    const line = "Walmart,W1,A1,Acme,Biscuits,2026-08,1,10\n";
    return line.repeat(Math.ceil(bytes / line.length));
  };
  const pieces = (bytes: Uint8Array, size = MiB) => {
    const out: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
    return out;
  };

  test("a GBK export whose first Chinese lies past the first MiB is read as GB18030, not as UTF-8 with U+FFFD", () => {
    const text = HEAD + asciiRows(1.5 * MiB) + "家乐福,S1,A1,Acme,饼干,2026-09,5,51394\n";
    const rows: unknown[][] = [];
    const r = readCsvChunks(pieces(new Uint8Array(iconv.encode(text, "gb18030"))), (b) => rows.push(...b));
    expect(r.encoding).toBe("gb18030");
    expect(rows[rows.length - 1]).toEqual(["家乐福", "S1", "A1", "Acme", "饼干", "2026-09", "5", "51394"]);
    expect(rows.flat().some((c) => typeof c === "string" && c.includes("\uFFFD"))).toBe(false);
  });

  test("non-ASCII text read as UTF-8 that later bytes contradict: the read restarts in GB18030 and the caller drops what it had", () => {
    // 司 is CB BE in GBK, and CB BE is also valid UTF-8 (U+02FE): the first MiB reads as UTF-8 until 家乐福 comes.
    const text =
      "Retailer,Store,SKU,Manufacturer,Category,Month,Sales\n司,S0,A1,Acme,X,2026-08,1\n" + asciiRows(1.2 * MiB) + "家乐福,S1,A1,Acme,饼干,2026-09,9\n";
    const bytes = new Uint8Array(iconv.encode(text, "gb18030"));
    expect(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, MiB), { stream: true })).toContain("\u02fe");
    let rows: unknown[][] = [];
    let restarts = 0;
    const r = readCsvChunks(
      () => pieces(bytes),
      (b) => rows.push(...b),
      1000,
      undefined,
      () => {
        restarts++;
        rows = [];
      },
    );
    expect([r.encoding, restarts]).toEqual(["gb18030", 1]);
    expect(rows[1]).toEqual(["司", "S0", "A1", "Acme", "X", "2026-08", "1"]);
    expect(rows[rows.length - 1]).toEqual(["家乐福", "S1", "A1", "Acme", "饼干", "2026-09", "9"]);
    // A source read once (a generator) cannot restart after rows went out: refused as mixed, with the line.
    const once = function* () {
      yield* pieces(bytes);
    };
    expect(() => readCsvChunks(once(), () => undefined, 1000)).toThrow(expect.objectContaining({ reason: "mixed", line: expect.any(Number) }));
  });

  const LATIN =
    "Retailer;Store;SKU;Manufacturer;Category;Month;Sales value\nGéant Casino;G1;A1;Müller Gebäck;Biscuits;2026-07;120\nCarrefour Bourg-en-Bresse;C1;A2;Acme;Pâtisserie;2026-07;80\n";

  test.each([
    ["with accents before delimiters (no GB18030 reads them)", LATIN],
    ["with every accent between ASCII letters (GB18030 reads them too, their shape decides)", LATIN.replace("Pâtisserie", "Patisserie")],
  ])("Windows-1252 %s is read as Windows-1252, not as GB18030 mojibake", (_what, text) => {
    const rows: unknown[][] = [];
    const r = readCsvChunks([new Uint8Array(iconv.encode(text, "win1252"))], (b) => rows.push(...b));
    expect(r.encoding).toBe("windows-1252");
    expect(rows[1]).toEqual(["Géant Casino", "G1", "A1", "Müller Gebäck", "Biscuits", "2026-07", "120"]);
  });

  test("a Windows-1252 export whose first accent lies past the first MiB", () => {
    const text = HEAD + asciiRows(1.1 * MiB) + "Géant Casino,G1,A1,Müller Gebäck,Biscuits,2026-07,1,120\n";
    const rows: unknown[][] = [];
    expect(readCsvChunks(pieces(new Uint8Array(iconv.encode(text, "win1252"))), (b) => rows.push(...b)).encoding).toBe("windows-1252");
    expect(rows[rows.length - 1][3]).toBe("Müller Gebäck");
  });

  test("bytes that read as well as either: refused as ambiguous; GB18030 after Windows-1252: refused as mixed, with its line", () => {
    // As many lone accents between letters as two-byte runs that both encodings read.
    const ambiguous = new Uint8Array([...Buffer.from("a,b\nM"), 0xfc, ...Buffer.from("ller,x\n"), 0xbc, 0xd2, ...Buffer.from(",y\n")]);
    expect(() => readCsvChunks([ambiguous], () => undefined)).toThrow(expect.objectContaining({ reason: "ambiguous" }));
    const latin = iconv.encode(HEAD + "Géant Casino,G1,A1,Müller Gebäck,Biscuits,2026-07,1,120\n" + asciiRows(1.1 * MiB), "win1252");
    const chinese = iconv.encode("家乐福,S1,A1,Acme,饼干,2026-09,5,100\n".repeat(20), "gb18030");
    const bytes = new Uint8Array(Buffer.concat([latin, chinese]));
    let err: unknown;
    try {
      readCsvChunks(
        () => pieces(bytes),
        () => undefined,
        8192,
        undefined,
        () => undefined,
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvEncodingError);
    expect(err).toMatchObject({ reason: "mixed" });
    expect((err as CsvEncodingError).line).toBeGreaterThan(20000);
  });

  test("a cell holding U+FFFD (a damaged UTF-8 export) is an issue with its row and column, never a retailer", () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...Buffer.from("Retailer,Store,SKU,Manufacturer,Category,Month,Sales value\nCarrefour,S1,A1,Acme,Biscuits,2026-07,300\n"),
      0xbc,
      0xd2,
      ...Buffer.from("Carrefour,S1,A1,Acme,Biscuits,2026-09,51394\n"),
    ]);
    const rows: unknown[][] = [];
    readCsvChunks([bytes], (b) => rows.push(...b));
    expect(rows[2][0]).toContain("\uFFFD");
    const ingest = new WorkbookIngest();
    ingest.beginSheet({ name: "export.csv", rows: rows as never, firstRow: 1, firstColumn: 1 }).end({ hiddenRows: 0 });
    const input = ingest.finish(false);
    expect(input.issues.filter((i) => i.code === "text-undecodable").map((i) => [i.sheet, i.row, i.column, i.severity])).toEqual([
      ["export.csv", 3, "A", "error"],
    ]);
    expect(listRetailers(input.tables["sell-out"]!).retailers.map((r) => r.name)).toEqual(["Carrefour"]);
    expect(input.reconciliation[0]).toMatchObject({ rowsRead: 2, rowsUsed: 1, valueRejected: 51394 });
    const issue = input.issues.find((i) => i.code === "text-undecodable")!;
    expect(fill(strings("en").issues["text-undecodable"], issue.params)).toContain("lost in decoding");
    expect(fill(strings("zh").issues["text-undecodable"], issue.params)).toContain("解码时丢失的字符");
  });
});

describe("a decimal-comma file's numbers follow its own convention (#24, 6)", () => {
  const ingestCsv = (text: string) => {
    const rows: unknown[][] = [];
    readCsvChunks([new Uint8Array(Buffer.from(text, "utf8"))], (b) => rows.push(...b));
    const ingest = new WorkbookIngest();
    ingest.beginSheet({ name: "export.csv", rows: rows as never, firstRow: 1, firstColumn: 1 }).end({ hiddenRows: 0 });
    return ingest.finish(false);
  };
  const HEAD = "Retailer;Store;SKU;Manufacturer;Category;Month;Units;Sales value\n";

  test("units 1.250 beside values 15.625,00 are 1,250, not 1.25", () => {
    const input = ingestCsv(HEAD + "Carrefour;S1;A1;Acme;Biscuits;2026-07;1.250;15.625,00\nCarrefour;S1;A2;Acme;Biscuits;2026-07;12;99,50\n");
    const t = input.tables["sell-out"]!;
    expect(Array.from(t.num.units.values)).toEqual([1250, 12]);
    expect(Array.from(t.num.value.values)).toEqual([15625, 99.5]);
    expect(input.issues.filter((i) => i.code === "decimal-mark-assumed")).toEqual([]);
  });

  test("a column with its own evidence follows it; decimal points elsewhere make 1.250 one and a quarter", () => {
    const input = ingestCsv(
      'Retailer,Store,SKU,Manufacturer,Category,Month,Units,Sales value\nCarrefour,S1,A1,Acme,Biscuits,2026-07,1.250,"15,625.00"\nCarrefour,S1,A2,Acme,Biscuits,2026-07,2.5,99.50\n',
    );
    expect(Array.from(input.tables["sell-out"]!.num.units.values)).toEqual([1.25, 2.5]);
    expect(input.issues.filter((i) => i.code === "decimal-mark-assumed")).toEqual([]);
  });

  test("a column that reads either way, on a sheet that does not say: read as before, and a warning on the column says how (en, zh)", () => {
    const input = ingestCsv(HEAD + "Carrefour;S1;A1;Acme;Biscuits;2026-07;1.250;300\nCarrefour;S1;A2;Acme;Biscuits;2026-07;2.000;700\n");
    expect(Array.from(input.tables["sell-out"]!.num.units.values)).toEqual([1.25, 2]);
    const issues = input.issues.filter((i) => i.code === "decimal-mark-assumed");
    expect(issues.map((i) => [i.sheet, i.row, i.column, i.severity])).toEqual([["export.csv", null, "G", "warning"]]);
    expect(fill(strings("en").issues["decimal-mark-assumed"], issues[0].params)).toContain('numbers such as "1.250" read either way');
    expect(fill(strings("en").issues["decimal-mark-assumed"], issues[0].params)).toContain('("1.250" = 1.25)');
    expect(fill(strings("zh").issues["decimal-mark-assumed"], issues[0].params)).toContain("已按小数点读取（“1.250” = 1.25）");
  });
});
