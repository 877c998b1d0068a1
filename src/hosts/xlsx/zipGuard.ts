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

export function checkZip(buf: Uint8Array): ZipVerdict {
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
  if (eocd < 0) return { ok: false, reason: "not-zip" };
  const count = u16(eocd + 10);
  let p = u32(eocd + 16);
  let total = 0;
  for (let e = 0; e < count; e++) {
    if (p + 46 > buf.length || u32(p) !== 0x02014b50) return { ok: false, reason: "not-zip" };
    const method = u16(p + 10);
    const compressed = u32(p + 20);
    const uncompressed = u32(p + 24);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    const local = u32(p + 42);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) return { ok: false, reason: "too-large" }; // zip64: > 4 GiB
    total += uncompressed;
    if (total > MAX_UNCOMPRESSED_BYTES) return { ok: false, reason: "too-large", uncompressed: total };
    if (method === 8 && compressed > 0 && uncompressed > 1024 ** 2 && uncompressed / compressed > SUSPICIOUS_RATIO) {
      if (uncompressed / compressed > BOMB_RATIO) return { ok: false, reason: "bomb", uncompressed: total };
      if (local + 30 > buf.length || u32(local) !== 0x04034b50) return { ok: false, reason: "not-zip" };
      const start = local + 30 + u16(local + 26) + u16(local + 28);
      if (!inflatesWithin(buf.subarray(start, start + compressed), uncompressed)) return { ok: false, reason: "bomb", uncompressed: total };
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, uncompressed: total, entries: count };
}
