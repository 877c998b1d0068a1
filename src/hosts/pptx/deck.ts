/**
 * The QBR deck as a .pptx: the third renderer of the review, translating the engine's deck plan
 * (engine/review/deck.ts) into PresentationML. Written part by part with JSZip rather than through a
 * deck library: the charts are the workbook's own DrawingML chart parts (hosts/xlsx/charts.ts, which
 * pass the ECMA-376 schemas) with their data in an embedded workbook, so a buyer's analyst can edit
 * them in PowerPoint; tables are native tables; every run of text carries its language and an East
 * Asian font, so Chinese never renders as boxes. Runs in Node and the browser.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { ACCENT, DeckPlan, DeckTable, ReviewModel, SlidePlan, layoutDeck } from "../../engine";
import { chartXml, escapeXml } from "../xlsx/charts";

const NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main";
const NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;

/** 16:9 in EMU (914,400 per inch): 13.333 × 7.5 in. */
const W = 12192000;
const H = 6858000;
const MARGIN = 457200;
const LATIN = "Calibri";
/** The East Asian font: Microsoft YaHei on Windows and Office for Mac; LibreOffice falls back to Noto CJK. */
const EAST_ASIAN = "Microsoft YaHei";
const GREY = "595959";
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

interface Run {
  text: string;
  size: number;
  bold?: boolean;
  color?: string;
}

/** A run with its language (zh-CN when it holds CJK characters) and both fonts. */
function runXml(r: Run, lang: string): string {
  const l = CJK.test(r.text) ? "zh-CN" : lang;
  return (
    `<a:r><a:rPr lang="${l}" altLang="en-US" sz="${Math.round(r.size * 100)}"${r.bold ? ' b="1"' : ""} dirty="0">` +
    `<a:solidFill><a:srgbClr val="${r.color ?? "000000"}"/></a:solidFill><a:latin typeface="${LATIN}"/><a:ea typeface="${EAST_ASIAN}"/><a:cs typeface="${LATIN}"/></a:rPr>` +
    `<a:t>${escapeXml(r.text)}</a:t></a:r>`
  );
}

function paragraphXml(runs: Run[], lang: string, opts: { align?: "l" | "r" | "ctr"; bullet?: boolean } = {}): string {
  const ppr = opts.bullet
    ? `<a:pPr marL="342900" indent="-342900"${opts.align ? ` algn="${opts.align}"` : ""}><a:spcBef><a:spcPts val="600"/></a:spcBef><a:buFont typeface="Arial"/><a:buChar char="•"/></a:pPr>`
    : opts.align
      ? `<a:pPr algn="${opts.align}"/>`
      : "";
  return `<a:p>${ppr}${runs.map((r) => runXml(r, lang)).join("")}</a:p>`;
}

class SlideWriter {
  private shapes: string[] = [];
  private nextId = 2;
  constructor(readonly lang: string) {}

  text(x: number, y: number, cx: number, cy: number, paragraphs: string[], anchor: "t" | "ctr" | "b" = "t"): void {
    const id = this.nextId++;
    this.shapes.push(
      `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="Text ${id}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>` +
        `<p:spPr><a:xfrm><a:off x="${x}" y="${y}"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>` +
        `<p:txBody><a:bodyPr wrap="square" lIns="0" rIns="0" anchor="${anchor}"><a:normAutofit/></a:bodyPr><a:lstStyle/>${paragraphs.join("")}</p:txBody></p:sp>`,
    );
  }

  rect(x: number, y: number, cx: number, cy: number, color: string): void {
    const id = this.nextId++;
    this.shapes.push(
      `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="Band ${id}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>` +
        `<p:spPr><a:xfrm><a:off x="${x}" y="${y}"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="${color}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>`,
    );
  }

  table(x: number, y: number, cx: number, t: DeckTable): void {
    const id = this.nextId++;
    // 0.33 in a row at 12 pt: 14 rows and the header fit between the title and the footer.
    const rowH = 300000;
    // Column widths by their longest value or header word (CJK counts double), a long text capped so
    // it wraps instead of squeezing the figures beside it, within the table's width.
    const len = (v: string) => [...v].reduce((a, ch) => a + (CJK.test(ch) ? 2 : 1), 0);
    const weight = t.columns.map((h, c) => 2 + Math.min(48, Math.max(6, ...h.split(/\s+/).map(len), ...t.rows.map((r) => len(r[c] ?? "")))));
    const total = weight.reduce((a, b) => a + b, 0);
    const widths = weight.map((w) => Math.floor((cx * w) / total));
    const cell = (text: string, opts: { header?: boolean; numeric: boolean; fill: string | null }) =>
      `<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>${paragraphXml([{ text, size: 12, bold: opts.header, color: opts.header ? "FFFFFF" : "000000" }], this.lang, { align: opts.numeric ? "r" : "l" })}</a:txBody>` +
      `<a:tcPr marL="68580" marR="68580" marT="34290" marB="34290">${opts.fill ? `<a:solidFill><a:srgbClr val="${opts.fill}"/></a:solidFill>` : ""}</a:tcPr></a:tc>`;
    const header = `<a:tr h="${rowH}">${t.columns.map((h, c) => cell(h, { header: true, numeric: t.numeric[c], fill: ACCENT })).join("")}</a:tr>`;
    const rows = t.rows
      .map(
        (r, i) =>
          `<a:tr h="${rowH}">${r.map((v, c) => cell(v, { numeric: t.numeric[c], fill: c === r.length - 1 && t.fills[i] ? t.fills[i] : i % 2 ? "F2F2F2" : null })).join("")}</a:tr>`,
      )
      .join("");
    this.shapes.push(
      `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="${id}" name="Table ${id}"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>` +
        `<p:xfrm><a:off x="${x}" y="${y}"/><a:ext cx="${cx}" cy="${rowH * (t.rows.length + 1)}"/></p:xfrm>` +
        `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1" bandRow="1"/>` +
        `<a:tblGrid>${widths.map((w) => `<a:gridCol w="${w}"/>`).join("")}</a:tblGrid>${header}${rows}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`,
    );
  }

  chart(x: number, y: number, cx: number, cy: number, rId: string): void {
    const id = this.nextId++;
    this.shapes.push(
      `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="${id}" name="Chart ${id}"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>` +
        `<p:xfrm><a:off x="${x}" y="${y}"/><a:ext cx="${cx}" cy="${cy}"/></p:xfrm>` +
        `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" r:id="${rId}"/></a:graphicData></a:graphic></p:graphicFrame>`,
    );
  }

  xml(): string {
    return (
      `${XML}<p:sld xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}"><p:cSld><p:spTree>` +
      `<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>` +
      `${this.shapes.join("")}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`
    );
  }
}

/** The chart's data as a workbook of its own (the cells the chart's series point at), embedded in the deck. */
async function embeddedWorkbook(slide: Extract<SlidePlan, { kind: "chart" }>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = wb.created;
  const ws = wb.addWorksheet(slide.chart.sheet);
  const t = slide.sheet.tables.find((x) => x.tableId === slide.chart.spec.tableId)!;
  // The header row and the table's cells, at the rows and columns of the review sheet the chart references.
  t.columns.forEach((h, c) => (ws.getCell(t.headerRow, t.firstColumn + c).value = h));
  for (const row of t.cells) for (const c of row) ws.getCell(c.row, c.col).value = c.value as ExcelJS.CellValue;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function rels(list: Array<{ id: string; type: string; target: string }>): string {
  return `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${list.map((r) => `<Relationship Id="${r.id}" Type="${REL}/${r.type}" Target="${r.target}"/>`).join("")}</Relationships>`;
}

function theme(): string {
  const fill = `<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>`;
  const line = `<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>`;
  return (
    `${XML}<a:theme xmlns:a="${NS_A}" name="KA Review"><a:themeElements>` +
    `<a:clrScheme name="KA Review"><a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="${ACCENT}"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>` +
    `<a:accent1><a:srgbClr val="${ACCENT}"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4>` +
    `<a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6><a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme>` +
    `<a:fontScheme name="KA Review"><a:majorFont><a:latin typeface="${LATIN}"/><a:ea typeface="${EAST_ASIAN}"/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="${LATIN}"/><a:ea typeface="${EAST_ASIAN}"/><a:cs typeface=""/></a:minorFont></a:fontScheme>` +
    `<a:fmtScheme name="KA Review"><a:fillStyleLst>${fill}${fill}${fill}</a:fillStyleLst><a:lnStyleLst>${line}${line}${line}</a:lnStyleLst>` +
    `<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>` +
    `<a:bgFillStyleLst>${fill}${fill}${fill}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>`
  );
}

const EMPTY_TREE = `<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree>`;

/** The deck of a review model (its audience decides what it carries), as .pptx bytes. */
export function reviewDeckBytes(model: ReviewModel): Promise<Uint8Array> {
  return deckBytes(layoutDeck(model));
}

/** The deck as .pptx bytes. */
export async function deckBytes(plan: DeckPlan): Promise<Uint8Array> {
  const zip = new JSZip();
  const lang = plan.lang === "zh" ? "zh-CN" : "en-US";
  const overrides: string[] = [];
  const slideRels: string[] = [];
  let chartNo = 0;
  for (const [i, slide] of plan.slides.entries()) {
    const n = i + 1;
    const s = new SlideWriter(lang);
    const list = [{ id: "rId1", type: "slideLayout", target: "../slideLayouts/slideLayout1.xml" }];
    // Every slide: an accent band, the title, and the footer with the page number.
    s.rect(0, 0, W, 91440, ACCENT);
    if (slide.kind === "title") {
      s.rect(0, 0, W, H, ACCENT);
      s.text(MARGIN * 2, H / 2 - 1300000, W - MARGIN * 4, 1600000, [paragraphXml([{ text: slide.title, size: 32, bold: true, color: "FFFFFF" }], lang)], "b");
      s.text(MARGIN * 2, H / 2 + 500000, W - MARGIN * 4, 600000, [paragraphXml([{ text: slide.subtitle, size: 16, color: "FFFFFF" }], lang)]);
    } else {
      s.text(MARGIN, 280000, W - 2 * MARGIN, 700000, [paragraphXml([{ text: slide.title, size: 24, bold: true, color: ACCENT }], lang)], "ctr");
      const top = 1150000;
      if (slide.kind === "kpis") {
        const tileW = Math.floor((W - 2 * MARGIN) / Math.max(1, slide.tiles.length));
        slide.tiles.forEach((t, k) =>
          s.text(MARGIN + k * tileW, top + 600000, tileW - 91440, 2400000, [
            paragraphXml([{ text: t.label, size: 14, color: GREY }], lang),
            paragraphXml([{ text: t.value, size: t.value.length > 9 ? 24 : 32, bold: true }], lang),
            ...(t.delta ? [paragraphXml([{ text: t.delta, size: 16, color: GREY }], lang)] : []),
          ]),
        );
      } else if (slide.kind === "bullets") {
        s.text(
          MARGIN,
          top,
          W - 2 * MARGIN,
          H - top - 900000,
          slide.bullets.map((b) => paragraphXml([{ text: b, size: 18 }], lang, { bullet: true })),
        );
      } else if (slide.kind === "table") {
        s.table(MARGIN, top, W - 2 * MARGIN, slide.table);
      } else if (slide.kind === "empty") {
        s.text(MARGIN, top + 1200000, W - 2 * MARGIN, 1000000, [paragraphXml([{ text: slide.message, size: 20, color: GREY }], lang, { align: "ctr" })], "ctr");
      } else if (slide.kind === "chart") {
        chartNo++;
        const rId = "rId2";
        list.push({ id: rId, type: "chart", target: `../charts/chart${chartNo}.xml` });
        // The workbook chart's XML, its language set, with its data in the embedded workbook.
        let xml = chartXml(slide.chart).replace(
          /<a:rPr lang="en-US" sz="1200" b="1"\/>/g,
          `<a:rPr lang="${CJK.test(slide.chart.spec.title) ? "zh-CN" : lang}" sz="1200" b="1"><a:latin typeface="${LATIN}"/><a:ea typeface="${EAST_ASIAN}"/></a:rPr>`,
        );
        xml = xml.replace(/<\/c:chartSpace>$/, `<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>`);
        zip.file(`ppt/charts/chart${chartNo}.xml`, xml);
        zip.file(`ppt/embeddings/Microsoft_Excel_Worksheet${chartNo}.xlsx`, await embeddedWorkbook(slide));
        zip.file(
          `ppt/charts/_rels/chart${chartNo}.xml.rels`,
          rels([{ id: "rId1", type: "package", target: `../embeddings/Microsoft_Excel_Worksheet${chartNo}.xlsx` }]),
        );
        overrides.push(
          `<Override PartName="/ppt/charts/chart${chartNo}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`,
        );
        s.chart(MARGIN, top, W - 2 * MARGIN, H - top - 700000, rId);
      }
    }
    if (slide.kind !== "title")
      s.text(MARGIN, H - 480000, W - 2 * MARGIN, 300000, [
        paragraphXml([{ text: `${plan.footer} · ${n} / ${plan.slides.length}`, size: 10, color: GREY }], lang),
      ]);
    zip.file(`ppt/slides/slide${n}.xml`, s.xml());
    zip.file(`ppt/slides/_rels/slide${n}.xml.rels`, rels(list));
    overrides.push(`<Override PartName="/ppt/slides/slide${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>`);
    slideRels.push(`<Relationship Id="rId${n + 10}" Type="${REL}/slide" Target="slides/slide${n}.xml"/>`);
  }

  zip.file(
    "[Content_Types].xml",
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      `<Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>` +
      `<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>` +
      `<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/>` +
      `<Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/>` +
      `<Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>` +
      `<Override PartName="/ppt/presProps.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presProps+xml"/>` +
      `<Override PartName="/ppt/viewProps.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.viewProps+xml"/>` +
      `<Override PartName="/ppt/tableStyles.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.tableStyles+xml"/>` +
      `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
      `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
      `${overrides.join("")}</Types>`,
  );
  zip.file(
    "_rels/.rels",
    rels([
      { id: "rId1", type: "officeDocument", target: "ppt/presentation.xml" },
      { id: "rId2", type: "extended-properties", target: "docProps/app.xml" },
    ]).replace(
      "</Relationships>",
      `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    ),
  );
  zip.file(
    "docProps/core.xml",
    `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${escapeXml(plan.title)}</dc:title><dc:creator>KA Review</dc:creator></cp:coreProperties>`,
  );
  zip.file(
    "docProps/app.xml",
    `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>KA Review</Application><Slides>${plan.slides.length}</Slides></Properties>`,
  );
  zip.file(
    "ppt/presentation.xml",
    `${XML}<p:presentation xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}" saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>` +
      `<p:sldIdLst>${plan.slides.map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 11}"/>`).join("")}</p:sldIdLst>` +
      `<p:sldSz cx="${W}" cy="${H}"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`,
  );
  zip.file(
    "ppt/_rels/presentation.xml.rels",
    rels([
      { id: "rId1", type: "slideMaster", target: "slideMasters/slideMaster1.xml" },
      { id: "rId2", type: "theme", target: "theme/theme1.xml" },
      { id: "rId3", type: "presProps", target: "presProps.xml" },
      { id: "rId4", type: "viewProps", target: "viewProps.xml" },
      { id: "rId5", type: "tableStyles", target: "tableStyles.xml" },
    ]).replace("</Relationships>", `${slideRels.join("")}</Relationships>`),
  );
  zip.file(
    "ppt/slideMasters/slideMaster1.xml",
    `${XML}<p:sldMaster xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}"><p:cSld><p:bg><p:bgPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>${EMPTY_TREE}</p:cSld>` +
      `<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>` +
      `<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>`,
  );
  zip.file(
    "ppt/slideMasters/_rels/slideMaster1.xml.rels",
    rels([
      { id: "rId1", type: "slideLayout", target: "../slideLayouts/slideLayout1.xml" },
      { id: "rId2", type: "theme", target: "../theme/theme1.xml" },
    ]),
  );
  zip.file(
    "ppt/slideLayouts/slideLayout1.xml",
    `${XML}<p:sldLayout xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}" type="blank" preserve="1"><p:cSld name="Blank">${EMPTY_TREE}</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>`,
  );
  zip.file("ppt/slideLayouts/_rels/slideLayout1.xml.rels", rels([{ id: "rId1", type: "slideMaster", target: "../slideMasters/slideMaster1.xml" }]));
  zip.file("ppt/theme/theme1.xml", theme());
  zip.file("ppt/presProps.xml", `${XML}<p:presentationPr xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}"/>`);
  zip.file("ppt/viewProps.xml", `${XML}<p:viewPr xmlns:a="${NS_A}" xmlns:r="${NS_R}" xmlns:p="${NS_P}"/>`);
  zip.file("ppt/tableStyles.xml", `${XML}<a:tblStyleLst xmlns:a="${NS_A}" def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>`);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}
