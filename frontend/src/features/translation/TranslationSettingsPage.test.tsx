import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withQueries } from "../../api/testing";
import { SessionProvider } from "../../app/session";
import i18n from "../../i18n";
import { TranslationSettingsPage } from "./TranslationSettingsPage";

const me = (role: string) => ({
  id: 1, email: `${role}@alpha.test`, full_name: "Hanna", role, language: "en",
  time_zone: "Europe/Amsterdam", organisation: { id: 1, name: "Alpha", slug: "alpha" }, teams: [],
  two_factor: { required: false, verified: false, enrolled: false },
});

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const RAW = "wk_secret-once-only";

function server(role: string) {
  const keys: Record<string, unknown>[] = [];
  return vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    if (url.pathname === "/api/me") return respond(200, me(role));
    if (url.pathname === "/languages") return respond(200, []);
    if (url.pathname === "/api/translation/glossary") return respond(200, { count: 0, results: [] });
    if (url.pathname === "/api/translation/keys" && request.method === "POST") {
      const { name } = await request.json();
      const row = {
        id: 5, name, prefix: RAW.slice(0, 10), created_by: "hr@alpha.test",
        created_at: "2026-03-01T09:00:00Z", revoked_at: null, last_used_at: null,
      };
      keys.unshift(row);
      return respond(201, { ...row, key: RAW });
    }
    if (url.pathname === "/api/translation/keys") return respond(200, { count: keys.length, results: keys });
    return respond(404, { code: "not_found", detail: "Not found.", fields: {} });
  });
}

function renderPage() {
  render(withQueries(<SessionProvider><MemoryRouter><TranslationSettingsPage /></MemoryRouter></SessionProvider>));
}

describe("TranslationSettingsPage", () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("shows a new key once, then only its prefix", async () => {
    await i18n.changeLanguage("en");
    vi.stubGlobal("fetch", server("hr"));
    renderPage();
    expect(await screen.findByText("There are no keys yet.")).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Language packages" })).toBeNull(); // admin only

    await userEvent.click(screen.getByRole("button", { name: "Create key" }));
    expect(screen.getByText("Fill this in.")).toBeTruthy();
    await userEvent.type(screen.getByLabelText("Name of the new key"), "Intranet bot");
    await userEvent.click(screen.getByRole("button", { name: "Create key" }));

    const box = await screen.findByRole("region", { name: "New key for Intranet bot" });
    expect((within(box).getByLabelText("The new key") as HTMLInputElement).value).toBe(RAW);
    expect(within(box).getByText(/shown only once/)).toBeTruthy();
    const list = await screen.findByTestId("api-keys");
    expect(within(list).getByText("Intranet bot", { selector: "strong" })).toBeTruthy();
    expect(list.textContent).not.toContain(RAW);

    await userEvent.click(within(box).getByRole("button", { name: "I have stored it, hide the key" }));
    expect(screen.queryByDisplayValue(RAW)).toBeNull();
  });

  it("tells a colleague the page is not for them, without asking the API", async () => {
    await i18n.changeLanguage("en");
    const fetch = server("colleague");
    vi.stubGlobal("fetch", fetch);
    renderPage();
    expect(await screen.findByRole("heading", { name: "Not allowed" })).toBeTruthy();
    const asked = fetch.mock.calls.map(([request]) => new URL((request as Request).url).pathname);
    expect(asked).toEqual(["/api/me"]);
  });
});
