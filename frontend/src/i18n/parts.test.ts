/**
 * The first screens render before the rest of the catalog has arrived (parts.ts): a key they use
 * from the rest would show as the key itself. This follows their static imports and checks every
 * catalog key the code names there.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogPart, FIRST, FIRST_SCREEN_FILES } from "./parts";

const SRC = join(__dirname, "..");
const UI = join(SRC, "../../translations/ui/en");
// What renders with the first part only: the shell, the log-in pages, the home and its panels.
const FIRST_SCREENS = [
  "main.tsx",
  "features/home/HomePage.tsx",
  "features/checklists/DueNextPanel.tsx",
  "features/auth/LoginPage.tsx",
  "features/auth/PasswordResetPages.tsx",
  "features/auth/AcceptInvitationPage.tsx",
];
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Each English key (plural forms folded) and the catalog file it lives in. */
function keyFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(UI).filter((file) => file.endsWith(".json"))) {
    for (const key of Object.keys(JSON.parse(readFileSync(join(UI, name), "utf8")) as object)) {
      files.set(key.replace(PLURAL, ""), name.replace(/\.json$/, ""));
    }
  }
  return files;
}

/** The source files a module pulls in by static imports (type-only imports and CSS left out). */
function staticGraph(roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^;]*?\bfrom\s+)?"(\.[^"]+)"/gm)) {
      const base = resolve(dirname(file), match[1]);
      const found = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"].map((ext) => base + ext).find((path) => existsSync(path) && !path.endsWith(".css") && /\.tsx?$/.test(path));
      if (found) visit(found);
    }
  };
  roots.forEach((root) => visit(join(SRC, root)));
  return [...seen];
}

describe("the first part of the catalog", () => {
  it("holds every key the first screens name", () => {
    const files = keyFiles();
    const graph = staticGraph(FIRST_SCREENS);
    expect(graph.length).toBeGreaterThan(20); // the walk found the shell, not just the roots
    const outside: string[] = [];
    for (const path of graph) {
      const text = readFileSync(path, "utf8");
      const named = [...text.matchAll(/["'`]((?:[a-z][A-Za-z0-9]*\.)+[A-Za-z0-9_]+)["'`]/g)].map((m) => m[1].replace(PLURAL, ""));
      const prefixes = [...text.matchAll(/\bt\(\s*`((?:[a-z][A-Za-z0-9]*\.)+)\$\{/g)].map((m) => m[1]);
      for (const key of named) {
        const file = files.get(key);
        if (file && !FIRST_SCREEN_FILES.includes(file)) outside.push(`${path.slice(SRC.length)}: ${key} (${file}.json)`);
      }
      for (const prefix of prefixes) {
        for (const [key, file] of files) {
          if (key.startsWith(prefix) && !FIRST_SCREEN_FILES.includes(file)) outside.push(`${path.slice(SRC.length)}: ${key} (${file}.json)`);
        }
      }
    }
    expect(outside).toEqual([]);
  });

  it("is told apart by the file's name, in every language", () => {
    expect(catalogPart("/x/translations/ui/nl/app.json")).toEqual({ language: "nl", namespace: FIRST });
    expect(catalogPart("/x/translations/ui/ar/settings.json")?.namespace).not.toBe(FIRST);
    expect(catalogPart("/x/src/i18n/index.ts")).toBeNull();
  });
});
