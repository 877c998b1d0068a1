/** Review options: retailer, period, comparison, audience, language, own company, earlier reviews kept. */
import * as React from "react";
import { Button, Dropdown, Field, Input, Option, SpinButton, Subtitle2 } from "@fluentui/react-components";
import { Lang, strings } from "../../i18n";
import type { PaneOptions, PromoWeeks } from "../state";
import { usePaneStyles } from "../styles";

/** A period the data supports: its key, and its name in words ("L13W to 2026-08-29"). */
export interface PeriodChoice {
  key: string;
  label: string;
}

export interface OptionsStepProps {
  lang: Lang;
  options: PaneOptions;
  retailers: string[];
  /** The periods the data supports: the default first, then latest first. */
  periods: PeriodChoice[];
  /** In Excel: how many earlier reviews to keep beside the new one. */
  showKeep: boolean;
  /** The workbook's promotion options (Settings, else the defaults); null on monthly sell-out (no evaluation). */
  promoDefaults: PromoWeeks | null;
  busy: boolean;
  onChange: (patch: Partial<PaneOptions>) => void;
  onBack: () => void;
  onGenerate: () => void;
}

const PROMO_FIELDS: Array<{ key: keyof PromoWeeks; min: number; label: "promoBaseline" | "promoMin" | "promoPost" | "promoLookback" }> = [
  { key: "baselineWeeks", min: 1, label: "promoBaseline" },
  { key: "minBaselineWeeks", min: 1, label: "promoMin" },
  { key: "postWeeks", min: 0, label: "promoPost" },
  { key: "lookbackWeeks", min: 1, label: "promoLookback" },
];

export function OptionsStep({
  lang,
  options,
  retailers,
  periods,
  showKeep,
  promoDefaults,
  busy,
  onChange,
  onBack,
  onGenerate,
}: OptionsStepProps): React.JSX.Element {
  const s = strings(lang).pane;
  const styles = usePaneStyles();
  const period = options.period ?? periods[0]?.key ?? "";
  const labelOf = (key: string) => periods.find((p) => p.key === key)?.label ?? key;
  return (
    <section aria-label={s.review} className={styles.column}>
      <Subtitle2 as="h2">{s.review}</Subtitle2>
      <Field label={s.retailer}>
        <Dropdown
          value={options.retailer ?? ""}
          selectedOptions={options.retailer ? [options.retailer] : []}
          onOptionSelect={(_, d) => onChange({ retailer: d.optionValue ?? null })}
        >
          {retailers.map((r) => (
            <Option key={r} value={r}>
              {r}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label={s.period}>
        <Dropdown value={labelOf(period)} selectedOptions={[period]} onOptionSelect={(_, d) => onChange({ period: d.optionValue ?? null })}>
          {periods.map((p, i) => (
            <Option key={p.key} value={p.key} text={p.label}>
              {i === 0 ? `${p.label} (${s.latestQuarter})` : p.label}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label={s.compare}>
        <Dropdown
          value={options.compare === "yoy" ? s.yoy : s.pop}
          selectedOptions={[options.compare]}
          onOptionSelect={(_, d) => onChange({ compare: d.optionValue === "pop" ? "pop" : "yoy" })}
        >
          <Option value="yoy">{s.yoy}</Option>
          <Option value="pop">{s.pop}</Option>
        </Dropdown>
      </Field>
      <Field label={s.audience}>
        <Dropdown
          value={options.audience === "internal" ? s.internal : s.retailerCopy}
          selectedOptions={[options.audience]}
          onOptionSelect={(_, d) => onChange({ audience: d.optionValue === "retailer" ? "retailer" : "internal" })}
        >
          <Option value="internal">{s.internal}</Option>
          <Option value="retailer">{s.retailerCopy}</Option>
        </Dropdown>
      </Field>
      <Field label={s.language}>
        <Dropdown
          value={options.lang === "zh" ? "中文" : "English"}
          selectedOptions={[options.lang]}
          onOptionSelect={(_, d) => onChange({ lang: d.optionValue === "zh" ? "zh" : "en" })}
        >
          <Option value="en">English</Option>
          <Option value="zh">中文</Option>
        </Dropdown>
      </Field>
      <Field label={s.ownCompany}>
        <Input value={options.our} onChange={(_, d) => onChange({ our: d.value })} />
      </Field>
      {promoDefaults && (
        <fieldset className={styles.column}>
          <legend>{s.promoOptions}</legend>
          {PROMO_FIELDS.map((f) => (
            <Field key={f.key} label={s[f.label]}>
              <SpinButton
                min={f.min}
                max={104}
                value={options.promo[f.key] ?? promoDefaults[f.key]}
                onChange={(_, d) => {
                  const v = d.value ?? Number(d.displayValue);
                  if (Number.isInteger(v) && v >= f.min && v <= 104) onChange({ promo: { ...options.promo, [f.key]: v } });
                }}
              />
            </Field>
          ))}
        </fieldset>
      )}
      {showKeep && (
        <Field label={s.keepReviews} hint={s.keepReviewsHint}>
          <SpinButton
            min={0}
            max={20}
            value={options.keepReviews}
            onChange={(_, d) => {
              const v = d.value ?? Number(d.displayValue);
              if (Number.isInteger(v) && v >= 0) onChange({ keepReviews: Math.min(20, v) });
            }}
          />
        </Field>
      )}
      <div className={styles.row}>
        <Button onClick={onBack}>{s.back}</Button>
        <Button appearance="primary" onClick={onGenerate} disabled={busy || !options.retailer}>
          {s.generate}
        </Button>
      </div>
    </section>
  );
}
