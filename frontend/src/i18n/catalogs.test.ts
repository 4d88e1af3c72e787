import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogs } from "./catalogs";
import { UI_LANGUAGES } from ".";

const en = catalogs.en;

const ROLES = ["newcomer", "hr", "team_lead", "colleague", "admin"];
const PLURAL = /_(zero|one|two|few|many|other)$/;

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
    for (const match of text.matchAll(/\blabel:\s*"([a-zA-Z0-9_]+\.[a-zA-Z0-9_.]+)"/g)) used.add(match[1]);
    for (const match of text.matchAll(/\bt\(\s*`([a-zA-Z0-9_.]*)\$\{[^}]+\}([a-zA-Z0-9_.]*)`/g)) {
      const [, before, after] = match;
      const candidates = Object.keys(en).filter((key) => key.startsWith(before) && key.endsWith(after));
      expect(candidates.length, `no catalog keys for ${before}…${after}`).toBeGreaterThan(0);
      if (before.startsWith("home.")) ROLES.forEach((role) => used.add(`${before}${role}${after}`));
    }
  }
  return used;
}

/** The keys a language must have: English's, with each plural expanded to that language's forms. */
function expectedKeys(code: string): string[] {
  const forms = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
  const keys = new Set<string>();
  for (const key of Object.keys(en)) {
    if (PLURAL.test(key)) forms.forEach((form) => keys.add(key.replace(PLURAL, `_${form}`)));
    else keys.add(key);
  }
  return [...keys].sort();
}

/** translations/ui/_review.yaml: per language, the keys drafted by machine that wait for review. */
function draftedKeys(): Record<string, string[]> {
  const text = readFileSync(join(__dirname, "../../../translations/ui/_review.yaml"), "utf8");
  const result: Record<string, string[]> = {};
  let language = "";
  for (const line of text.split("\n")) {
    const header = line.match(/^([a-z]{2,3}):\s*$/);
    const item = line.match(/^\s+-\s+"?([^"\s#]+)"?\s*$/);
    if (header) result[(language = header[1])] = [];
    else if (item && language) result[language].push(item[1]);
  }
  return result;
}

describe("UI catalogs", () => {
  it("exist for every interface language", () => {
    expect(Object.keys(catalogs).sort()).toEqual(UI_LANGUAGES.map((lang) => lang.code).sort());
  });

  it("have the same keys in every language (plurals in each language's own forms)", () => {
    for (const code of Object.keys(catalogs)) {
      expect(Object.keys(catalogs[code]).sort(), code).toEqual(expectedKeys(code));
    }
  });

  it("contain every key used in the code", () => {
    const catalog = new Set(Object.keys(en));
    const missing = [...keysUsedInCode()].filter(
      (key) => !catalog.has(key) && !["_one", "_other"].some((suffix) => catalog.has(key + suffix)),
    );
    expect(missing).toEqual([]);
  });

  it("use the same placeholders in every language", () => {
    const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))].sort();
    for (const code of Object.keys(catalogs)) {
      for (const [key, text] of Object.entries(catalogs[code])) {
        const source = en[key] ?? en[key.replace(PLURAL, "_other")];
        expect(placeholders(text), `${code}: ${key}`).toEqual(placeholders(source));
      }
    }
  });

  it("have a home page text for every role", () => {
    for (const role of ROLES) {
      expect(en).toHaveProperty(`home.${role}.title`);
      expect(en).toHaveProperty(`roles.${role}`);
    }
  });

  it("list machine-drafted entries for review, and only entries that exist", () => {
    const drafted = draftedKeys();
    for (const [code, keys] of Object.entries(drafted)) {
      expect(Object.keys(catalogs), `_review.yaml names unknown language ${code}`).toContain(code);
      const stale = keys.filter((key) => !(key in catalogs[code]));
      expect(stale, `${code}: listed in _review.yaml but not in the catalog`).toEqual([]);
    }
    // Languages without a reviewed original (everything but English and Dutch) start fully listed.
    for (const { code } of UI_LANGUAGES.filter((lang) => !["en", "nl"].includes(lang.code))) {
      expect(drafted[code], `${code} is missing from _review.yaml`).toBeDefined();
    }
  });
});
