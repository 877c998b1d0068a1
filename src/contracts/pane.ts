/**
 * The contract between the task pane and its Excel host, below both: `hosts/office` implements it,
 * `taskpane` uses it, and neither imports the other for it.
 */
import type { Lang } from "../i18n";

/** What the Excel host offers the pane (src/hosts/office/actions.ts implements it). */
export interface PaneActions {
  supported: boolean;
  canCreateWorkbook: boolean;
  goToCell(sheet: string, cell: string): Promise<void>;
  activateSheet(name: string): Promise<void>;
  createTemplates(lang: Lang): Promise<string[]>;
  createRetailerCopy(xlsx: Uint8Array): Promise<void>;
  loadOptions(): Record<string, unknown> | null;
  saveOptions(options: Record<string, unknown>): void;
}
