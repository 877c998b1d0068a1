/** The manifest's FunctionFile: the ribbon button only opens the pane, so no commands are registered. */
if (typeof Office !== "undefined") void Office.onReady();
