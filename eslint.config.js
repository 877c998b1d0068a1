// ESLint 9 flat config: Office's add-in rules (load/sync misuse of Office.js, via
// eslint-plugin-office-addins from office-addin-lint) with its TypeScript parser and prettier,
// extended from .ts to the task pane's .tsx files.
const officeAddins = require("eslint-plugin-office-addins");

const recommended = officeAddins.configs.recommended.map((c) => (c.files ? { ...c, files: ["**/*.{js,mjs,cjs,ts,cts,mts,tsx}"] } : c));

module.exports = [
  { ignores: ["dist/**", "out/**", "coverage/**", "node_modules/**", "*.config.js"] },
  ...recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { ecmaVersion: 2022, parser: require("@typescript-eslint/parser") },
    rules: {
      "no-undef": "off", // TypeScript checks names with real types (tsc --noEmit runs in lint)
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
];
