/**
 * A bound on what an .xlsx may expand to, checked before any XML is parsed: a "zip bomb" (a few KB
 * that inflate to gigabytes) must end in a message, not in an exhausted machine. Reads the zip's
 * central directory (declared sizes) and, for entries compressed suspiciously well, inflates them
 * with a byte counter that stops at the declared size, to catch a directory that lies. Pure
 * TypeScript over Uint8Array (fflate), so the browser's file reader runs the same check.
 */
import { Inflate } from "fflate";

export const MAX_UNCOMPRESSED_BYTES = 2 * 1024 ** 3; // 2 GiB: a full 1,048,576-row sheet is well under
export const SUSPICIOUS_RATIO = 200; // sheet XML compresses 5–50×; bombs compress 1000× and more
export const BOMB_RATIO = 1000;

export type ZipVerdict = { ok: true; uncompressed: number; entries: number } | { ok: false; reason: "not-zip" | "too-large" | "bomb"; uncompressed?: number };

/** Inflate raw deflate data, failing as soon as the output passes `limit` bytes. */
function inflatesWithin(data: Uint8Array, limit: number): boolean {
  let produced = 0;
  let over = false;
  const inflate = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > limit) over = true;
  });
  const step = 64 * 1024;
  try {
    for (let i = 0; i < data.length && !over; i += step) inflate.push(data.subarray(i, i + step), i + step >= data.length);
  } catch {
    return false;
  }
  return !over;
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressed: number;
  uncompressed: number;
  /** Offset of the entry's data (after its local header). */
  dataStart: number;
}

/**
 * The zip's central directory: every entry with its declared sizes and where its data starts.
 * "not-zip" when there is no readable directory (not a zip, truncated); "zip64" for an entry over 4 GiB.
 */
export function zipDirectory(buf: Uint8Array): ZipEntry[] | "not-zip" | "zip64" {
  if (buf.length < 22) return "not-zip";
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const u32 = (i: number) => v.getUint32(i, true);
  const u16 = (i: number) => v.getUint16(i, true);
  // End of central directory: the last 0x06054b50 within the final 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (u32(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return "not-zip";
  const count = u16(eocd + 10);
  let p = u32(eocd + 16);
  const names = new TextDecoder("utf-8");
  const out: ZipEntry[] = [];
  for (let e = 0; e < count; e++) {
    if (p + 46 > buf.length || u32(p) !== 0x02014b50) return "not-zip";
    const nameLen = u16(p + 28);
    const local = u32(p + 42);
    const compressed = u32(p + 20);
    const uncompressed = u32(p + 24);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) return "zip64";
    if (local + 30 > buf.length || u32(local) !== 0x04034b50) return "not-zip";
    out.push({
      name: names.decode(buf.subarray(p + 46, p + 46 + nameLen)),
      method: u16(p + 10),
      compressed,
      uncompressed,
      dataStart: local + 30 + u16(local + 26) + u16(local + 28),
    });
    p += 46 + nameLen + u16(p + 30) + u16(p + 32);
  }
  return out;
}

export function checkZip(buf: Uint8Array): ZipVerdict {
  const entries = zipDirectory(buf);
  // A zip64 entry (over 4 GiB) is refused as too large; anything else unreadable is not a zip.
  if (entries === "zip64") return { ok: false, reason: "too-large" };
  if (entries === "not-zip") return { ok: false, reason: "not-zip" };
  let total = 0;
  for (const e of entries) {
    total += e.uncompressed;
    if (total > MAX_UNCOMPRESSED_BYTES) return { ok: false, reason: "too-large", uncompressed: total };
    if (e.method === 8 && e.compressed > 0 && e.uncompressed > 1024 ** 2 && e.uncompressed / e.compressed > SUSPICIOUS_RATIO) {
      if (e.uncompressed / e.compressed > BOMB_RATIO) return { ok: false, reason: "bomb", uncompressed: total };
      if (!inflatesWithin(buf.subarray(e.dataStart, e.dataStart + e.compressed), e.uncompressed)) return { ok: false, reason: "bomb", uncompressed: total };
    }
  }
  return { ok: true, uncompressed: total, entries: entries.length };
}
