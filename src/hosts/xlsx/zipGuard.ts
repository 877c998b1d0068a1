/**
 * A bound on what an .xlsx may expand to, checked before any XML is parsed: a "zip bomb" (a few KB
 * that inflate to gigabytes) must end in a message, not in an exhausted machine. Reads the zip's
 * central directory (declared sizes), and for entries compressed suspiciously well, inflates them
 * with a hard output limit to catch a directory that lies.
 */
import { inflateRawSync } from "zlib";

export const MAX_UNCOMPRESSED_BYTES = 2 * 1024 ** 3; // 2 GiB: a full 1,048,576-row sheet is well under
export const SUSPICIOUS_RATIO = 200; // sheet XML compresses 5–50×; bombs compress 1000× and more

export type ZipVerdict = { ok: true; uncompressed: number; entries: number } | { ok: false; reason: "not-zip" | "too-large" | "bomb"; uncompressed?: number };

export function checkZip(buf: Uint8Array): ZipVerdict {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  // End of central directory: the last 0x06054b50 within the final 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65_557); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: "not-zip" };
  const count = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  let total = 0;
  for (let e = 0; e < count; e++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) return { ok: false, reason: "not-zip" };
    const method = b.readUInt16LE(p + 10);
    const compressed = b.readUInt32LE(p + 20);
    const uncompressed = b.readUInt32LE(p + 24);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) return { ok: false, reason: "too-large" }; // zip64: > 4 GiB
    total += uncompressed;
    if (total > MAX_UNCOMPRESSED_BYTES) return { ok: false, reason: "too-large", uncompressed: total };
    if (method === 8 && compressed > 0 && uncompressed / compressed > SUSPICIOUS_RATIO && uncompressed > 1024 ** 2) {
      // Inflate with a hard limit: more output than declared means the directory lies.
      if (local + 30 > b.length || b.readUInt32LE(local) !== 0x04034b50) return { ok: false, reason: "not-zip" };
      const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
      try {
        inflateRawSync(b.subarray(start, start + compressed), { maxOutputLength: uncompressed + 1 });
      } catch {
        return { ok: false, reason: "bomb", uncompressed: total };
      }
      if (uncompressed / compressed > 1000) return { ok: false, reason: "bomb", uncompressed: total };
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, uncompressed: total, entries: count };
}
