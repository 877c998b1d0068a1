import { IngestResult, InputKind, tableRows } from "../../../src/engine";
export { ISSUES_LISTED_PER_KIND, issueMessage } from "../../../src/engine";

export function tableRowsOf(r: IngestResult, kind: InputKind) {
  const t = r.tables[kind];
  if (!t) throw new Error(`no ${kind} table`);
  return tableRows(t);
}
