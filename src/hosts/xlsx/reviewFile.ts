/** The review as .xlsx bytes: ExcelJS writes sheets and tables, then the chart parts are added. */
import type { EarlierReview, ReviewModel } from "../../engine";
import { addCharts } from "./charts";
import { fixInternalLinks } from "./links";
import { RenderedWorkbook, renderReviewWorkbook } from "./render";

export async function reviewFileBytes(
  model: ReviewModel,
  created?: Date,
  earlier: EarlierReview[] = [],
  reserved: string[] = [],
): Promise<{ bytes: Uint8Array; rendered: RenderedWorkbook }> {
  const rendered = renderReviewWorkbook(model, created, earlier, reserved);
  const buffer = await rendered.workbook.xlsx.writeBuffer();
  return { bytes: await addCharts(await fixInternalLinks(buffer as ArrayBuffer), rendered.charts), rendered };
}
