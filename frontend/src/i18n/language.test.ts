import { beforeEach, describe, expect, it } from "vitest";
import { applyLanguage, pickLanguage } from ".";
import { formatDate, formatNumber } from "./format";

describe("pickLanguage", () => {
  beforeEach(() => localStorage.clear());

  it("follows the user's setting first", () => {
    expect(pickLanguage("nl", ["en-GB"])).toBe("nl");
  });

  it("then the browser, matching on the base language", () => {
    expect(pickLanguage(null, ["hi-IN", "nl-BE", "en"])).toBe("nl");
    expect(pickLanguage(null, ["uk-UA", "en"])).toBe("uk");
  });

  it("turns the page right to left for Arabic, and back", () => {
    applyLanguage("ar");
    expect(document.documentElement.dir).toBe("rtl");
    expect(document.documentElement.lang).toBe("ar");
    applyLanguage("tr");
    expect(document.documentElement.dir).toBe("ltr");
  });

  it("falls back to English for unknown languages", () => {
    expect(pickLanguage("xx", ["tlh"])).toBe("en");
  });

  it("remembers the last choice made on this device", () => {
    applyLanguage("nl");
    expect(pickLanguage(null, ["en-GB"])).toBe("nl");
    expect(document.documentElement.lang).toBe("nl");
  });
});

describe("formatting follows the language", () => {
  it("formats dates in Dutch and English", () => {
    const date = "2026-03-05T10:00:00Z";
    expect(formatDate(date, "nl")).toBe("5 mrt 2026");
    expect(formatDate(date, "en-GB")).toBe("5 Mar 2026");
    expect(formatDate(date, "tr")).toBe("5 Mar 2026");
    expect(formatDate(date, "uk")).toMatch(/^5 бер\.? 2026/);
  });

  it("groups thousands the Dutch way", () => {
    expect(formatNumber(12345.5, "nl")).toBe("12.345,5");
    expect(formatNumber(12345.5, "en")).toBe("12,345.5");
    expect(formatNumber(12345.5, "pl").replace(/\s/g, " ")).toBe("12 345,5");
  });
});
