/**
 * Links between sheets of the review file. ExcelJS writes an internal link ("#'Cover 2026-Q2'!A1")
 * both as an external relationship and as a location that keeps the "#", which Excel does not resolve
 * as a place in the workbook. The part is rewritten as Excel itself writes such a link: a `location`
 * (sheet and cell, no "#") and no relationship.
 */
import JSZip from "jszip";

export async function fixInternalLinks(xlsx: Uint8Array | ArrayBuffer): Promise<Uint8Array | ArrayBuffer> {
  const zip = await JSZip.loadAsync(xlsx);
  let changed = false;
  for (const path of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/[^/]+\.xml$/.test(p))) {
    const xml = await zip.file(path)!.async("string");
    if (!xml.includes('location="#')) continue;
    const dropped: string[] = [];
    const fixed = xml.replace(/<hyperlink\b([^>]*?)\sr:id="([^"]+)"([^>]*?)\slocation="#([^"]*)"/g, (_m, a: string, id: string, b: string, loc: string) => {
      dropped.push(id);
      return `<hyperlink${a}${b} location="${loc}"`;
    });
    zip.file(path, fixed);
    const relsPath = path.replace(/([^/]+)$/, "_rels/$1.rels");
    const rels = zip.file(relsPath) ? await zip.file(relsPath)!.async("string") : null;
    if (rels)
      zip.file(
        relsPath,
        rels.replace(/<Relationship\b[^>]*\/>/g, (r) => (dropped.includes(/Id="([^"]+)"/.exec(r)?.[1] ?? "") ? "" : r)),
      );
    changed = true;
  }
  return changed ? zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }) : xlsx;
}
