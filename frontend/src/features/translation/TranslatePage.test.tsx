import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withQueries } from "../../api/testing";
import { SessionProvider } from "../../app/session";
import i18n from "../../i18n";
import { TranslatePage } from "./TranslatePage";
import { targetsFor } from "./translationApi";

const LANGUAGES = [
  { code: "en", name: "English", targets: ["nl", "pl"] },
  { code: "nl", name: "Dutch", targets: ["en", "pl"] },
  { code: "pl", name: "Polish", targets: [] },
];

const ME = {
  id: 1, email: "lead@alpha.test", full_name: "Lead", role: "team_lead", language: "en",
  time_zone: "Europe/Amsterdam", organisation: { id: 1, name: "Alpha", slug: "alpha" }, teams: [],
};

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

describe("targetsFor", () => {
  it("lists a source's targets, or every target when the language is detected", () => {
    expect(targetsFor(LANGUAGES, "nl")).toEqual(["en", "pl"]);
    expect(targetsFor(LANGUAGES, "pl")).toEqual([]);
    expect(targetsFor(LANGUAGES, "auto")).toEqual(["en", "nl", "pl"]);
  });
});

describe("TranslatePage", () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("translates, then shows the back-translation", async () => {
    await i18n.changeLanguage("en");
    const bodies: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        if (request.url.endsWith("/languages")) return respond(200, LANGUAGES);
        if (request.url.endsWith("/api/me")) return respond(200, ME);
        const body = await request.json();
        if (request.url.endsWith("/api/translation/memory")) {
          bodies.push(body);
          return respond(201, { id: 1, ...body });
        }
        bodies.push(body);
        return respond(200, { translatedText: body.source === "nl" ? "Welcome, {name}" : "Welkom, {name}" });
      }),
    );
    render(withQueries(<SessionProvider><MemoryRouter><TranslatePage /></MemoryRouter></SessionProvider>));
    await userEvent.selectOptions(await screen.findByLabelText("From"), "nl");
    await userEvent.selectOptions(screen.getByLabelText("To"), "en");
    await userEvent.type(screen.getByLabelText("Your message"), "Welkom, {{name}");
    await userEvent.click(screen.getByRole("button", { name: "Translate" }));
    expect((await screen.findByTestId("translation-output")).textContent).toBe("Welcome, {name}");
    expect(screen.getByText("Welkom, {name}", { selector: "p" })).toBeTruthy();
    const correction = screen.getByLabelText("Better translation (optional)");
    await userEvent.clear(correction);
    await userEvent.type(correction, "Welcome aboard, {{name}");
    await userEvent.click(screen.getByRole("button", { name: "Save as the approved translation" }));
    expect((await screen.findByRole("status")).textContent).toContain("Saved");
    expect(bodies).toEqual([
      { q: "Welkom, {name}", source: "nl", target: "en", format: "text" },
      { q: "Welcome, {name}", source: "en", target: "nl", format: "text" },
      { source_language: "nl", target_language: "en", source_text: "Welkom, {name}", translated_text: "Welcome aboard, {name}" },
    ]);
  });

  it("shows the server's error", async () => {
    await i18n.changeLanguage("en");
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        if (request.url.endsWith("/languages")) return respond(200, LANGUAGES);
        if (request.url.endsWith("/api/me")) return respond(200, ME);
        return respond(400, { error: "Too much text: 6000 characters in one request, at most 5000." });
      }),
    );
    render(withQueries(<SessionProvider><MemoryRouter><TranslatePage /></MemoryRouter></SessionProvider>));
    await userEvent.type(await screen.findByLabelText("Your message"), "Hallo");
    await userEvent.click(screen.getByRole("button", { name: "Translate" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Too much text");
  });
});
