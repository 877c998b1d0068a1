/**
 * A period named in words for titles and the pane's period choice: rolling spans and week-based periods
 * say which days they cover ("L13W to 2026-08-29", "MAT Sep 2025 – Aug 2026", "FY2027-Q2 (2026-05-03 –
 * 2026-08-01)"), since their keys alone do not; a month-based key (2026-Q3) speaks for itself.
 */
import type { Lang } from "../../i18n";
import { formatDay, ymdFromDay } from "../core/dates";
import type { Period } from "../core/periods";

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function monthWords(day: number, lang: Lang): string {
  const { year, month } = ymdFromDay(day);
  return lang === "zh" ? `${year}年${month}月` : `${MONTHS_EN[month - 1]} ${year}`;
}

function rollingLabel(p: Period, lang: Lang): string {
  const r = p.rolling!;
  if (r.kind === "MAT") return "MAT";
  if (r.kind === "YTD") return lang === "zh" ? "年初至今" : "YTD";
  if (lang === "zh") return r.unit === "month" ? `近${r.length}个月` : `近${r.length}周`;
  return `L${r.length}${r.unit === "month" ? "M" : "W"}`;
}

export function periodWords(p: Period, lang: Lang): string {
  if (p.rolling) {
    const label = rollingLabel(p, lang);
    if (p.rolling.unit === "month")
      return lang === "zh"
        ? `${label} ${monthWords(p.start, lang)}–${monthWords(p.end, lang)}`
        : `${label} ${monthWords(p.start, lang)} – ${monthWords(p.end, lang)}`;
    return lang === "zh" ? `截至${formatDay(p.end)}的${label}` : `${label} to ${formatDay(p.end)}`;
  }
  if (p.weeks !== null)
    return lang === "zh" ? `${p.key}（${formatDay(p.start)}至${formatDay(p.end)}）` : `${p.key} (${formatDay(p.start)} – ${formatDay(p.end)})`;
  return p.key;
}
