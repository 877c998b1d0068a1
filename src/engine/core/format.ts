/**
 * Numbers written into sentences (key messages, opportunity formulas). Tables carry raw numbers
 * with Excel number formats instead; only prose needs text.
 */
/** Who a figure is for: the retailer copy carries the retailer sections only. */
export type Audience = "retailer" | "internal";

/** How a figure is shown: money in the workbook currency, share as %, pp with sign, index without decimals. */
/** ratio: a plain multiple with two decimals (an ROI of 0.57; break-even 1.00). */
export type ValueFormat = "text" | "money" | "share" | "pp" | "pct" | "index" | "int" | "number" | "date" | "ratio";

export type CellValue = string | number | null;

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
    case "ratio":
      return x.toFixed(2);
    default:
      return grouped(x, 2);
  }
}
