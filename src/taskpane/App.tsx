/**
 * The task pane: open or read a workbook → sources (kind per sheet, column mapping) → review options →
 * generate → results. It gets the host's reader, the file renderer and the saver as props and never
 * calls Office.js itself, so UI tests need no Office at all (the model of Office-Addin-TaskPane-React).
 */
import * as React from "react";
import {
  Button,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  ProgressBar,
  SpinButton,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from "@fluentui/react-components";
import {
  Audience,
  CompareMode,
  DEFAULT_KEEP_REVIEWS,
  INPUT_KINDS,
  InputKind,
  ReviewModel,
  SheetOverride,
  WorkbookGrids,
  cellDisplay,
  formatValue,
  issueMessage,
  kindSpec,
  latestCompleteQuarter,
  shiftPeriod,
  ReviewColumn,
  cellFormat,
} from "../engine";
import type { PaneActions } from "../contracts/pane";
import { Lang, fill, strings } from "../i18n";
import { EngineClient, IngestSummary, LoadedWorkbook, gridsWorkbook, localEngine } from "./engineClient";

export interface ReadProgress {
  sheet: string;
  rowsRead: number;
  rowsTotal: number;
}

/** A reader gives the grids it read (Excel, tests) or a workbook it keeps itself (a picked file, in a worker). */
export type ReadResult = WorkbookGrids | LoadedWorkbook;
export type WorkbookSource =
  | { kind: "excel"; read: (onProgress: (p: ReadProgress) => void) => Promise<ReadResult> }
  | { kind: "file"; read: (files: File[], onProgress?: (p: { sheet: string; rows: number }) => void) => Promise<ReadResult> };

function isLoaded(r: ReadResult): r is LoadedWorkbook {
  return "heads" in r && typeof (r as LoadedWorkbook).ingest === "function";
}

export type { PaneActions };

export interface AppProps {
  lang: Lang;
  source: WorkbookSource;
  /** The .xlsx renderer (ExcelJS + charts); absent where the host writes sheets itself. */
  renderFile?: (model: ReviewModel) => Promise<Uint8Array>;
  /** Hands a produced file to the user (a download in a plain browser). */
  save?: (name: string, data: Uint8Array | string, mime: string) => void;
  /** Computes the review (a Web Worker in the pane; in-thread by default). */
  engine?: EngineClient;
  /** In Excel: go to cells, open sheets, templates, the retailer copy, remembered options. */
  actions?: PaneActions;
  /** In Excel: writes the review's sheets into the workbook, returns their names. */
  writeSheets?: (
    model: ReviewModel,
    onProgress: (sheet: string, done: number, total: number) => void,
    isCancelled: () => boolean,
    options: { keepReviews: number },
  ) => Promise<string[]>;
}

type Step = "start" | "sources" | "review" | "results";

/** A preview cell as the workbook shows it (a row may carry its own format, as the scorecard does). */
function cellText(row: Record<string, string | number | null>, column: ReviewColumn, currency: string): string {
  const v = row[column.key];
  if (typeof v !== "number") return String(v ?? "");
  const f = cellFormat(row, column);
  return formatValue(v, f, f === "money" ? currency : "");
}
/** Fluent's Dropdown is 250 px wide by default; in a 320–450 px pane a table cell must hold it. */
const NARROW: React.CSSProperties = { minWidth: 0, width: "100%" };
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface Outcome {
  retailer: string;
  period: string;
  model: ReviewModel;
  internalFile: Uint8Array | null;
  retailerFile: Uint8Array | null;
  /** Sheets written into the open workbook (in Excel). */
  sheets: string[];
  json: string;
  seconds: number;
}

export function App({ lang, source, renderFile, save, writeSheets, actions, engine = localEngine }: AppProps): React.JSX.Element {
  // The pane speaks the user's display language; the review's own language is an option (Settings' by default).
  const s = strings(lang);
  const [step, setStep] = React.useState<Step>("start");
  const [progress, setProgress] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [book, setBook] = React.useState<LoadedWorkbook | null>(null);
  const [input, setInput] = React.useState<IngestSummary | null>(null);
  /** The overrides `input` was computed with (JSON), so a change re-ingests once. */
  const inputKey = React.useRef("");
  const [fileName, setFileName] = React.useState("workbook");
  const [overrides, setOverrides] = React.useState<Record<string, SheetOverride>>({});
  const [selectedSheet, setSelectedSheet] = React.useState<string | null>(null);
  const [options, setOptions] = React.useState<{
    retailer: string | null;
    period: string | null;
    compare: CompareMode;
    audience: Audience;
    our: string;
    lang: Lang;
    /** Earlier reviews kept in the workbook beside the new one (Excel only). */
    keepReviews: number;
  }>({
    keepReviews: DEFAULT_KEEP_REVIEWS,
    lang,
    retailer: null,
    period: null,
    compare: "yoy",
    audience: "internal",
    our: "",
  });
  const [outcome, setOutcome] = React.useState<Outcome | null>(null);
  const cancelled = React.useRef(false);
  const fileInput = React.useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = React.useState(false);
  const [templates, setTemplates] = React.useState<string[] | null>(null);
  const started = React.useRef(0);

  // Ingestion is a function of the workbook and the user's overrides: recomputed when either changes
  // (in the pane for grids it holds, in the file's worker for a picked file).
  React.useEffect(() => {
    const key = JSON.stringify(overrides);
    if (!book || key === inputKey.current) return;
    let live = true;
    setProgress(s.pane.computing);
    book
      .ingest(overrides)
      .then((next) => {
        if (!live) return;
        inputKey.current = key;
        setInput(next);
      })
      .catch((e: unknown) => live && setError(fill(s.pane.readError, { detail: e instanceof Error ? e.message : String(e) })))
      .finally(() => live && setProgress(null));
    return () => {
      live = false;
    };
  }, [book, overrides, s]);
  const retailers = input?.retailers ?? [];
  const periods = React.useMemo(() => {
    if (!input || input.lastSellOutDay === null) return [];
    const latest = latestCompleteQuarter(input.lastSellOutDay, input.settings.fiscalYearStartMonth);
    return Array.from({ length: 8 }, (_, k) => shiftPeriod(latest, -k, input.settings.fiscalYearStartMonth).key);
  }, [input]);

  const load = async (read: () => Promise<ReadResult>) => {
    setError(null);
    setOutcome(null);
    started.current = Date.now();
    try {
      const read_ = await read();
      const loaded = isLoaded(read_) ? read_ : gridsWorkbook(read_, engine);
      const first = await loaded.ingest({});
      inputKey.current = JSON.stringify({});
      setBook(loaded);
      setInput(first);
      setOverrides({});
      setSelectedSheet(first.detections.find((d) => d.kind === "sell-out")?.sheet ?? loaded.heads[0]?.name ?? null);
      // Options remembered in the document win over the defaults, where they still fit the data.
      const remembered = actions?.loadOptions() ?? {};
      const names = first.retailers;
      const retailer = typeof remembered.retailer === "string" && names.includes(remembered.retailer) ? remembered.retailer : (names[0] ?? null);
      setOptions((o) => ({
        ...o,
        retailer,
        period: null,
        compare: remembered.compare === "pop" ? "pop" : "yoy",
        audience: remembered.audience === "retailer" ? "retailer" : "internal",
        our: typeof remembered.our === "string" && remembered.our ? remembered.our : (first.settings.ourCompany ?? ""),
        lang: remembered.lang === "zh" || remembered.lang === "en" ? remembered.lang : (first.settings.language ?? lang),
        keepReviews: typeof remembered.keepReviews === "number" && remembered.keepReviews >= 0 ? remembered.keepReviews : DEFAULT_KEEP_REVIEWS,
      }));
      setStep("sources");
    } catch (e) {
      // Readers name known file problems by a reason code; the sentence is ours, in the user's language.
      const reason = (e as { reason?: string }).reason;
      const known = reason && reason in s.pane.fileErrors ? s.pane.fileErrors[reason as keyof typeof s.pane.fileErrors] : null;
      setError(known ?? fill(s.pane.readError, { detail: e instanceof Error ? e.message : String(e) }));
    } finally {
      setProgress(null);
    }
  };

  const readExcel = () =>
    source.kind === "excel" &&
    load(() =>
      source.read((p) => setProgress(fill(s.pane.reading, { sheet: p.sheet, rows: p.rowsRead.toLocaleString(), total: p.rowsTotal.toLocaleString() }))),
    );

  /** Several files are one account (a portal's CSV, the master workbook, the contract). */
  const readFile = (list: FileList | File[] | null | undefined) => {
    const files = list ? Array.from(list) : [];
    if (files.length === 0 || source.kind !== "file") return;
    setFileName(files[0].name.replace(/\.(xlsx|xlsm|xlsb|xls|csv|tsv|txt)$/i, ""));
    setProgress(fill(s.pane.readingFile, { file: files.map((f) => f.name).join(", ") }));
    void load(() => source.read(files, (p) => setProgress(fill(s.pane.readingRows, { sheet: p.sheet, rows: p.rows.toLocaleString() }))));
  };

  const setKind = (sheet: string, kind: InputKind | "ignore" | "auto") =>
    setOverrides((o) => {
      const next = { ...o, [sheet]: { ...o[sheet] } };
      if (kind === "auto") delete next[sheet].kind;
      else next[sheet].kind = kind;
      delete next[sheet].columns; // a new kind has other fields
      return next;
    });
  const setField = (sheet: string, column: string, field: string | null) =>
    setOverrides((o) => {
      const d = input?.detections.find((x) => x.sheet === sheet);
      return { ...o, [sheet]: { ...o[sheet], kind: o[sheet]?.kind ?? d?.kind ?? undefined, columns: { ...(o[sheet]?.columns ?? {}), [column]: field } } };
    });

  const generate = async () => {
    if (!input || !options.retailer) return;
    cancelled.current = false;
    setError(null);
    actions?.saveOptions({
      retailer: options.retailer,
      compare: options.compare,
      audience: options.audience,
      our: options.our,
      lang: options.lang,
      keepReviews: options.keepReviews,
    });
    const t0 = Date.now();
    setProgress(s.pane.computing);
    // Let the progress bar paint before the work starts.
    await new Promise((r) => setTimeout(r, 0));
    // The review is computed in a Web Worker (the engine client, or the picked file's worker) with the user's overrides.
    const res = await book!.review({
      overrides,
      run: { retailer: options.retailer, period: options.period ?? undefined, compare: options.compare, ourCompany: options.our || undefined },
      lang: options.lang,
      uiLang: lang,
      audience: options.audience,
    });
    if (!res.ok) {
      setProgress(null);
      setError(fill(s.pane.cannotReview, { reason: res.errors.join(" ") }));
      return;
    }
    const model = res.model;
    let internalFile: Uint8Array | null = null;
    let retailerFile: Uint8Array | null = null;
    if (renderFile) {
      // The internal file is only for downloading; in Excel the review is written as sheets instead.
      if (options.audience === "internal" && save) {
        setProgress(fill(s.pane.writing, { what: s.pane.downloadInternal }));
        internalFile = await renderFile(model);
      }
      if (cancelled.current) return cancel();
      setProgress(fill(s.pane.writing, { what: s.pane.downloadRetailer }));
      retailerFile = await renderFile(res.retailerModel);
    }
    let sheets: string[] = [];
    if (writeSheets) {
      sheets = await writeSheets(
        model,
        (sheet) => setProgress(fill(s.pane.writing, { what: sheet })),
        () => cancelled.current,
        { keepReviews: options.keepReviews },
      );
    }
    if (cancelled.current) return cancel();
    setOutcome({ retailer: res.retailer, period: res.period, model, internalFile, retailerFile, sheets, json: res.json, seconds: (Date.now() - t0) / 1000 });
    setProgress(null);
    setStep("results");
  };
  const cancel = () => {
    setProgress(null);
    setError(s.pane.cancelled);
  };

  const selected = input?.detections.find((d) => d.sheet === selectedSheet) ?? null;
  const selectedGrid = book?.heads.find((g) => g.name === selectedSheet) ?? null;
  const recBySheet = new Map(input?.reconciliation.map((r) => [r.sheet, r]) ?? []);
  const kindLabel = (k: InputKind | null) => (k ? s.kinds[k] : s.pane.notRecognised);
  const stem = outcome ? `KA-Review_${outcome.retailer}_${outcome.period}`.replace(/[^\p{L}\p{N}_-]+/gu, "-") : fileName;

  return (
    <main style={{ display: "flex", flexDirection: "column", gap: 12, padding: 12, maxWidth: 760 }}>
      <Text>{source.kind === "excel" ? s.pane.purpose : s.pane.standalonePurpose}</Text>
      {source.kind === "excel" ? (
        actions && !actions.supported ? (
          <MessageBar intent="warning">
            <MessageBarBody>{s.pane.unsupportedExcel}</MessageBarBody>
          </MessageBar>
        ) : (
          <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
            <Button appearance="primary" onClick={() => void readExcel()} disabled={progress !== null}>
              {s.pane.readWorkbook}
            </Button>
            {actions && (
              <Button onClick={() => void actions.createTemplates(lang).then(setTemplates)} disabled={progress !== null}>
                {s.pane.createTemplates}
              </Button>
            )}
          </div>
        )
      ) : (
        <>
          <input
            ref={fileInput}
            type="file"
            accept=".xlsx,.xlsm,.xls,.xlsb,.csv,.tsv,.txt"
            multiple
            aria-label={s.pane.openWorkbook}
            style={{ display: "none" }}
            onChange={(e) => readFile(e.target.files)}
          />
          <div
            role="region"
            aria-label={s.pane.dropHere}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              readFile(e.dataTransfer.files);
            }}
            style={{
              border: `2px dashed ${dragging ? "#0f6cbd" : "#c7c7c7"}`,
              borderRadius: 6,
              padding: 12,
              display: "flex",
              flexDirection: "column",
              gap: 8,
              alignItems: "stretch",
            }}
          >
            <Button appearance="primary" onClick={() => fileInput.current?.click()} disabled={progress !== null}>
              {s.pane.openWorkbook}
            </Button>
            <Text size={200} align="center">
              {s.pane.dropHere}
            </Text>
          </div>
        </>
      )}
      {progress && (
        <Field validationMessage={progress} validationState="none">
          <ProgressBar aria-label={progress} />
          {step === "review" && (
            <Button size="small" onClick={() => (cancelled.current = true)}>
              {s.pane.cancel}
            </Button>
          )}
        </Field>
      )}
      {templates && (
        <MessageBar intent="success">
          <MessageBarBody>{fill(s.pane.templatesAdded, { sheets: templates.join(", ") })}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}

      {input && step === "sources" && (
        <section aria-label={s.pane.sources}>
          <Subtitle2 as="h2">{s.pane.sources}</Subtitle2>
          <Table size="small" aria-label={s.pane.sources}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{s.pane.sheet}</TableHeaderCell>
                <TableHeaderCell>{s.pane.kind}</TableHeaderCell>
                <TableHeaderCell>{s.pane.confidence}</TableHeaderCell>
                <TableHeaderCell>{s.pane.rows}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {input.detections.map((d) => {
                const rec = recBySheet.get(d.sheet);
                const value = d.ignored ? "ignore" : (d.kind ?? "auto");
                return (
                  <TableRow key={d.sheet}>
                    <TableCell>
                      <Button appearance="transparent" size="small" onClick={() => setSelectedSheet(d.sheet)} aria-pressed={d.sheet === selectedSheet}>
                        {d.hidden ? `${d.sheet} ${s.pane.hiddenSheet}` : d.sheet}
                      </Button>
                    </TableCell>
                    <TableCell>
                      {d.generated ? (
                        // Our own sheet: never input, whatever it looks like; it cannot be given a kind.
                        <Text size={200}>
                          {fill(d.generated.sectionId === "actionPlan" ? s.pane.generatedPlan : s.pane.generatedSheet, { period: d.generated.period })}
                        </Text>
                      ) : (
                        <Dropdown
                          size="small"
                          aria-label={`${s.pane.kind}: ${d.sheet}`}
                          value={d.ignored ? s.pane.ignore : kindLabel(d.kind)}
                          style={NARROW}
                          selectedOptions={[value]}
                          onOptionSelect={(_, o) => setKind(d.sheet, o.optionValue as InputKind | "ignore")}
                        >
                          {INPUT_KINDS.map((k) => (
                            <Option key={k} value={k}>
                              {s.kinds[k]}
                            </Option>
                          ))}
                          <Option value="ignore">{s.pane.ignore}</Option>
                        </Dropdown>
                      )}
                    </TableCell>
                    <TableCell>{d.kind && !d.ignored ? `${Math.round(d.confidence * 100)}%` : ""}</TableCell>
                    <TableCell>{rec ? `${rec.rowsUsed.toLocaleString()} / ${rec.rowsRead.toLocaleString()}` : ""}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>

          {selected && selected.kind && selected.kind !== "settings" && selectedGrid && (
            <>
              <Subtitle2 as="h2">
                {s.pane.columnsOf} {selected.sheet}
              </Subtitle2>
              <Table size="small" aria-label={`${s.pane.columnsOf} ${selected.sheet}`}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{s.pane.header}</TableHeaderCell>
                    <TableHeaderCell>{s.pane.field}</TableHeaderCell>
                    <TableHeaderCell>{s.pane.samples}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {selected.columns
                    .filter((c) => c.header || c.field)
                    .map((c) => {
                      const samples = selectedGrid.rows
                        .slice(selected.headerIndex + 1, selected.headerIndex + 4)
                        .map((r) => cellDisplay(r?.[c.index]))
                        .filter(Boolean)
                        .join(" · ");
                      const fields = kindSpec(selected.kind!).fields;
                      // Fields by their canonical header in the pane's language ("Sales value" / "销售额").
                      const label = (field: string | null) => {
                        const f = fields.find((x) => x.field === field);
                        return f ? (lang === "zh" ? f.zh[0] : f.en[0]) : s.pane.notUsed;
                      };
                      return (
                        <TableRow key={c.column}>
                          <TableCell>
                            {c.column}: {c.header}
                          </TableCell>
                          <TableCell>
                            <Dropdown
                              size="small"
                              aria-label={`${s.pane.field}: ${selected.sheet} ${c.column} ${c.header}`}
                              value={label(c.field)}
                              style={NARROW}
                              selectedOptions={[c.field ?? "-"]}
                              onOptionSelect={(_, o) => setField(selected.sheet, c.column, o.optionValue === "-" ? null : (o.optionValue ?? null))}
                            >
                              <Option value="-">{s.pane.notUsed}</Option>
                              {fields.map((f) => (
                                <Option key={f.field} value={f.field}>
                                  {label(f.field)}
                                </Option>
                              ))}
                            </Dropdown>
                          </TableCell>
                          <TableCell>
                            <Text size={200}>{samples}</Text>
                          </TableCell>
                        </TableRow>
                      );
                    })}
                </TableBody>
              </Table>
            </>
          )}

          <Subtitle2 as="h2">{fill(s.pane.issues, { count: input.issues.length })}</Subtitle2>
          {input.issues.length === 0 ? (
            <Text>{s.pane.noIssues}</Text>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {input.issues.slice(0, 50).map((i, k) => (
                <li key={k}>
                  <Text size={200}>
                    {i.sheet ? `${i.sheet}${i.column && i.row ? `!${i.column}${i.row}` : ""}: ` : ""}
                    {issueMessage(i, lang)}
                  </Text>
                  {actions && i.sheet && i.row && (
                    <Button size="small" appearance="subtle" onClick={() => void actions.goToCell(i.sheet!, `${i.column ?? "A"}${i.row}`)}>
                      {s.pane.goToCell}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <div style={{ marginTop: 8 }}>
            {retailers.length ? (
              <Button appearance="primary" onClick={() => setStep("review")}>
                {s.pane.review}
              </Button>
            ) : (
              <Text>{s.pane.noSellOut}</Text>
            )}
          </div>
        </section>
      )}

      {input && step === "review" && (
        <section aria-label={s.pane.review} style={{ display: "flex", flexDirection: "column", gap: 8 }}>
          <Subtitle2 as="h2">{s.pane.review}</Subtitle2>
          <Field label={s.pane.retailer}>
            <Dropdown
              value={options.retailer ?? ""}
              selectedOptions={options.retailer ? [options.retailer] : []}
              onOptionSelect={(_, d) => setOptions({ ...options, retailer: d.optionValue ?? null })}
            >
              {retailers.map((r) => (
                <Option key={r} value={r}>
                  {r}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label={s.pane.period}>
            <Dropdown
              value={options.period ?? periods[0] ?? ""}
              selectedOptions={[options.period ?? periods[0] ?? ""]}
              onOptionSelect={(_, d) => setOptions({ ...options, period: d.optionValue ?? null })}
            >
              {periods.map((p, i) => (
                <Option key={p} value={p} text={p}>
                  {i === 0 ? `${p} (${s.pane.latestQuarter})` : p}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label={s.pane.compare}>
            <Dropdown
              value={options.compare === "yoy" ? s.pane.yoy : s.pane.pop}
              selectedOptions={[options.compare]}
              onOptionSelect={(_, d) => setOptions({ ...options, compare: d.optionValue === "pop" ? "pop" : "yoy" })}
            >
              <Option value="yoy">{s.pane.yoy}</Option>
              <Option value="pop">{s.pane.pop}</Option>
            </Dropdown>
          </Field>
          <Field label={s.pane.audience}>
            <Dropdown
              value={options.audience === "internal" ? s.pane.internal : s.pane.retailerCopy}
              selectedOptions={[options.audience]}
              onOptionSelect={(_, d) => setOptions({ ...options, audience: d.optionValue === "retailer" ? "retailer" : "internal" })}
            >
              <Option value="internal">{s.pane.internal}</Option>
              <Option value="retailer">{s.pane.retailerCopy}</Option>
            </Dropdown>
          </Field>
          <Field label={s.pane.language}>
            <Dropdown
              value={options.lang === "zh" ? "中文" : "English"}
              selectedOptions={[options.lang]}
              onOptionSelect={(_, d) => setOptions({ ...options, lang: d.optionValue === "zh" ? "zh" : "en" })}
            >
              <Option value="en">English</Option>
              <Option value="zh">中文</Option>
            </Dropdown>
          </Field>
          <Field label={s.pane.ownCompany}>
            <Input value={options.our} onChange={(_, d) => setOptions({ ...options, our: d.value })} />
          </Field>
          {writeSheets && (
            <Field label={s.pane.keepReviews} hint={s.pane.keepReviewsHint}>
              <SpinButton
                min={0}
                max={20}
                value={options.keepReviews}
                onChange={(_, d) => {
                  const v = d.value ?? Number(d.displayValue);
                  if (Number.isInteger(v) && v >= 0) setOptions({ ...options, keepReviews: Math.min(20, v) });
                }}
              />
            </Field>
          )}
          <div style={{ display: "flex", gap: 8 }}>
            <Button onClick={() => setStep("sources")}>{s.pane.back}</Button>
            <Button appearance="primary" onClick={() => void generate()} disabled={progress !== null || !options.retailer}>
              {s.pane.generate}
            </Button>
          </div>
        </section>
      )}

      {outcome && step === "results" && (
        <section aria-label={s.pane.results} style={{ display: "flex", flexDirection: "column", gap: 8 }}>
          <Subtitle2 as="h2">{s.pane.results}</Subtitle2>
          <Text>{outcome.model.title}</Text>
          <div style={{ display: "flex", flexWrap: "wrap", gap: 12 }}>
            {outcome.model.sections[0].kpis.map((k) => (
              <div key={k.id} style={{ minWidth: 120 }}>
                <Text size={200}>{k.label}</Text>
                <br />
                <Text weight="semibold" size={500}>
                  {formatValue(k.value, k.format, k.format === "money" ? outcome.model.currency : "")}
                </Text>
                {k.delta !== undefined && k.delta !== null && <Text size={200}> {formatValue(k.delta, k.deltaFormat ?? "number")}</Text>}
              </div>
            ))}
          </div>
          {outcome.sheets.length > 0 && (
            <>
              <Subtitle2 as="h3">{s.pane.sheetsWritten}</Subtitle2>
              <div style={{ display: "flex", flexWrap: "wrap", gap: 4 }}>
                {outcome.sheets.map((name) => (
                  <Button key={name} size="small" onClick={() => void actions?.activateSheet(name)}>
                    {name}
                  </Button>
                ))}
              </div>
              {actions &&
                (actions.canCreateWorkbook && outcome.retailerFile ? (
                  <Button onClick={() => void actions.createRetailerCopy(outcome.retailerFile!)}>{s.pane.createRetailerCopy}</Button>
                ) : (
                  <Text size={200}>{s.pane.retailerCopyNeeds18}</Text>
                ))}
            </>
          )}
          {save && (
            <>
              <Subtitle2 as="h3">{s.pane.downloads}</Subtitle2>
              <div style={{ display: "flex", flexWrap: "wrap", gap: 8 }}>
                {outcome.internalFile && <Button onClick={() => save(`${stem}.xlsx`, outcome.internalFile!, XLSX)}>{s.pane.downloadInternal}</Button>}
                {outcome.retailerFile && <Button onClick={() => save(`${stem}_retailer.xlsx`, outcome.retailerFile!, XLSX)}>{s.pane.downloadRetailer}</Button>}
                <Button onClick={() => save(`${stem}.json`, outcome.json, "application/json")}>{s.pane.downloadJson}</Button>
              </div>
            </>
          )}
          {outcome.model.sections.map((section) => {
            const table = section.tables.find((t) => t.rows.length > 0);
            return (
              <div key={section.id}>
                <Subtitle2 as="h3">{section.title}</Subtitle2>
                {table && (
                  <Table size="extra-small" aria-label={section.title}>
                    <TableHeader>
                      <TableRow>
                        {table.columns.slice(0, 6).map((c) => (
                          <TableHeaderCell key={c.key}>{c.header}</TableHeaderCell>
                        ))}
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {table.rows.slice(0, 8).map((r, i) => (
                        <TableRow key={i}>
                          {table.columns.slice(0, 6).map((c) => (
                            <TableCell key={c.key}>{cellText(r, c, outcome.model.currency)}</TableCell>
                          ))}
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                )}
              </div>
            );
          })}
          <Text size={200}>{fill(s.pane.doneIn, { seconds: outcome.seconds.toFixed(1) })}</Text>
          <div style={{ display: "flex", gap: 8 }}>
            <Button onClick={() => setStep("review")}>{s.pane.back}</Button>
            <Button onClick={() => void generate()} disabled={progress !== null}>
              {s.pane.regenerate}
            </Button>
          </div>
        </section>
      )}
    </main>
  );
}
