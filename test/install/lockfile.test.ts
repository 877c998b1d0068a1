/**
 * The README promises `npm ci && npm run demo` on a machine with only Node 20 and npm. A package
 * with an install script (node-gyp, prebuild-install, a postinstall download) breaks that promise
 * where no compiler, system library or network download is available — as keytar did through
 * office-addin-debugging. The lock file says which packages run install scripts: none may be in the
 * default install. An optional one may (its failure does not fail `npm ci`), but none is needed today.
 */
import { readFileSync } from "fs";
import path from "path";

interface LockPackage {
  version?: string;
  hasInstallScript?: boolean;
  optional?: boolean;
  dev?: boolean;
}

const lock = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package-lock.json"), "utf8")) as { packages: Record<string, LockPackage> };

test("no package of the default install runs an install script (nothing compiles native code on npm ci)", () => {
  const scripted = Object.entries(lock.packages)
    .filter(([name, p]) => name !== "" && p.hasInstallScript && !p.optional)
    .map(([name, p]) => `${name.replace(/^.*node_modules\//, "")}@${p.version}`);
  expect(scripted).toEqual([]);
});

test("the lock file is the one npm ci reads (lockfileVersion 3, every package pinned)", () => {
  const raw = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package-lock.json"), "utf8")) as { lockfileVersion: number };
  expect(raw.lockfileVersion).toBe(3);
  const unpinned = Object.entries(lock.packages).filter(([name, p]) => name !== "" && !p.version && !name.includes("node_modules/.bin"));
  expect(unpinned.map(([n]) => n)).toEqual([]);
});
