/**
 * Native Excel charts for an ExcelJS-written package. ExcelJS has no chart API, so this module adds
 * the DrawingML parts itself: xl/charts/chartN.xml (series referencing the sheet's own cells, with
 * cached values), xl/drawings/drawingN.xml anchoring them, the relationships and content types, and
 * a <drawing> element in each sheet. Runs in Node and the browser (JSZip).
 */
import JSZip from "jszip";
import type { ChartPlacement, ChartSeries } from "../../engine";
import { columnLetter } from "../../engine";
import { numberFormat } from "./render";

export type { ChartPlacement };

const NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
const REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing";
const CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
const CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml";
const PALETTE = ["1F4E79", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47"];

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** 'Market share'!$D$22:$D$29 — sheet names are always quoted, quotes doubled. */
export function rangeRef(sheet: string, col: number, firstRow: number, lastRow = firstRow): string {
  const c = columnLetter(col);
  const quoted = `'${sheet.replace(/'/g, "''")}'`;
  return firstRow === lastRow ? `${quoted}!$${c}$${firstRow}` : `${quoted}!$${c}$${firstRow}:$${c}$${lastRow}`;
}

function strCache(values: string[]): string {
  return `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(v)}</c:v></c:pt>`).join("")}</c:strCache>`;
}

function numCache(values: (number | null)[], formatCode: string): string {
  const pts = values.map((v, i) => (v === null || !Number.isFinite(v) ? "" : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join("");
  return `<c:numCache><c:formatCode>${escapeXml(formatCode)}</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

function seriesXml(p: ChartPlacement, s: ChartSeries, idx: number, kind: "bar" | "line", fill: string | null): string {
  const tx = `<c:tx><c:strRef><c:f>${escapeXml(rangeRef(p.sheet, s.headerCell.col, s.headerCell.row))}</c:f>${strCache([s.name])}</c:strRef></c:tx>`;
  const spPr =
    fill === null
      ? `<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`
      : kind === "line"
        ? `<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="${fill}"/></a:solidFill></a:ln></c:spPr>`
        : `<c:spPr><a:solidFill><a:srgbClr val="${fill}"/></a:solidFill></c:spPr>`;
  const cat = `<c:cat><c:strRef><c:f>${escapeXml(rangeRef(p.sheet, p.categories.col, p.categories.firstRow, p.categories.lastRow))}</c:f>${strCache(p.categories.values)}</c:strRef></c:cat>`;
  const val = `<c:val><c:numRef><c:f>${escapeXml(rangeRef(p.sheet, s.col, s.firstRow, s.lastRow))}</c:f>${numCache(s.values, numberFormat(s.format, p.currency) ?? "General")}</c:numRef></c:val>`;
  const head = `<c:ser><c:idx val="${idx}"/><c:order val="${idx}"/>${tx}${spPr}`;
  return kind === "line"
    ? `${head}<c:marker><c:symbol val="${fill === null ? "none" : "circle"}"/></c:marker>${cat}${val}<c:smooth val="0"/></c:ser>`
    : `${head}<c:invertIfNegative val="0"/>${cat}${val}</c:ser>`;
}

function axes(catId: number, valId: number, valFormat: string, opts: { secondary?: boolean; barDir?: "bar" | "col" } = {}): string {
  const horizontalBars = opts.barDir === "bar";
  const catPos = opts.secondary ? "b" : horizontalBars ? "l" : "b";
  const valPos = opts.secondary ? "r" : horizontalBars ? "b" : "l";
  return (
    `<c:catAx><c:axId val="${catId}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="${opts.secondary ? 1 : 0}"/><c:axPos val="${catPos}"/>` +
    `<c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="${opts.secondary ? "none" : "low"}"/><c:crossAx val="${valId}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="${valId}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${valPos}"/>${opts.secondary ? "" : "<c:majorGridlines/>"}` +
    `<c:numFmt formatCode="${escapeXml(valFormat)}" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="${catId}"/><c:crosses val="${opts.secondary ? "max" : "autoZero"}"/><c:crossBetween val="between"/></c:valAx>`
  );
}

const fmt = (p: ChartPlacement, s: ChartSeries) => numberFormat(s.format, p.currency) ?? "General";

/** Chart XML for one placement: line, column, bar (with corridor lines), Pareto, stacked-column waterfall. */
export function chartXml(p: ChartPlacement): string {
  const [first, ...rest] = p.series;
  let plot: string;
  switch (p.spec.type) {
    case "line":
      plot = `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${p.series.map((s, i) => seriesXml(p, s, i, "line", PALETTE[i % PALETTE.length])).join("")}<c:marker val="1"/><c:axId val="101"/><c:axId val="102"/></c:lineChart>${axes(101, 102, fmt(p, first))}`;
      break;
    case "pareto":
      // Values as columns on the primary axis, the cumulative share as a line on a secondary 0–100% axis.
      plot =
        `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${seriesXml(p, first, 0, "bar", PALETTE[0])}<c:gapWidth val="50"/><c:axId val="101"/><c:axId val="102"/></c:barChart>` +
        `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${rest.map((s, i) => seriesXml(p, s, i + 1, "line", PALETTE[1])).join("")}<c:marker val="1"/><c:axId val="201"/><c:axId val="202"/></c:lineChart>` +
        axes(101, 102, fmt(p, first)) +
        axes(201, 202, rest[0] ? fmt(p, rest[0]) : "0%", { secondary: true });
      break;
    case "bar":
      // The index as columns, the corridor's low and high as lines over them.
      plot =
        `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${seriesXml(p, first, 0, "bar", PALETTE[0])}<c:gapWidth val="60"/><c:axId val="101"/><c:axId val="102"/></c:barChart>` +
        `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${rest.map((s, i) => seriesXml(p, s, i + 1, "line", PALETTE[i + 1])).join("")}<c:marker val="1"/><c:axId val="101"/><c:axId val="102"/></c:lineChart>` +
        axes(101, 102, fmt(p, first));
      break;
    case "waterfall":
      // Stacked columns: an invisible base series and the visible step (toolchain.md: Excel's own
      // waterfall type needs ExcelApi 1.9 and its series API is unreliable).
      plot = `<c:barChart><c:barDir val="col"/><c:grouping val="stacked"/><c:varyColors val="0"/>${p.series.map((s, i) => seriesXml(p, s, i, "bar", i === 0 ? null : PALETTE[0])).join("")}<c:gapWidth val="50"/><c:overlap val="100"/><c:axId val="101"/><c:axId val="102"/></c:barChart>${axes(101, 102, fmt(p, first))}`;
      break;
    default:
      plot = `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${p.series.map((s, i) => seriesXml(p, s, i, "bar", PALETTE[i % PALETTE.length])).join("")}<c:gapWidth val="80"/><c:axId val="101"/><c:axId val="102"/></c:barChart>${axes(101, 102, fmt(p, first))}`;
  }
  const legend = p.spec.type === "waterfall" ? "" : `<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"><c:roundedCorners val="0"/><c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="en-US" sz="1200" b="1"/><a:t>${escapeXml(p.spec.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    `<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

function drawingXml(anchors: Array<{ p: ChartPlacement; rId: string; id: number }>): string {
  const body = anchors
    .map(
      ({ p, rId, id }) =>
        `<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>${p.from.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.from.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
        `<xdr:to><xdr:col>${p.to.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.to.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id + 1}" name="${escapeXml(p.spec.id)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" r:id="${rId}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="${NS_A}" xmlns:r="${NS_R}">${body}</xdr:wsDr>`;
}

function relsXml(rels: Array<{ id: string; type: string; target: string }>): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels
    .map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${escapeXml(r.target)}"/>`)
    .join("")}</Relationships>`;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Sheet name -> its part path ("xl/worksheets/sheet2.xml"), through workbook.xml and its relationships. */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /Id="([^"]+)"/.exec(m[0])?.[1];
    const target = /Target="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*\/>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const rid = /r:id="([^"]+)"/.exec(m[0])?.[1];
    if (name !== undefined && rid && targets.has(rid)) out.set(unescapeXml(name), targets.get(rid)!);
  }
  return out;
}

/** Add the charts to an .xlsx package (the bytes ExcelJS wrote) and return the new bytes. */
export async function addCharts(xlsx: Uint8Array | ArrayBuffer, charts: ChartPlacement[]): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(xlsx);
  if (charts.length === 0) return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  const parts = await sheetParts(zip);
  let contentTypes = await zip.file("[Content_Types].xml")!.async("string");
  const overrides: string[] = [];
  const bySheet = new Map<string, ChartPlacement[]>();
  for (const c of charts) bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), c]);

  let chartNo = 0;
  let drawingNo = 0;
  for (const [sheet, list] of bySheet) {
    const part = parts.get(sheet);
    if (!part) throw new Error(`chart on unknown sheet ${sheet}`);
    drawingNo++;
    const anchors = list.map((p, i) => {
      chartNo++;
      zip.file(`xl/charts/chart${chartNo}.xml`, chartXml(p));
      overrides.push(`<Override PartName="/xl/charts/chart${chartNo}.xml" ContentType="${CT_CHART}"/>`);
      return { p, rId: `rId${i + 1}`, id: i + 1, target: `../charts/chart${chartNo}.xml` };
    });
    zip.file(`xl/drawings/drawing${drawingNo}.xml`, drawingXml(anchors));
    zip.file(`xl/drawings/_rels/drawing${drawingNo}.xml.rels`, relsXml(anchors.map((a) => ({ id: a.rId, type: REL_CHART, target: a.target }))));
    overrides.push(`<Override PartName="/xl/drawings/drawing${drawingNo}.xml" ContentType="${CT_DRAWING}"/>`);

    // The sheet's relationships: keep ExcelJS's (tables), add the drawing.
    const dir = part.slice(0, part.lastIndexOf("/"));
    const file = part.slice(part.lastIndexOf("/") + 1);
    const relsPath = `${dir}/_rels/${file}.rels`;
    const existing = zip.file(relsPath) ? await zip.file(relsPath)!.async("string") : null;
    const rels: Array<{ id: string; type: string; target: string }> = [];
    if (existing) {
      for (const m of existing.matchAll(/<Relationship\b[^>]*\/>/g)) {
        rels.push({ id: /Id="([^"]+)"/.exec(m[0])![1], type: /Type="([^"]+)"/.exec(m[0])![1], target: unescapeXml(/Target="([^"]+)"/.exec(m[0])![1]) });
      }
    }
    const drawingRel = `rIdKaDrawing${drawingNo}`;
    rels.push({ id: drawingRel, type: REL_DRAWING, target: `../drawings/drawing${drawingNo}.xml` });
    zip.file(relsPath, relsXml(rels));

    // <drawing> goes after headerFooter and before legacyDrawing / tableParts / extLst (CT_Worksheet order).
    let xml = await zip.file(part)!.async("string");
    const element = `<drawing r:id="${drawingRel}"/>`;
    // Search from pageMargins on: an <extLst> inside a conditional format earlier in the sheet is not the sheet's own.
    const from = Math.max(xml.indexOf("<pageMargins"), xml.indexOf("</sheetData>"));
    const before = [
      "<legacyDrawing",
      "<legacyDrawingHF",
      "<drawingHF",
      "<picture",
      "<oleObjects",
      "<controls",
      "<webPublishItems",
      "<tableParts",
      "<extLst",
      "</worksheet>",
    ]
      .map((tag) => xml.indexOf(tag, from))
      .filter((i) => i >= 0);
    const at = Math.min(...before);
    xml = xml.slice(0, at) + element + xml.slice(at);
    if (!/xmlns:r=/.test(xml.slice(0, xml.indexOf(">", xml.indexOf("<worksheet"))))) xml = xml.replace("<worksheet ", `<worksheet xmlns:r="${NS_R}" `);
    zip.file(part, xml);
  }
  contentTypes = contentTypes.replace("</Types>", `${overrides.join("")}</Types>`);
  zip.file("[Content_Types].xml", contentTypes);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}
