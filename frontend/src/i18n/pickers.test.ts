import { describe, expect, it } from "vitest";
import { countryChoices, languageChoices } from "./format";

describe("pickers", () => {
  it("name countries and languages in the reader's language, sorted by name", () => {
    const countries = countryChoices("nl");
    expect(countries.find((c) => c.code === "PL")?.name).toBe("Polen");
    expect(countries.some((c) => c.code === "EU" || c.code === "ZZ")).toBe(false);
    expect(countries.length).toBeGreaterThan(200);
    const names = countries.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "nl")));
    const languages = languageChoices("en");
    expect(languages.find((l) => l.code === "uk")?.name).toBe("Ukrainian");
    expect(languages.find((l) => l.code === "tr")?.name).toBe("Turkish");
  });
});
