/** The first step: read the open workbook (Excel), or pick or drop the account's files (a plain browser). */
import * as React from "react";
import { Button, MessageBar, MessageBarBody, Text, mergeClasses } from "@fluentui/react-components";
import { Lang, strings } from "../../i18n";
import { usePaneStyles } from "../styles";

export interface StartStepProps {
  lang: Lang;
  host: "excel" | "file";
  /** Excel too old for the add-in (ExcelApi 1.7 missing). */
  unsupported: boolean;
  busy: boolean;
  onReadWorkbook?: () => void;
  onCreateTemplates?: () => void;
  onFiles?: (files: File[]) => void;
}

export function StartStep({ lang, host, unsupported, busy, onReadWorkbook, onCreateTemplates, onFiles }: StartStepProps): React.JSX.Element {
  const s = strings(lang).pane;
  const styles = usePaneStyles();
  const fileInput = React.useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = React.useState(false);
  if (host === "excel") {
    if (unsupported)
      return (
        <MessageBar intent="warning">
          <MessageBarBody>{s.unsupportedExcel}</MessageBarBody>
        </MessageBar>
      );
    return (
      <div className={styles.row}>
        <Button appearance="primary" onClick={onReadWorkbook} disabled={busy}>
          {s.readWorkbook}
        </Button>
        {onCreateTemplates && (
          <Button onClick={onCreateTemplates} disabled={busy}>
            {s.createTemplates}
          </Button>
        )}
      </div>
    );
  }
  const files = (list: FileList | null | undefined) => onFiles?.(list ? Array.from(list) : []);
  return (
    <>
      <input
        ref={fileInput}
        type="file"
        accept=".xlsx,.xlsm,.xls,.xlsb,.csv,.tsv,.txt"
        multiple
        aria-label={s.openWorkbook}
        className={styles.hidden}
        onChange={(e) => files(e.target.files)}
      />
      <div
        role="region"
        aria-label={s.dropHere}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          files(e.dataTransfer.files);
        }}
        className={mergeClasses(styles.drop, dragging && styles.dropActive)}
      >
        <Button appearance="primary" onClick={() => fileInput.current?.click()} disabled={busy}>
          {s.openWorkbook}
        </Button>
        <Text size={200} align="center">
          {s.dropHere}
        </Text>
      </div>
    </>
  );
}
