/**
 * The import graph keeps its layers: nothing imports upward. Across src/, the order is
 *   engine (and i18n) ← contracts, session ← hosts ← taskpane, cli ← tools
 * (sample data sits beside the hosts); inside the engine, concept folders import only their own
 * folder and those below it: core ← ingest ← analytics ← terms ← review. The only way up is i18n's
 * type-only import of the engine's issue-code list. The test reads every import of every file in src/.
 */
import { readFileSync, readdirSync, statSync } from "fs";
import path from "path";

const SRC = path.join(__dirname, "../../src");
const LAYER: Record<string, number> = { engine: 0, i18n: 0, contracts: 1, session: 1, hosts: 2, sample: 2, taskpane: 3, cli: 3, tools: 4 };
const ENGINE: Record<string, number> = { core: 0, ingest: 1, analytics: 2, terms: 3, review: 4 };

function files(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.tsx?$/.test(f)) out.push(p);
  }
  return out;
}

/** Every relative import (static or dynamic, value or type) of a file, resolved to a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) out.push(path.relative(SRC, path.resolve(path.dirname(file), m[1])));
  return out;
}

const top = (rel: string) => rel.split(path.sep)[0].replace(/\.tsx?$/, "");

test("no file in src/ imports a layer above its own", () => {
  const up: string[] = [];
  const all = files(SRC);
  for (const file of all) {
    const from = path.relative(SRC, file);
    for (const to of importsOf(file)) {
      const a = top(from);
      const b = top(to);
      if (!(a in LAYER) || !(b in LAYER)) continue;
      if (a === "i18n" && to.startsWith(path.join("engine", "core", "issueCodes"))) continue;
      if (a === "i18n" && b === "engine") up.push(`${from} → ${to}`);
      else if (LAYER[b] > LAYER[a]) up.push(`${from} → ${to}`);
      else if (a === "hosts" && b === "sample") up.push(`${from} → ${to}`);
    }
  }
  expect(all.length).toBeGreaterThan(60);
  expect(up).toEqual([]);
});

test("inside the engine, a concept folder imports only its own folder and those below it", () => {
  const up: string[] = [];
  for (const file of files(path.join(SRC, "engine"))) {
    const from = path.relative(path.join(SRC, "engine"), file).split(path.sep);
    if (from.length < 2) continue; // the entry (index.ts) sits above every folder
    for (const to of importsOf(file)) {
      const parts = to.split(path.sep);
      if (parts[0] !== "engine" || parts.length < 3) continue;
      if (ENGINE[parts[1]] > ENGINE[from[0]]) up.push(`engine/${from.join("/")} → ${to}`);
    }
  }
  expect(up).toEqual([]);
});

test("the check sees an upward import when there is one", () => {
  // The rule itself, on a made-up pair: a host importing the pane is upward.
  expect(LAYER[top(path.join("taskpane", "App"))] > LAYER[top(path.join("hosts", "office", "actions.ts"))]).toBe(true);
  expect(importsOf(path.join(SRC, "taskpane", "App.tsx")).some((p) => p.startsWith("engine"))).toBe(true);
});
