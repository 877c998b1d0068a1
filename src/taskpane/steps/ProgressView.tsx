/** What the pane is doing now, with a way to stop a review being written. */
import * as React from "react";
import { Button, Field, ProgressBar } from "@fluentui/react-components";
import { Lang, strings } from "../../i18n";

export function ProgressView({ lang, text, onCancel }: { lang: Lang; text: string; onCancel?: () => void }): React.JSX.Element {
  const s = strings(lang).pane;
  return (
    <Field validationMessage={text} validationState="none">
      <ProgressBar aria-label={text} />
      {onCancel && (
        <Button size="small" onClick={onCancel}>
          {s.cancel}
        </Button>
      )}
    </Field>
  );
}
