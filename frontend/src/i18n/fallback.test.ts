/**
 * The interface language's fallback chain as a newcomer meets it: their own setting, then the last
 * choice on this phone, then the browser's languages in order (by base language, any case), then
 * English; and the catalog each language loads. Found by mutation testing (docs/testing.md).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { applyLanguage, pickLanguage, UI_LANGUAGES } from ".";
import { catalogs } from "./catalogs";
import { loadCatalog } from "./loader";
import { LATER } from "./parts";

describe("pickLanguage", () => {
  beforeEach(() => localStorage.clear());

  it("puts the person's setting before the last choice on this phone", () => {
    applyLanguage("pl");
    expect(pickLanguage("ro", ["nl"])).toBe("ro");
    expect(pickLanguage(null, ["nl"])).toBe("pl");
    expect(pickLanguage(undefined, ["nl"])).toBe("pl");
  });

  it("skips a setting it does not know and takes the next in the chain", () => {
    applyLanguage("bg");
    expect(pickLanguage("hi", ["nl"])).toBe("bg");
    localStorage.clear();
    expect(pickLanguage("hi", ["hi-IN", "ar-MA", "nl"])).toBe("ar");
  });

  it("matches the base language in any case", () => {
    expect(pickLanguage("PL-pl", [])).toBe("pl");
    expect(pickLanguage(null, ["TR"])).toBe("tr");
    expect(pickLanguage(null, ["uk-UA"])).toBe("uk");
  });

  it("takes English when nothing in the chain is known, or the chain is empty", () => {
    expect(pickLanguage(null, [])).toBe("en");
    expect(pickLanguage("", ["", "-"])).toBe("en");
  });

  it("offers every interface language with its own name and direction", () => {
    expect(UI_LANGUAGES.map((lang) => lang.code)).toEqual(["en", "nl", "pl", "ro", "bg", "uk", "tr", "ar"]);
    expect(UI_LANGUAGES.filter((lang) => lang.dir === "rtl").map((lang) => lang.code)).toEqual(["ar"]);
  });
});

describe("loadCatalog", () => {
  it("gives each language, English too, from its own files, in a first part and the rest", async () => {
    const englishCatalog = await loadCatalog("en");
    const rest = await loadCatalog("en", LATER);
    expect(englishCatalog["shell.nav.today"]).toBeTruthy();
    expect(englishCatalog["settings.card.title"]).toBeUndefined();
    expect(rest["settings.card.title"]).toBeTruthy();
    expect({ ...englishCatalog, ...rest }).toEqual(catalogs.en);
    const polish = await loadCatalog("pl");
    const dutch = await loadCatalog("nl");
    const key = "shell.nav.today";
    expect(englishCatalog[key]).toBeTruthy();
    expect(polish[key]).toBeTruthy();
    expect(polish[key]).not.toBe(englishCatalog[key]);
    expect(dutch[key]).not.toBe(polish[key]);
    expect(Object.keys(polish).length).toBeGreaterThan(100);
  });

  it("gives an empty catalog for a language it has no files for", async () => {
    expect(await loadCatalog("xx")).toEqual({});
  });
});
