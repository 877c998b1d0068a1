/**
 * Results at pane width (320–450 px): what a KA manager wants at a glance — the KPI tiles, the key
 * messages and the scorecard — then each section as a collapsed, compact preview (its label column
 * and its key figures, a few rows, one line per cell); the whole review is in the workbook.
 */
import * as React from "react";
import { Button, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from "@fluentui/react-components";
import { cellFormat, formatValue } from "../../engine";
import type { ReviewColumn, ReviewModel, ReviewTable } from "../../engine";
import type { PaneActions } from "../../contracts/pane";
import { Lang, fill, strings } from "../../i18n";
import { usePaneStyles } from "../styles";

export interface Outcome {
  retailer: string;
  period: string;
  model: ReviewModel;
  /** The retailer's copy of the model: what the QBR deck carries. */
  retailerModel: ReviewModel;
  internalFile: Uint8Array | null;
  retailerFile: Uint8Array | null;
  /** Sheets written into the open workbook (in Excel). */
  sheets: string[];
  json: string;
  seconds: number;
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PREVIEW_ROWS = 5;
const PREVIEW_COLUMNS = 3;

/** A preview cell as the workbook shows it (a row may carry its own format, as the scorecard does). */
export function cellText(row: Record<string, string | number | null>, column: ReviewColumn, currency: string): string {
  const v = row[column.key];
  if (typeof v !== "number") return String(v ?? "");
  const f = cellFormat(row, column);
  return formatValue(v, f, f === "money" ? currency : "");
}

/**
 * The columns that fit a pane: the table's label column, then its key figures — a share, then
 * money — else the next columns in order. Three columns of 100+ px each fit 320 px.
 */
export function previewColumns(table: ReviewTable, max = PREVIEW_COLUMNS): ReviewColumn[] {
  const [label, ...rest] = table.columns;
  if (!label) return [];
  const picked = [label];
  for (const format of ["share", "money", "pct", "index"] as const) {
    const c = rest.find((x) => x.format === format && !picked.includes(x));
    if (c && picked.length < max) picked.push(c);
  }
  for (const c of rest) if (picked.length < max && !picked.includes(c)) picked.push(c);
  return table.columns.filter((c) => picked.includes(c));
}

function Preview({ table, label, currency, rows = PREVIEW_ROWS }: { table: ReviewTable; label: string; currency: string; rows?: number }): React.JSX.Element {
  const styles = usePaneStyles();
  const cols = previewColumns(table);
  return (
    <Table size="extra-small" aria-label={label} className={styles.preview}>
      <TableHeader>
        <TableRow>
          {cols.map((c) => (
            <TableHeaderCell key={c.key} className={styles.cell} title={c.header}>
              {c.header}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {table.rows.slice(0, rows).map((r, i) => (
          <TableRow key={i}>
            {cols.map((c) => {
              const text = cellText(r, c, currency);
              return (
                <TableCell key={c.key} className={typeof r[c.key] === "number" ? styles.figure : styles.cell} title={text}>
                  {text}
                </TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export interface ResultsStepProps {
  lang: Lang;
  outcome: Outcome;
  /** The file name's stem for downloads ("KA-Review_Carrefour_2026-Q3"). */
  stem: string;
  busy: boolean;
  actions?: PaneActions;
  save?: (name: string, data: Uint8Array | string, mime: string) => void;
  /** Creates and hands over the retailer's QBR deck (.pptx); absent where no deck writer is loaded. */
  onCreateDeck?: () => void;
  onBack: () => void;
  onRegenerate: () => void;
}

export function ResultsStep({ lang, outcome, stem, busy, actions, save, onCreateDeck, onBack, onRegenerate }: ResultsStepProps): React.JSX.Element {
  const s = strings(lang);
  const styles = usePaneStyles();
  const model = outcome.model;
  const cover = model.sections[0];
  const scorecard = cover.tables.find((t) => t.id === "scorecard");
  const messages = cover.tables.find((t) => t.id === "keyMessages")?.rows.map((r) => String(r.message ?? "")) ?? [];
  return (
    <section aria-label={s.pane.results} className={styles.column}>
      <Subtitle2 as="h2">{s.pane.results}</Subtitle2>
      <Text>{model.title}</Text>
      <div className={styles.tiles}>
        {cover.kpis.map((k) => (
          <div key={k.id} className={styles.tile}>
            <Text size={200} className={styles.muted} truncate wrap={false} title={k.label}>
              {k.label}
            </Text>
            <Text weight="semibold" size={500}>
              {formatValue(k.value, k.format, k.format === "money" ? model.currency : "")}
            </Text>
            {k.delta !== undefined && k.delta !== null && <Text size={200}>{formatValue(k.delta, k.deltaFormat ?? "number")}</Text>}
          </div>
        ))}
      </div>
      {messages.length > 0 && (
        <>
          <Subtitle2 as="h3">{s.review.keyMessages}</Subtitle2>
          <ul className={styles.messages}>
            {messages.map((m, i) => (
              <li key={i}>
                <Text size={200}>{m}</Text>
              </li>
            ))}
          </ul>
        </>
      )}
      {scorecard && scorecard.rows.length > 0 && (
        <>
          <Subtitle2 as="h3">{s.review.scorecard}</Subtitle2>
          <Preview
            table={{ ...scorecard, columns: scorecard.columns.filter((c) => c.key === "kpi" || c.key === "actual" || c.key === "status") }}
            label={s.review.scorecard}
            currency={model.currency}
            rows={scorecard.rows.length}
          />
        </>
      )}
      {outcome.sheets.length > 0 && (
        <>
          <Subtitle2 as="h3">{s.pane.sheetsWritten}</Subtitle2>
          <div className={styles.row}>
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
          <div className={styles.row}>
            {outcome.internalFile && <Button onClick={() => save(`${stem}.xlsx`, outcome.internalFile!, XLSX)}>{s.pane.downloadInternal}</Button>}
            {outcome.retailerFile && <Button onClick={() => save(`${stem}_retailer.xlsx`, outcome.retailerFile!, XLSX)}>{s.pane.downloadRetailer}</Button>}
            <Button onClick={() => save(`${stem}.json`, outcome.json, "application/json")}>{s.pane.downloadJson}</Button>
          </div>
        </>
      )}
      {onCreateDeck && (
        <div className={styles.row}>
          <Button onClick={onCreateDeck} disabled={busy}>
            {s.pane.createDeck}
          </Button>
        </div>
      )}
      {model.sections.slice(1).map((section) => {
        const table = section.tables.find((t) => t.rows.length > 0);
        const cols = table ? previewColumns(table).length : 0;
        return (
          <details key={section.id} className={styles.section}>
            <summary className={styles.summary}>{table ? fill(s.pane.sectionRows, { title: section.title, rows: table.rows.length }) : section.title}</summary>
            {table ? (
              <>
                <Preview table={table} label={section.title} currency={model.currency} />
                <Text size={100} className={styles.muted}>
                  {fill(s.pane.previewNote, {
                    columns: cols,
                    allColumns: table.columns.length,
                    rows: Math.min(PREVIEW_ROWS, table.rows.length),
                    allRows: table.rows.length,
                  })}
                </Text>
              </>
            ) : (
              <Text size={200}>{s.pane.emptySection}</Text>
            )}
          </details>
        );
      })}
      <Text size={200}>{fill(s.pane.doneIn, { seconds: outcome.seconds.toFixed(1) })}</Text>
      <div className={styles.row}>
        <Button onClick={onBack}>{s.pane.back}</Button>
        <Button onClick={onRegenerate} disabled={busy}>
          {s.pane.regenerate}
        </Button>
      </div>
    </section>
  );
}
