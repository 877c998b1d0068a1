/** The pane's styles: Fluent v9 tokens only, so the light, dark and high-contrast themes all hold. */
import { makeStyles, tokens } from "@fluentui/react-components";

export const usePaneStyles = makeStyles({
  main: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM, maxWidth: "760px" },
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  column: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  drop: {
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    alignItems: "stretch",
  },
  dropActive: { border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  hidden: { display: "none" },
  /** Fluent's Dropdown is 250 px wide by default; in a 320–450 px pane a table cell must hold it. */
  narrow: { minWidth: 0, width: "100%" },
  issues: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  tiles: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(128px, 1fr))", gap: tokens.spacingHorizontalS },
  tile: {
    display: "flex",
    flexDirection: "column",
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    minWidth: 0,
  },
  messages: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  /** Compact previews: fixed columns, one line per cell, the rest of a long text behind an ellipsis. */
  preview: { tableLayout: "fixed", width: "100%" },
  cell: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  figure: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", textAlign: "end" },
  section: { borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, paddingTop: tokens.spacingVerticalS },
  summary: { cursor: "pointer", fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  status: { whiteSpace: "nowrap" },
});
