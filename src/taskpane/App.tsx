/**
 * The task pane: open or read a workbook → sources (kind per sheet, column mapping) → review options →
 * generate → results. It gets the host's reader, the file renderer and the saver as props and never
 * calls Office.js itself, so UI tests need no Office at all (the model of Office-Addin-TaskPane-React).
 * Each step is a component of its own (steps/); the pane's state is a pure reducer (state.ts); this
 * component only runs the asynchronous work (reading, ingesting, computing, writing) between them.
 */
import * as React from "react";
import { MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import { periodWords } from "../engine";
import type { ReviewModel } from "../engine";
import type { PaneActions } from "../contracts/pane";
import { type ReadResult, type WorkbookSource, isLoaded } from "../contracts/reading";
import { Lang, fill, strings } from "../i18n";
import { EngineClient, IngestSummary, LoadedWorkbook, gridsWorkbook, localEngine } from "../session/engineClient";
import { initialState, optionsFor, paneReducer, rememberedOptions } from "./state";
import { usePaneStyles } from "./styles";
import { OptionsStep, PeriodChoice } from "./steps/OptionsStep";
import { ProgressView } from "./steps/ProgressView";
import { Outcome, ResultsStep } from "./steps/ResultsStep";
import { SourcesStep } from "./steps/SourcesStep";
import { StartStep } from "./steps/StartStep";

export type { PaneActions, ReadResult, WorkbookSource };

export interface AppProps {
  lang: Lang;
  source: WorkbookSource;
  /** The .xlsx renderer (ExcelJS + charts); absent where the host writes sheets itself. */
  renderFile?: (model: ReviewModel) => Promise<Uint8Array>;
  /** The QBR deck writer (.pptx) and how the deck reaches the user (a download, in Excel too). */
  renderDeck?: (model: ReviewModel) => Promise<Uint8Array>;
  saveDeck?: (name: string, data: Uint8Array | string, mime: string) => void;
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

/** The periods the data supports (the engine's list: the latest complete quarter first, then latest first), named in words. */
export function periodChoices(input: IngestSummary | null, lang: Lang): PeriodChoice[] {
  return (input?.periods ?? []).map((p) => ({ key: p.key, label: periodWords(p, lang) }));
}

export function App({ lang, source, renderFile, renderDeck, saveDeck, save, writeSheets, actions, engine = localEngine }: AppProps): React.JSX.Element {
  // The pane speaks the user's display language; the review's own language is an option (Settings' by default).
  const s = strings(lang);
  const styles = usePaneStyles();
  const [state, dispatch] = React.useReducer(paneReducer, lang, initialState);
  const [book, setBook] = React.useState<LoadedWorkbook | null>(null);
  const [input, setInput] = React.useState<IngestSummary | null>(null);
  const [outcome, setOutcome] = React.useState<Outcome | null>(null);
  const [fileName, setFileName] = React.useState("workbook");
  /** The overrides `input` was computed with (JSON), so a change re-ingests once. */
  const inputKey = React.useRef("");
  const cancelled = React.useRef(false);
  const { step, overrides, options, progress, error } = state;
  const progressText = (text: string | null) => dispatch({ type: "progress", text });
  const errorText = (text: string | null) => dispatch({ type: "error", text });

  // Ingestion is a function of the workbook and the user's overrides: recomputed when either changes
  // (in the pane for grids it holds, in the file's worker for a picked file).
  React.useEffect(() => {
    const key = JSON.stringify(overrides);
    if (!book || key === inputKey.current) return;
    let live = true;
    progressText(s.pane.computing);
    book
      .ingest(overrides)
      .then((next) => {
        if (!live) return;
        inputKey.current = key;
        setInput(next);
      })
      .catch((e: unknown) => live && errorText(fill(s.pane.readError, { detail: e instanceof Error ? e.message : String(e) })))
      .finally(() => live && progressText(null));
    return () => {
      live = false;
    };
  }, [book, overrides, s]);
  const periods = React.useMemo(() => periodChoices(input, lang), [input, lang]);

  const load = async (read: () => Promise<ReadResult>) => {
    errorText(null);
    setOutcome(null);
    try {
      const result = await read();
      const loaded = isLoaded(result) ? result : gridsWorkbook(result, engine);
      const first = await loaded.ingest({});
      inputKey.current = JSON.stringify({});
      setBook(loaded);
      setInput(first);
      dispatch({
        type: "loaded",
        selectedSheet: first.detections.find((d) => d.kind === "sell-out")?.sheet ?? loaded.heads[0]?.name ?? null,
        // Options remembered in the document win over the defaults, where they still fit the data.
        options: optionsFor(
          actions?.loadOptions() ?? {},
          { retailers: first.retailers, ourCompany: first.settings.ourCompany, language: first.settings.language },
          options,
        ),
      });
    } catch (e) {
      // Readers name known file problems by a reason code; the sentence is ours, in the user's language.
      const reason = (e as { reason?: string }).reason;
      const known = reason && reason in s.pane.fileErrors ? s.pane.fileErrors[reason as keyof typeof s.pane.fileErrors] : null;
      errorText(known ?? fill(s.pane.readError, { detail: e instanceof Error ? e.message : String(e) }));
    } finally {
      progressText(null);
    }
  };

  const readExcel = () =>
    source.kind === "excel" &&
    void load(() =>
      source.read((p) => progressText(fill(s.pane.reading, { sheet: p.sheet, rows: p.rowsRead.toLocaleString(), total: p.rowsTotal.toLocaleString() }))),
    );

  /** Several files are one account (a portal's CSV, the master workbook, the contract). */
  const readFiles = (files: File[]) => {
    if (files.length === 0 || source.kind !== "file") return;
    setFileName(files[0].name.replace(/\.(xlsx|xlsm|xlsb|xls|csv|tsv|txt)$/i, ""));
    progressText(fill(s.pane.readingFile, { file: files.map((f) => f.name).join(", ") }));
    void load(() => source.read(files, (p) => progressText(fill(s.pane.readingRows, { sheet: p.sheet, rows: p.rows.toLocaleString() }))));
  };

  const cancel = () => {
    progressText(null);
    errorText(s.pane.cancelled);
  };

  const generate = async () => {
    if (!input || !book || !options.retailer) return;
    cancelled.current = false;
    errorText(null);
    actions?.saveOptions(rememberedOptions(options));
    const t0 = Date.now();
    progressText(s.pane.computing);
    // Let the progress bar paint before the work starts.
    await new Promise((r) => setTimeout(r, 0));
    // The review is computed in a Web Worker (the engine client, or the picked file's worker) with the user's overrides.
    const res = await book.review({
      overrides,
      run: {
        retailer: options.retailer,
        period: options.period ?? undefined,
        compare: options.compare,
        ourCompany: options.our || undefined,
        promotions: options.promo,
      },
      lang: options.lang,
      uiLang: lang,
      audience: options.audience,
    });
    if (!res.ok) {
      progressText(null);
      errorText(fill(s.pane.cannotReview, { reason: res.errors.join(" ") }));
      return;
    }
    const model = res.model;
    let internalFile: Uint8Array | null = null;
    let retailerFile: Uint8Array | null = null;
    if (renderFile) {
      // The internal file is only for downloading; in Excel the review is written as sheets instead.
      if (options.audience === "internal" && save) {
        progressText(fill(s.pane.writing, { what: s.pane.downloadInternal }));
        internalFile = await renderFile(model);
      }
      if (cancelled.current) return cancel();
      progressText(fill(s.pane.writing, { what: s.pane.downloadRetailer }));
      retailerFile = await renderFile(res.retailerModel);
    }
    let sheets: string[] = [];
    if (writeSheets) {
      sheets = await writeSheets(
        model,
        (sheet) => progressText(fill(s.pane.writing, { what: sheet })),
        () => cancelled.current,
        { keepReviews: options.keepReviews },
      );
    }
    if (cancelled.current) return cancel();
    setOutcome({
      retailer: res.retailer,
      period: res.period,
      model,
      retailerModel: res.retailerModel,
      internalFile,
      retailerFile,
      sheets,
      json: res.json,
      seconds: (Date.now() - t0) / 1000,
    });
    progressText(null);
    dispatch({ type: "go", step: "results" });
  };

  const stem = outcome ? `KA-Review_${outcome.retailer}_${outcome.period}`.replace(/[^\p{L}\p{N}_-]+/gu, "-") : fileName;
  const busy = progress !== null;

  return (
    <main className={styles.main}>
      <Text>{source.kind === "excel" ? s.pane.purpose : s.pane.standalonePurpose}</Text>
      <StartStep
        lang={lang}
        host={source.kind}
        unsupported={source.kind === "excel" && !!actions && !actions.supported}
        busy={busy}
        onReadWorkbook={readExcel}
        onCreateTemplates={actions ? () => void actions.createTemplates(lang).then((sheets) => dispatch({ type: "templates", sheets })) : undefined}
        onFiles={readFiles}
      />
      {progress && <ProgressView lang={lang} text={progress} onCancel={step === "review" ? () => (cancelled.current = true) : undefined} />}
      {state.templates && (
        <MessageBar intent="success">
          <MessageBarBody>{fill(s.pane.templatesAdded, { sheets: state.templates.join(", ") })}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {input && step === "sources" && (
        <SourcesStep
          lang={lang}
          input={input}
          selectedSheet={state.selectedSheet}
          selectedGrid={book?.heads.find((g) => g.name === state.selectedSheet) ?? null}
          onSelectSheet={(sheet) => dispatch({ type: "select-sheet", sheet })}
          onSetKind={(sheet, kind) => dispatch({ type: "set-kind", sheet, kind })}
          onSetField={(sheet, column, field) =>
            dispatch({ type: "set-field", sheet, column, field, detectedKind: input.detections.find((x) => x.sheet === sheet)?.kind ?? null })
          }
          onGoToCell={actions ? (sheet, cell) => void actions.goToCell(sheet, cell) : undefined}
          onNext={() => dispatch({ type: "go", step: "review" })}
        />
      )}
      {input && step === "review" && (
        <OptionsStep
          lang={lang}
          options={options}
          retailers={input.retailers}
          periods={periods}
          showKeep={!!writeSheets}
          promoDefaults={input.weekData ? input.settings.promo : null}
          busy={busy}
          onChange={(patch) => dispatch({ type: "set-options", patch })}
          onBack={() => dispatch({ type: "go", step: "sources" })}
          onGenerate={() => void generate()}
        />
      )}
      {outcome && step === "results" && (
        <ResultsStep
          lang={lang}
          outcome={outcome}
          stem={stem}
          busy={busy}
          actions={actions}
          save={save}
          onCreateDeck={
            renderDeck && saveDeck
              ? () =>
                  void renderDeck(outcome.retailerModel).then(
                    (bytes) => saveDeck(`${stem}_deck.pptx`, bytes, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
                    (e: unknown) => errorText(e instanceof Error ? e.message : String(e)),
                  )
              : undefined
          }
          onBack={() => dispatch({ type: "go", step: "review" })}
          onRegenerate={() => void generate()}
        />
      )}
    </main>
  );
}
