/**
 * Issues: every problem the engine finds, as a value the user can act on. An issue names the
 * sheet, Excel's row number and column letter, and carries a code and parameters; its message
 * is rendered in the user's language when shown, so one run can report in en-US or zh-CN.
 */
import { Lang, fill, strings } from "../../i18n";
import type { IssueCode } from "./issueCodes";

export type Severity = "error" | "warning" | "info";
export type { IssueCode };

export interface Issue {
  sheet: string | null;
  row: number | null;
  column: string | null;
  severity: Severity;
  code: IssueCode;
  params: Record<string, string | number>;
}

/** The shape of review-json.md: message already in the review's language. */
export interface IssueJson {
  sheet: string | null;
  row: number | null;
  column: string | null;
  severity: Severity;
  code: string;
  message: string;
}

export function issueMessage(issue: Issue, lang: Lang): string {
  return fill(strings(lang).issues[issue.code], issue.params);
}

export function issueJson(issue: Issue, lang: Lang): IssueJson {
  const { sheet, row, column, severity, code } = issue;
  return { sheet, row, column, severity, code, message: issueMessage(issue, lang) };
}

/** Listed one by one up to this many per sheet, column and code; the rest are counted. */
export const ISSUES_LISTED_PER_KIND = 20;

/**
 * Collects issues. A sheet with a bad column can yield a million identical issues; the log keeps
 * the first ones of each (sheet, column, code) and a count of the rest, so the user sees every
 * kind of problem without a million lines, and nothing is hidden (the counts reconcile).
 */
export class IssueLog {
  readonly listed: Issue[] = [];
  private readonly overflow = new Map<string, { sheet: string | null; column: string | null; code: IssueCode; severity: Severity; count: number }>();
  private readonly perKey = new Map<string, number>();

  add(issue: Issue): void {
    const key = `${issue.sheet}\u0000${issue.column}\u0000${issue.code}`;
    const seen = this.perKey.get(key) ?? 0;
    this.perKey.set(key, seen + 1);
    if (seen < ISSUES_LISTED_PER_KIND) {
      this.listed.push(issue);
      return;
    }
    const o = this.overflow.get(key);
    if (o) o.count++;
    else this.overflow.set(key, { sheet: issue.sheet, column: issue.column, code: issue.code, severity: issue.severity, count: 1 });
  }

  /** Listed issues followed by one "more like this" line per overflowing kind. */
  all(): Issue[] {
    const more: Issue[] = [...this.overflow.values()].map((o) => ({
      sheet: o.sheet,
      row: null,
      column: o.column,
      severity: o.severity,
      code: "more-like-this",
      params: { count: o.count, column: o.column ?? "", sheet: o.sheet ?? "", code: o.code },
    }));
    return [...this.listed, ...more];
  }
}
