/**
 * Numbers written into sentences (key messages, opportunity formulas). Tables carry raw numbers
 * with Excel number formats instead; only prose needs text.
 */
import type { ValueFormat } from "./reviewModel";

export function formatValue(x: number | null, format: ValueFormat, currency = ""): string {
  if (x === null || !Number.isFinite(x)) return "–";
  const grouped = (v: number, digits: number) => v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  switch (format) {
    case "money":
      return `${currency ? currency + " " : ""}${grouped(x, 0)}`;
    case "share":
      return `${(x * 100).toFixed(1)}%`;
    case "pp":
      return `${x >= 0 ? "+" : ""}${x.toFixed(1)}`;
    case "pct":
      return `${x >= 0 ? "+" : ""}${x.toFixed(1)}%`;
    case "index":
      return x.toFixed(0);
    case "int":
      return grouped(x, 0);
    default:
      return grouped(x, 2);
  }
}
