import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
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
    if (url.pathname === "/api/translation/settings") return respond(200, { keep_acronyms: true });
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

/** The admin's server: the rules, installed packages, the package index and one download that is
 * queued, then running, then done (each read of the download moves it on). */
function adminServer(options: { rules?: { status: number; body: unknown }; refusePatch?: boolean } = {}) {
  const installed: Record<string, unknown>[] = [];
  let rules = { keep_acronyms: false };
  const download = { id: 7, from_code: "nl", to_code: "en", package_version: "1.9", received_bytes: 0, total_bytes: 2000, error_code: "", created_at: "2026-03-01T09:00:00Z" };
  const states = ["running", "done"];
  let state = "queued";
  return vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === "/api/me") return respond(200, me("admin"));
    if (path === "/languages") return respond(200, []);
    if (path === "/api/translation/glossary" || path === "/api/translation/keys") return respond(200, { count: 0, results: [] });
    if (path === "/api/translation/settings" && request.method === "PATCH") {
      if (options.refusePatch) return respond(403, { code: "permission_denied", detail: "Only HR and admins change the rules.", fields: {} });
      rules = { ...rules, ...(await request.json()) };
      return respond(200, rules);
    }
    if (path === "/api/translation/settings") return options.rules ? respond(options.rules.status, options.rules.body) : respond(200, rules);
    if (path === "/api/translation/packages") return respond(200, installed);
    if (path === "/api/translation/packages/index") {
      return respond(200, {
        reachable: true, problem: null,
        packages: [{ from_code: "nl", from_name: "Dutch", to_code: "en", to_name: "English", package_version: "1.9", size: 2000, status: "available", installed_version: null }],
      });
    }
    if (path === "/api/translation/packages/downloads" && request.method === "POST") return respond(201, { ...download, state });
    if (path === "/api/translation/packages/downloads/7") {
      state = states.shift() ?? state;
      if (state === "done") {
        installed.splice(0, installed.length, {
          from_code: "nl", from_name: "Dutch", to_code: "en", to_name: "English", package_version: "1.9",
          checksum: "x", size_bytes: 2000, installed_at: "2026-03-01T09:00:05Z", demo: false,
        });
      }
      return respond(200, { ...download, state, received_bytes: state === "queued" ? 0 : 2000 });
    }
    return respond(404, { code: "not_found", detail: "Not found.", fields: {} });
  });
}

const asked = (fetch: ReturnType<typeof vi.fn>, path: string, method = "GET") =>
  fetch.mock.calls.filter(([request]) => {
    const sent = request as Request;
    return new URL(sent.url).pathname === path && sent.method === method;
  }).length;

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
    // The first render of the file also loads the catalogs: on a busy machine that takes more than a second.
    expect(await screen.findByText("There are no keys yet.", {}, { timeout: 5000 })).toBeTruthy();
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
  }, 15_000);

  it("tells a colleague the page is not for them, without asking the API", async () => {
    await i18n.changeLanguage("en");
    const fetch = server("colleague");
    vi.stubGlobal("fetch", fetch);
    renderPage();
    expect(await screen.findByRole("heading", { name: "Not allowed" })).toBeTruthy();
    const asked = fetch.mock.calls.map(([request]) => new URL((request as Request).url).pathname);
    expect(asked).toEqual(["/api/me"]);
  });

  it("shows the organisation's rule as the server has it, and saves a change", async () => {
    await i18n.changeLanguage("en");
    const fetch = adminServer();
    vi.stubGlobal("fetch", fetch);
    renderPage();
    const rules = await screen.findByRole("region", { name: "Translation rules" });
    const rule = (await within(rules).findByLabelText(/Keep words in capitals/)) as HTMLInputElement;
    expect(rule.checked).toBe(false);
    await userEvent.click(rule);
    expect(await within(rules).findByText("Saved.")).toBeTruthy();
    expect(rule.checked).toBe(true);
    expect(asked(fetch, "/api/translation/settings", "PATCH")).toBe(1);
    expect(asked(fetch, "/api/translation/settings")).toBe(1); // the answer to the change is the new value
  });

  it("puts the rule back and says why when the server refuses the change", async () => {
    await i18n.changeLanguage("en");
    vi.stubGlobal("fetch", adminServer({ refusePatch: true }));
    renderPage();
    const rules = await screen.findByRole("region", { name: "Translation rules" });
    const rule = (await within(rules).findByLabelText(/Keep words in capitals/)) as HTMLInputElement;
    await userEvent.click(rule);
    expect(await within(rules).findByText("You are not allowed to do this.")).toBeTruthy();
    expect(rule.checked).toBe(false);
    expect(within(rules).queryByText("Saved.")).toBeNull();
  });

  it("says the rules could not be loaded, without a box that would save a guess", async () => {
    await i18n.changeLanguage("en");
    vi.stubGlobal("fetch", adminServer({ rules: { status: 500, body: { code: "server_error", detail: "Boom.", fields: {} } } }));
    renderPage();
    const rules = await screen.findByRole("region", { name: "Translation rules" });
    expect(await within(rules).findByText("This could not be loaded. Reload the page to try again.")).toBeTruthy();
    expect(within(rules).queryByRole("checkbox")).toBeNull();
  });

  it("asks the package index only when told to, follows a download to the end, then lists the package", async () => {
    await i18n.changeLanguage("en");
    const fetch = adminServer();
    vi.stubGlobal("fetch", fetch);
    renderPage();
    const packages = await screen.findByRole("heading", { name: "Language packages" });
    expect(packages).toBeTruthy();
    expect(await screen.findByText("No language packages are installed yet.")).toBeTruthy();
    expect(asked(fetch, "/api/translation/packages/index")).toBe(0);

    const index = screen.getByRole("region", { name: "Packages from the package index" });
    await userEvent.click(within(index).getByRole("button", { name: "Show available packages" }));
    const listing = await within(index).findByTestId("index-packages");
    expect(listing.textContent).toContain("not installed");
    await userEvent.click(within(listing).getByRole("button", { name: "Download Dutch → English" }));
    expect(await within(listing).findByText("Waiting for the server to start the download…")).toBeTruthy();
    expect(
      await within(listing).findByText("Downloaded and installed: Dutch → English, version 1.9.", {}, { timeout: 5000 }),
    ).toBeTruthy();
    expect(asked(fetch, "/api/translation/packages/downloads/7")).toBe(2); // polled until done, then no more
    const installed = await screen.findByTestId("packages");
    expect(installed.textContent).toContain("Dutch → English");
    expect(asked(fetch, "/api/translation/packages/index")).toBe(1); // installing does not go to the internet again

    await userEvent.click(within(index).getByRole("button", { name: "Ask the package index again" }));
    await waitFor(() => expect(asked(fetch, "/api/translation/packages/index")).toBe(2));
  }, 10_000);
});
