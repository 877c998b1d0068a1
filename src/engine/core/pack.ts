/**
 * Pack sizes to base units, so a 500 g and a 1 kg pack compare per kg:
 * g/克 -> kg, kg/千克/公斤 -> kg, ml/毫升 -> L, L/升 -> L, pcs/个/包/片/支/袋/瓶/罐/盒 -> piece.
 * Multipacks "6x330ml" / "6×330毫升" count the whole pack (1.98 L).
 */
import { foldWidth } from "./coerce";

export type BaseUnit = "kg" | "L" | "piece";

export interface PackSize {
  /** Pack content in base units (0.5 for a 500 g pack, base kg). */
  amount: number;
  base: BaseUnit;
}

const UNITS: Record<string, { base: BaseUnit; factor: number }> = {
  g: { base: "kg", factor: 0.001 },
  gram: { base: "kg", factor: 0.001 },
  grams: { base: "kg", factor: 0.001 },
  克: { base: "kg", factor: 0.001 },
  kg: { base: "kg", factor: 1 },
  千克: { base: "kg", factor: 1 },
  公斤: { base: "kg", factor: 1 },
  ml: { base: "L", factor: 0.001 },
  毫升: { base: "L", factor: 0.001 },
  l: { base: "L", factor: 1 },
  ltr: { base: "L", factor: 1 },
  litre: { base: "L", factor: 1 },
  liter: { base: "L", factor: 1 },
  升: { base: "L", factor: 1 },
  pcs: { base: "piece", factor: 1 },
  pc: { base: "piece", factor: 1 },
  piece: { base: "piece", factor: 1 },
  pieces: { base: "piece", factor: 1 },
  个: { base: "piece", factor: 1 },
  包: { base: "piece", factor: 1 },
  片: { base: "piece", factor: 1 },
  支: { base: "piece", factor: 1 },
  袋: { base: "piece", factor: 1 },
  瓶: { base: "piece", factor: 1 },
  罐: { base: "piece", factor: 1 },
  盒: { base: "piece", factor: 1 },
  只: { base: "piece", factor: 1 },
};

/** Read "500g", "1.5 L", "6x330ml", or a size with its unit in a separate cell. */
export function parsePackSize(size: string | number | null, unit?: string | null): PackSize | null {
  if (size === null || size === undefined) return null;
  const text = foldWidth(`${size}${unit ?? ""}`)
    .toLowerCase()
    .replace(/\s+/g, "");
  const m = /^(?:(\d+(?:\.\d+)?)[x×*])?(\d+(?:\.\d+)?)([a-z\u4e00-\u9fff]+)$/.exec(text);
  if (!m) return null;
  const u = UNITS[m[3]];
  if (!u) return null;
  const count = m[1] ? Number(m[1]) : 1;
  const amount = count * Number(m[2]) * u.factor;
  return amount > 0 ? { amount, base: u.base } : null;
}
