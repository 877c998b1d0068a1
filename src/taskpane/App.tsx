/**
 * The task pane. It gets the host's reader as a prop (Excel's Office.js reader, or a file picked in a
 * plain browser) and never calls Office.js itself, so UI tests need no Office at all.
 */
import * as React from "react";
import {
  Button,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  ProgressBar,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from "@fluentui/react-components";
import { IngestResult, Review, ingestWorkbook, issueMessage, listRetailers, runReview, WorkbookGrids } from "../engine";
import { Lang, fill, strings } from "../i18n";

export interface ReadProgress {
  sheet: string;
  rowsRead: number;
  rowsTotal: number;
}

export type WorkbookSource =
  { kind: "excel"; read: (onProgress: (p: ReadProgress) => void) => Promise<WorkbookGrids> } | { kind: "file"; read: (file: File) => Promise<WorkbookGrids> };

export interface AppProps {
  lang: Lang;
  source: WorkbookSource;
}

const pct = (x: number | null) => (x === null ? "" : `${(x * 100).toFixed(1)}%`);
const pp = (x: number | null) => (x === null ? "" : `${x >= 0 ? "+" : ""}${x.toFixed(1)} pp`);
const money = (x: number | null) => (x === null ? "" : x.toLocaleString("en-US", { maximumFractionDigits: 0 }));

export function App({ lang, source }: AppProps): React.JSX.Element {
  const s = strings(lang);
  const [progress, setProgress] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [input, setInput] = React.useState<IngestResult | null>(null);
  const [retailer, setRetailer] = React.useState<string | null>(null);
  const [review, setReview] = React.useState<Review | null>(null);
  const fileInput = React.useRef<HTMLInputElement>(null);

  const load = async (read: () => Promise<WorkbookGrids>) => {
    setError(null);
    setReview(null);
    try {
      const grids = await read();
      const result = ingestWorkbook(grids);
      setInput(result);
      const sellOut = result.tables["sell-out"];
      setRetailer(sellOut ? (listRetailers(sellOut).retailers[0]?.name ?? null) : null);
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

  const readFile = (file: File | undefined) => {
    if (!file || source.kind !== "file") return;
    setProgress(fill(s.pane.readingFile, { file: file.name }));
    void load(() => source.read(file));
  };

  const showShare = () => {
    if (!input || !retailer) return;
    const res = runReview(input, { retailer });
    if (res.ok) {
      setReview(res.review);
      setError(null);
    } else {
      setError(
        fill(s.pane.cannotReview, {
          reason: res.issues
            .filter((i) => i.severity === "error")
            .map((i) => issueMessage(i, lang))
            .join(" "),
        }),
      );
    }
  };

  const retailers = input?.tables["sell-out"] ? listRetailers(input.tables["sell-out"]).retailers : [];
  const recBySheet = new Map(input?.reconciliation.map((r) => [r.sheet, r]) ?? []);

  return (
    <main style={{ display: "flex", flexDirection: "column", gap: 12, padding: 12 }}>
      <Text>{source.kind === "excel" ? s.pane.purpose : s.pane.standalonePurpose}</Text>
      {source.kind === "excel" ? (
        <Button appearance="primary" onClick={() => void readExcel()} disabled={progress !== null}>
          {s.pane.readWorkbook}
        </Button>
      ) : (
        <>
          <input
            ref={fileInput}
            type="file"
            accept=".xlsx"
            aria-label={s.pane.openWorkbook}
            style={{ display: "none" }}
            onChange={(e) => readFile(e.target.files?.[0])}
          />
          <Button appearance="primary" onClick={() => fileInput.current?.click()} disabled={progress !== null}>
            {s.pane.openWorkbook}
          </Button>
        </>
      )}
      {progress && (
        <Field validationMessage={progress} validationState="none">
          <ProgressBar />
        </Field>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {input && (
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
                return (
                  <TableRow key={d.sheet}>
                    <TableCell>{d.sheet}</TableCell>
                    <TableCell>{d.kind ? s.kinds[d.kind] : s.pane.notRecognised}</TableCell>
                    <TableCell>{d.kind ? `${Math.round(d.confidence * 100)}%` : ""}</TableCell>
                    <TableCell>{rec ? `${rec.rowsUsed.toLocaleString()} / ${rec.rowsRead.toLocaleString()}` : ""}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
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
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {retailers.length > 0 && (
        <section aria-label={s.pane.review}>
          <Subtitle2 as="h2">{s.pane.review}</Subtitle2>
          <Field label={s.pane.retailer}>
            <Dropdown value={retailer ?? ""} selectedOptions={retailer ? [retailer] : []} onOptionSelect={(_, d) => setRetailer(d.optionValue ?? null)}>
              {retailers.map((r) => (
                <Option key={r.key} value={r.name}>
                  {r.name}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Button onClick={showShare} style={{ marginTop: 8 }}>
            {s.pane.showShare}
          </Button>
        </section>
      )}
      {review && (
        <section aria-label={s.review.sections.marketShare}>
          <Subtitle2 as="h2">
            {s.review.sections.marketShare} · {review.context.retailer.name} · {review.context.P.key} vs {review.context.Pc.key}
          </Subtitle2>
          <Table size="small" aria-label={s.review.sections.marketShare}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{s.review.columns.category}</TableHeaderCell>
                <TableHeaderCell>{s.review.columns.ourValue}</TableHeaderCell>
                <TableHeaderCell>{s.review.columns.valueShare}</TableHeaderCell>
                <TableHeaderCell>{s.review.columns.shareChangePp}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {[{ category: s.review.levels.total, ...review.marketShare.total }, ...review.marketShare.byCategory].map((f) => (
                <TableRow key={f.category}>
                  <TableCell>{f.category}</TableCell>
                  <TableCell>{money(f.ourValue)}</TableCell>
                  <TableCell>{pct(f.valueShare)}</TableCell>
                  <TableCell>{pp(f.shareChangePp)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      )}
    </main>
  );
}
