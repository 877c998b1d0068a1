/** Sources: the kind of each sheet, the columns of the chosen one, and every issue found, each with its cell. */
import * as React from "react";
import { Button, Dropdown, Option, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from "@fluentui/react-components";
import { INPUT_KINDS, cellDisplay, issueMessage, kindSpec } from "../../engine";
import type { InputKind, SheetGrid } from "../../engine";
import { Lang, fill, strings } from "../../i18n";
import type { IngestSummary } from "../../session/engineClient";
import { usePaneStyles } from "../styles";

export interface SourcesStepProps {
  lang: Lang;
  input: IngestSummary;
  /** The first rows of the chosen sheet (for the columns' samples). */
  selectedGrid: SheetGrid | null;
  selectedSheet: string | null;
  onSelectSheet: (sheet: string) => void;
  onSetKind: (sheet: string, kind: InputKind | "ignore") => void;
  onSetField: (sheet: string, column: string, field: string | null) => void;
  /** In Excel: select the cell an issue names. */
  onGoToCell?: (sheet: string, cell: string) => void;
  onNext: () => void;
}

export function SourcesStep(p: SourcesStepProps): React.JSX.Element {
  const { lang, input } = p;
  const s = strings(lang);
  const styles = usePaneStyles();
  const recBySheet = new Map(input.reconciliation.map((r) => [r.sheet, r]));
  const kindLabel = (k: InputKind | null) => (k ? s.kinds[k] : s.pane.notRecognised);
  const selected = input.detections.find((d) => d.sheet === p.selectedSheet) ?? null;
  return (
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
                  <Button appearance="transparent" size="small" onClick={() => p.onSelectSheet(d.sheet)} aria-pressed={d.sheet === p.selectedSheet}>
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
                      className={styles.narrow}
                      selectedOptions={[value]}
                      onOptionSelect={(_, o) => p.onSetKind(d.sheet, o.optionValue as InputKind | "ignore")}
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

      {selected && selected.kind && selected.kind !== "settings" && p.selectedGrid && (
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
                  const samples = p
                    .selectedGrid!.rows.slice(selected.headerIndex + 1, selected.headerIndex + 4)
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
                          className={styles.narrow}
                          selectedOptions={[c.field ?? "-"]}
                          onOptionSelect={(_, o) => p.onSetField(selected.sheet, c.column, o.optionValue === "-" ? null : (o.optionValue ?? null))}
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
        <ul className={styles.issues}>
          {input.issues.slice(0, 50).map((i, k) => (
            <li key={k}>
              <Text size={200}>
                {i.sheet ? `${i.sheet}${i.column && i.row ? `!${i.column}${i.row}` : ""}: ` : ""}
                {issueMessage(i, lang)}
              </Text>
              {p.onGoToCell && i.sheet && i.row && (
                <Button size="small" appearance="subtle" onClick={() => p.onGoToCell!(i.sheet!, `${i.column ?? "A"}${i.row}`)}>
                  {s.pane.goToCell}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div>
        {input.retailers.length ? (
          <Button appearance="primary" onClick={p.onNext}>
            {s.pane.review}
          </Button>
        ) : (
          <Text>{s.pane.noSellOut}</Text>
        )}
      </div>
    </section>
  );
}
