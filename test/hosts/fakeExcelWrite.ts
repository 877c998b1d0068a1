/**
 * A recording fake of Excel for writing: sheets hold cells (value and number format), every write is
 * attributed to its sheet, a string that Excel would turn into a formula (it starts with = + - @ and
 * its cell is not formatted as text) is recorded as an injection, each sync's request size is measured,
 * and reading a sheet's name before load + sync fails as in Office.js.
 */
type Cell = string | number | boolean;

/** What a cell looks like: each property as the add-in last set it (absent: never set). */
export interface CellLookState {
  font?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: string;
  size?: number;
  color?: string;
  fill?: string;
  wrap?: boolean;
  horizontal?: string;
  vertical?: string;
}

export interface SheetState {
  name: string;
  user: boolean;
  cells: Map<string, { value: Cell; format: string; look: CellLookState }>;
  tabColor: string | null;
  columnWidths: Map<number, number>;
  rowHeights: Map<number, number>;
  merges: string[];
  page: {
    orientation?: string;
    paperSize?: string;
    leftHeader?: string;
    leftFooter?: string;
    centerFooter?: string;
    rightFooter?: string;
    printTitleRows?: string;
  };
  writes: number;
  tables: Array<{ name: string; style: string; range?: string }>;
  hyperlinks: Map<string, { documentReference: string; textToDisplay: string }>;
  frozenRows: number | null;
  orientation: string | null;
  charts: Array<{
    type: string;
    title: string;
    from: string;
    to: string;
    series: Array<{ name: string; values: string; categories: string; chartType?: string; noFill?: boolean }>;
  }>;
  conditionalFormats: Array<{ range: string; type: string; formula?: string; fill?: string; barColor?: string; lower?: unknown; upper?: unknown }>;
  properties: Map<string, string>;
}

export class WriteFake {
  readonly sheets: SheetState[] = [];
  syncs = 0;
  requestSizes: number[] = [];
  injections: string[] = [];
  pageLayoutTouched = false;
  screenUpdatingSuspended = 0;
  /** Workbook-level names; each refers to a sheet's A1 and follows it when renamed, as Excel's do. */
  readonly names: Array<{ name: string; sheet: SheetState }> = [];
  private pending = 0;
  private itemsLoaded = false;

  constructor(userSheets: Array<{ name: string; rows: Cell[][] }>) {
    for (const u of userSheets) {
      const s = this.newSheet(u.name, true);
      u.rows.forEach((row, r) => row.forEach((v, c) => s.cells.set(`${r + 1},${c + 1}`, { value: v, format: "General", look: {} })));
    }
  }

  private newSheet(name: string, user: boolean): SheetState {
    const s: SheetState = {
      name,
      user,
      cells: new Map(),
      tabColor: null,
      columnWidths: new Map(),
      rowHeights: new Map(),
      merges: [],
      page: {},
      writes: 0,
      tables: [],
      hyperlinks: new Map(),
      frozenRows: null,
      orientation: null,
      charts: [],
      conditionalFormats: [],
      properties: new Map(),
    };
    this.sheets.push(s);
    return s;
  }

  private range(sheet: SheetState, address: string) {
    const self = this;
    const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(address)!;
    const col = (s: string) => [...s].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0);
    const r0 = Number(m[2]);
    const c0 = col(m[1]);
    const r1 = m[4] ? Number(m[4]) : r0;
    const c1 = m[3] ? col(m[3]) : c0;
    const touch = (values: unknown[][]) => {
      sheet.writes++;
      this.pending += JSON.stringify(values).length;
    };
    const cell = (r: number, c: number) => {
      const k = `${r0 + r},${c0 + c}`;
      let x = sheet.cells.get(k);
      if (!x) sheet.cells.set(k, (x = { value: "", format: "General", look: {} }));
      return x;
    };
    /** A format property set on a range applies to each of its cells. */
    const each = (key: keyof CellLookState, v: unknown) => {
      sheet.writes++;
      for (let r = 0; r <= r1 - r0; r++) for (let c = 0; c <= c1 - c0; c++) (cell(r, c).look as Record<string, unknown>)[key] = v;
    };
    const lookSetter = (key: keyof CellLookState) => ({
      set: (v: unknown) => each(key, v),
      enumerable: true,
    });
    const font = Object.defineProperties(
      {},
      {
        name: lookSetter("font"),
        bold: lookSetter("bold"),
        italic: lookSetter("italic"),
        underline: lookSetter("underline"),
        size: lookSetter("size"),
        color: lookSetter("color"),
      },
    );
    const format = Object.defineProperties(
      { font, fill: Object.defineProperties({}, { color: lookSetter("fill") }) },
      {
        wrapText: lookSetter("wrap"),
        horizontalAlignment: lookSetter("horizontal"),
        verticalAlignment: lookSetter("vertical"),
        columnWidth: {
          set: (w: number) => {
            sheet.writes++;
            for (let c = c0; c <= c1; c++) sheet.columnWidths.set(c, w);
          },
        },
        rowHeight: {
          set: (h: number) => {
            sheet.writes++;
            for (let r = r0; r <= r1; r++) sheet.rowHeights.set(r, h);
          },
        },
      },
    );
    return {
      address,
      merge: () => {
        sheet.writes++;
        sheet.merges.push(address);
      },
      conditionalFormats: {
        add: (type: string) => {
          sheet.writes++;
          const cf: SheetState["conditionalFormats"][number] = { range: address, type };
          sheet.conditionalFormats.push(cf);
          return {
            dataBar: {
              set barDirection(_d: string) {},
              set lowerBoundRule(r: unknown) {
                cf.lower = r;
              },
              set upperBoundRule(r: unknown) {
                cf.upper = r;
              },
              positiveFormat: {
                set fillColor(c: string) {
                  cf.barColor = c;
                },
              },
            },
            custom: {
              rule: {
                set formula(f: string) {
                  cf.formula = f;
                },
              },
              format: {
                fill: {
                  set color(c: string) {
                    cf.fill = c;
                  },
                },
              },
            },
          };
        },
      },
      set numberFormat(f: string[][]) {
        touch(f);
        f.forEach((row, r) => row.forEach((v, c) => (cell(r, c).format = v)));
      },
      set values(v: Cell[][]) {
        touch(v);
        v.forEach((row, r) =>
          row.forEach((value, c) => {
            const x = cell(r, c);
            if (typeof value === "string" && /^[=+\-@]/.test(value) && x.format !== "@") self.injections.push(`${sheet.name}!${r0 + r},${c0 + c}: ${value}`);
            x.value = value;
          }),
        );
      },
      set hyperlink(h: { documentReference: string; textToDisplay: string }) {
        sheet.writes++;
        sheet.hyperlinks.set(address, h);
      },
      sheet,
      format,
    };
  }

  /** A name's formula as Office.js gives it: the sheet's A1, or #REF! once the sheet is gone. */
  formulaOf(n: { sheet: SheetState }): string {
    return this.sheets.includes(n.sheet) ? `='${n.sheet.name.replace(/'/g, "''")}'!$A$1` : "=#REF!";
  }

  /** The workbook as the reader fake sees it (values only, from A1), for a read after a write. */
  readBack(): { sheets: Array<{ name: string; rows: Cell[][] }>; names: Array<{ name: string; formula: string }> } {
    const sheets = this.sheets.map((s) => {
      const rows: Cell[][] = [];
      let width = 0;
      for (const k of s.cells.keys()) width = Math.max(width, Number(k.split(",")[1]));
      for (const [k, v] of s.cells) {
        const [r, c] = k.split(",").map(Number);
        while (rows.length < r) rows.push([]);
        rows[r - 1][c - 1] = v.value;
      }
      return { name: s.name, rows: rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? "")) };
    });
    return { sheets, names: this.names.map((n) => ({ name: n.name, formula: this.formulaOf(n) })) };
  }

  install(): void {
    const fake = this;
    const wrap = (s: SheetState) => ({
      get name() {
        if (!fake.itemsLoaded) throw new Error("PropertyNotLoaded: worksheets.items/name");
        return s.name;
      },
      set name(n: string) {
        if (s.user) s.writes++;
        if (fake.sheets.some((x) => x !== s && x.name.toLowerCase() === n.toLowerCase())) throw new Error(`ItemAlreadyExists: ${n}`);
        s.name = n;
      },
      delete() {
        if (s.user) s.writes++;
        const i = fake.sheets.indexOf(s);
        if (i >= 0) fake.sheets.splice(i, 1);
      },
      getRange: (a: string) => fake.range(s, a),
      set tabColor(c: string) {
        s.writes++;
        s.tabColor = c;
      },
      customProperties: {
        getItemOrNullObject: (key: string) => ({
          load: () => undefined,
          get isNullObject() {
            return !s.properties.has(key);
          },
        }),
        add: (key: string, value: string) => {
          if (s.user) s.writes++;
          s.properties.set(key, value);
        },
      },
      charts: {
        add: (type: string, range: { address: string }) => {
          s.writes++;
          const chart = {
            type,
            title: "",
            from: "",
            to: "",
            series: [{ name: "", values: range.address, categories: "" }] as SheetState["charts"][number]["series"],
          };
          s.charts.push(chart);
          const seriesApi = (x: SheetState["charts"][number]["series"][number]) => ({
            set name(n: string) {
              x.name = n;
            },
            setXAxisValues: (r: { address: string }) => void (x.categories = r.address),
            setValues: (r: { address: string }) => void (x.values = r.address),
            set chartType(t: string) {
              x.chartType = t;
            },
            format: { fill: { clear: () => void (x.noFill = true) } },
          });
          return {
            title: {
              set text(t: string) {
                chart.title = t;
              },
            },
            setPosition: (a: string, b: string) => {
              chart.from = a;
              chart.to = b;
            },
            series: {
              getItemAt: (i: number) => seriesApi(chart.series[i]),
              add: (name: string) => {
                const x = { name, values: "", categories: "" };
                chart.series.push(x);
                return seriesApi(x);
              },
            },
          };
        },
      },
      tables: {
        add: (range: { address: string }) => {
          s.writes++;
          const t = { name: "", style: "", range: range.address };
          const tableNames = () => fake.sheets.flatMap((x) => x.tables.map((y) => y.name.toLowerCase()));
          const api = {
            get name() {
              return t.name;
            },
            set name(n: string) {
              if (tableNames().includes(n.toLowerCase())) throw new Error(`InvalidArgument: a table named ${n} already exists`);
              t.name = n;
            },
            set style(x: string) {
              t.style = x;
            },
          };
          s.tables.push(t);
          return api;
        },
        load: () => undefined,
        get items() {
          return s.tables.map((t) => ({
            get name() {
              return t.name;
            },
            set name(n: string) {
              if (s.user) s.writes++;
              t.name = n;
            },
          }));
        },
      },
      freezePanes: {
        freezeRows: (n: number) => {
          s.writes++;
          s.frozenRows = n;
        },
      },
      get pageLayout() {
        fake.pageLayoutTouched = true;
        const hf = s.page;
        return {
          set orientation(o: string) {
            s.orientation = o;
            s.page.orientation = o;
          },
          set paperSize(p: string) {
            s.page.paperSize = p;
          },
          set zoom(_z: unknown) {},
          setPrintTitleRows: (rows: string) => void (s.page.printTitleRows = rows),
          headersFooters: {
            defaultForAllPages: {
              set leftHeader(t: string) {
                hf.leftHeader = t;
              },
              set leftFooter(t: string) {
                hf.leftFooter = t;
              },
              set centerFooter(t: string) {
                hf.centerFooter = t;
              },
              set rightFooter(t: string) {
                hf.rightFooter = t;
              },
            },
          },
        };
      },
    });
    const context = {
      application: { suspendScreenUpdatingUntilNextSync: () => void (fake.screenUpdatingSuspended += 1) },
      workbook: {
        worksheets: {
          load: () => undefined,
          get items() {
            return fake.sheets.map(wrap);
          },
          add: (name: string) => {
            if (fake.sheets.some((x) => x.name.toLowerCase() === name.toLowerCase())) throw new Error(`ItemAlreadyExists: ${name}`);
            return wrap(fake.newSheet(name, false));
          },
          getItem: (name: string) => {
            const s = fake.sheets.find((x) => x.name === name);
            if (!s) throw new Error(`ItemNotFound: ${name}`);
            return wrap(s);
          },
        },
        names: {
          load: () => undefined,
          get items() {
            if (!fake.itemsLoaded) throw new Error("PropertyNotLoaded: names.items");
            return fake.names.map((n) => ({ name: n.name, formula: fake.formulaOf(n) }));
          },
          add: (name: string, range: { sheet: SheetState }) => {
            if (fake.names.some((n) => n.name.toLowerCase() === name.toLowerCase())) throw new Error(`ItemAlreadyExists: name ${name}`);
            fake.names.push({ name, sheet: range.sheet });
          },
          getItem: (name: string) => ({
            delete: () => {
              const i = fake.names.findIndex((n) => n.name === name);
              if (i < 0) throw new Error(`ItemNotFound: name ${name}`);
              fake.names.splice(i, 1);
            },
          }),
        },
      },
      sync: async () => {
        fake.syncs++;
        fake.itemsLoaded = true;
        fake.requestSizes.push(fake.pending);
        fake.pending = 0;
      },
    };
    (globalThis as unknown as { Excel: unknown }).Excel = {
      run: <T>(fn: (c: typeof context) => Promise<T>) => fn(context),
      PageOrientation: { landscape: "Landscape" },
      PaperType: { a4: "A4" },
      RangeUnderlineStyle: { single: "Single" },
      HorizontalAlignment: { right: "Right" },
      VerticalAlignment: { top: "Top" },
      ConditionalDataBarDirection: { leftToRight: "LeftToRight" },
      ConditionalFormatRuleType: { number: "Number", highestValue: "HighestValue" },
      ConditionalFormatType: { custom: "Custom", dataBar: "DataBar" },
      ChartSeriesBy: { columns: "Columns" },
      ChartType: { line: "Line" },
    };
  }
}

/** Office.context.document.settings, in memory. */
export function fakeSettings(): { get(n: string): unknown; set(n: string, v: unknown): void; saveAsync(cb?: () => void): void; saved: number } {
  const store = new Map<string, unknown>();
  return {
    saved: 0,
    get: (n) => store.get(n) ?? null,
    set: (n, v) => void store.set(n, v),
    saveAsync(cb) {
      this.saved++;
      cb?.();
    },
  };
}
