/** The standalone pane's reader: an .xlsx picked from disk, parsed in the browser by the same reader as the command line's. */
import type { WorkbookGrids } from "../../engine";
import { xlsxToGrids } from "../xlsx/xlsxStream";
import { checkZip } from "../xlsx/zipGuard";

/** The same guard as the command line's: a file that is not a zip, or would inflate past 2 GB, is refused. */
export class PickedFileError extends Error {
  constructor(readonly reason: "not-zip" | "too-large" | "bomb" | "corrupt" | "password" | "csv-encoding" | "csv-ambiguous" | "csv-mixed") {
    super(reason);
  }
}

/** Read a picked file's bytes with `read`, behind the zip guard; any reading failure is "corrupt". */
export function readPicked<T>(bytes: Uint8Array, read: (bytes: Uint8Array) => T): T {
  const verdict = checkZip(bytes);
  if (!verdict.ok) throw new PickedFileError(verdict.reason);
  try {
    return read(bytes);
  } catch (e) {
    if (e instanceof PickedFileError) throw e;
    throw new PickedFileError("corrupt");
  }
}

export async function readPickedFile(file: Blob): Promise<WorkbookGrids> {
  return readPicked(new Uint8Array(await file.arrayBuffer()), xlsxToGrids);
}
