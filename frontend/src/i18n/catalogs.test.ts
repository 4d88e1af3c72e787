import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogs } from "./catalogs";
import { UI_LANGUAGES } from ".";

const en = catalogs.en;

const ROLES = ["newcomer", "hr", "team_lead", "colleague", "admin"];
const PLURAL_SUFFIXES = ["_one", "_other"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") && !name.endsWith(".test.tsx") ? [path] : [];
  });
}

/** Every key the code asks for: literal t("a.b") calls, and template keys expanded over their values. */
function keysUsedInCode(): Set<string> {
  const used = new Set<string>();
  for (const file of sourceFiles(join(__dirname, ".."))) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) used.add(match[1]);
    for (const match of text.matchAll(/\bt\(\s*`([a-zA-Z0-9_.]*)\$\{[^}]+\}([a-zA-Z0-9_.]*)`/g)) {
      const [, before, after] = match;
      const candidates = Object.keys(en).filter((key) => key.startsWith(before) && key.endsWith(after));
      expect(candidates.length, `no catalog keys for ${before}…${after}`).toBeGreaterThan(0);
      if (before.startsWith("home.")) ROLES.forEach((role) => used.add(`${before}${role}${after}`));
    }
  }
  return used;
}

describe("UI catalogs", () => {
  it("exist for every interface language", () => {
    expect(Object.keys(catalogs).sort()).toEqual(UI_LANGUAGES.map((lang) => lang.code).sort());
  });

  it("have the same keys in every language", () => {
    for (const code of Object.keys(catalogs)) {
      expect(Object.keys(catalogs[code]).sort(), code).toEqual(Object.keys(en).sort());
    }
  });

  it("contain every key used in the code", () => {
    const catalog = new Set(Object.keys(en));
    const missing = [...keysUsedInCode()].filter(
      (key) => !catalog.has(key) && !PLURAL_SUFFIXES.some((suffix) => catalog.has(key + suffix)),
    );
    expect(missing).toEqual([]);
  });

  it("use the same placeholders in every language", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const code of Object.keys(catalogs)) {
      for (const [key, text] of Object.entries(en)) {
        expect(placeholders(catalogs[code][key] ?? ""), `${code}: ${key}`).toEqual(placeholders(text));
      }
    }
  });

  it("have a home page text for every role", () => {
    for (const role of ROLES) {
      expect(en).toHaveProperty(`home.${role}.title`);
      expect(en).toHaveProperty(`roles.${role}`);
    }
  });
});
