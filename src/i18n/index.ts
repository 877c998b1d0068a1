/** The two languages of KA Review and a tiny template filler ("{name}" placeholders). */
import { en, Strings } from "./en";
import { zh } from "./zh";

export type Lang = "en" | "zh";
export type { Strings };

export function strings(lang: Lang): Strings {
  return lang === "zh" ? zh : en;
}

export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Accepts en, en-US, zh, zh-CN, zh-Hans, 中文; anything else is English. */
export function parseLang(value: string | undefined | null): Lang {
  if (!value) return "en";
  const v = value.trim().toLowerCase();
  return v.startsWith("zh") || v === "中文" || v === "chinese" ? "zh" : "en";
}
