import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { TranslatePage } from "./TranslatePage";
import { targetsFor } from "./translationApi";

const LANGUAGES = [
  { code: "en", name: "English", targets: ["nl", "pl"] },
  { code: "nl", name: "Dutch", targets: ["en", "pl"] },
  { code: "pl", name: "Polish", targets: [] },
];

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
        const body = await request.json();
        bodies.push(body);
        return respond(200, { translatedText: body.source === "nl" ? "Welcome, {name}" : "Welkom, {name}" });
      }),
    );
    render(<MemoryRouter><TranslatePage /></MemoryRouter>);
    await userEvent.selectOptions(await screen.findByLabelText("From"), "nl");
    await userEvent.selectOptions(screen.getByLabelText("To"), "en");
    await userEvent.type(screen.getByLabelText("Your message"), "Welkom, {{name}");
    await userEvent.click(screen.getByRole("button", { name: "Translate" }));
    expect((await screen.findByTestId("translation-output")).textContent).toBe("Welcome, {name}");
    expect(screen.getByText("Welkom, {name}", { selector: "p" })).toBeTruthy();
    expect(bodies).toEqual([
      { q: "Welkom, {name}", source: "nl", target: "en", format: "text" },
      { q: "Welcome, {name}", source: "en", target: "nl", format: "text" },
    ]);
  });

  it("shows the server's error", async () => {
    await i18n.changeLanguage("en");
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) =>
        request.url.endsWith("/languages")
          ? respond(200, LANGUAGES)
          : respond(400, { error: "Too much text: 6000 characters in one request, at most 5000." }),
      ),
    );
    render(<MemoryRouter><TranslatePage /></MemoryRouter>);
    await userEvent.type(await screen.findByLabelText("Your message"), "Hallo");
    await userEvent.click(screen.getByRole("button", { name: "Translate" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Too much text");
  });
});
