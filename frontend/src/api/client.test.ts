import { afterEach, describe, expect, it } from "vitest";
import i18n from "../i18n";
import { catalogs } from "../i18n/catalogs";
import { asApiError, errorText } from "./client";

describe("error texts", () => {
  afterEach(async () => {
    await i18n.changeLanguage("en");
  });

  it("shows the app's own text for a code it knows, in the reader's language", async () => {
    for (const language of ["en", "pl", "ar", "ro"]) {
      await i18n.changeLanguage(language);
      const problem = asApiError({ code: "rate_limited", detail: "Too many requests. Try again in 7 seconds.", fields: {} }, "");
      expect(problem.detail).toBe(catalogs[language as keyof typeof catalogs]["errors.code.rate_limited"]);
      expect(problem.code).toBe("rate_limited");
    }
  });

  it("shows the server's detail (already in the reader's language) for any other code", async () => {
    await i18n.changeLanguage("pl");
    const detail = "Zespół o tej nazwie już istnieje.";
    const problem = asApiError({ code: "invalid", detail, fields: { name: ["Ta nazwa jest zajęta."] } }, "");
    expect(problem.detail).toBe(detail);
    expect(problem.fields).toEqual({ name: ["Ta nazwa jest zajęta."] });
    expect(errorText("quiz_unanswered", detail)).toBe(detail);
  });

  it("keeps the caller's words when the server was not reached", () => {
    expect(asApiError(undefined, "Could not save.")).toEqual({ code: "network", detail: "Could not save.", fields: {} });
  });
});
