/**
 * Products and Stores as the other sheets are resolved against them: the product index sell-out rows
 * are completed from, and codes as the user wrote them (leading zeros Excel dropped, a float's ".0").
 */
import { PackSize, parsePackSize } from "../core/pack";
import { Table, tableRows } from "../core/table";

export interface ProductInfo {
  sku: string;
  name: string | null;
  manufacturer: string | null;
  brand: string | null;
  category: string | null;
  segment: string | null;
  pack: PackSize | null;
  ours: boolean | null;
  unitCost: number | null;
  listPrice: number | null;
}

export const SKU_FIELDS = ["sku", "ourSku", "competitorSku"];

export function digitIndex(codes: Iterable<string>): Map<string, string> {
  const m = new Map<string, string>();
  for (const code of codes) if (/^\d+$/.test(code)) m.set(code.replace(/^0+(?=\d)/, ""), code);
  return m;
}

export function storeCodes(t: Table): Set<string> {
  const out = new Set<string>();
  for (const r of tableRows(t)) if (r.text.store) out.add(r.text.store);
  return out;
}

/**
 * A whole-number code in the form a float gives it: "6901234500001.0" (a number pasted through a
 * float), "6.901234500001E+12" (Excel's scientific display, pasted as text). The digits it stands for,
 * or null when the text is not such a form (or is not a whole number: then it is not a code).
 */
export function codeFromFloatForm(text: string): string | null {
  let m = /^(\d+)\.0+$/.exec(text);
  if (m) return m[1];
  m = /^(\d)(?:\.(\d+))?E\+?(\d{1,2})$/i.exec(text);
  if (!m) return null;
  const digits = m[1] + (m[2] ?? "");
  const exp = Number(m[3]);
  if (digits.length - 1 > exp) return null; // a fraction: not a whole-number code
  return (digits + "0".repeat(exp - (digits.length - 1))).replace(/^0+(?=\d)/, "");
}

export function productIndex(t: Table): Map<string, ProductInfo> {
  const map = new Map<string, ProductInfo>();
  for (const r of tableRows(t)) {
    const sku = r.text.sku!;
    map.set(sku, {
      sku,
      name: r.text.productName,
      manufacturer: r.text.manufacturer,
      brand: r.text.brand,
      category: r.text.category,
      segment: r.text.segment,
      pack: parsePackSize(r.text.packSize, r.text.packUnit),
      ours: r.num.ours === null ? null : r.num.ours === 1,
      unitCost: r.num.unitCost,
      listPrice: r.num.listPrice,
    });
  }
  return map;
}
