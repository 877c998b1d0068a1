/** The review as .xlsx bytes: ExcelJS writes sheets and tables, then the chart parts are added. */
import type { ReviewModel } from "../../engine";
import { addCharts } from "./charts";
import { RenderedWorkbook, renderReviewWorkbook } from "./render";

export async function reviewFileBytes(model: ReviewModel, created?: Date): Promise<{ bytes: Uint8Array; rendered: RenderedWorkbook }> {
  const rendered = renderReviewWorkbook(model, created);
  const buffer = await rendered.workbook.xlsx.writeBuffer();
  return { bytes: await addCharts(buffer as ArrayBuffer, rendered.charts), rendered };
}
