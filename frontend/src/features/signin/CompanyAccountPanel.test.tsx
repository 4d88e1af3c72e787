import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withQueries } from "../../api/testing";
import i18n from "../../i18n";
import { CompanyAccountPanel } from "./CompanyAccountPanel";

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function show(at: string) {
  render(withQueries(<MemoryRouter initialEntries={[at]}><CompanyAccountPanel /></MemoryRouter>));
}

describe("CompanyAccountPanel", () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it.each(["en", "nl", "pl"])("says what to do when the provider was removed during linking (%s)", async (language) => {
    await i18n.changeLanguage(language);
    vi.stubGlobal("fetch", vi.fn(async () => respond(200, { provider: null, link: null })));
    show("/me?sso_error=no_provider");
    const alert = await screen.findByRole("alert", {}, { timeout: 5000 });
    expect(alert.textContent).toBe(i18n.t("me.companyAccount.noProvider"));
    expect(alert.textContent).not.toBe(i18n.t("login.sso.error.other"));
  });

  it("shows nothing without a provider and without a refusal", async () => {
    await i18n.changeLanguage("en");
    const fetch = vi.fn(async () => respond(200, { provider: null, link: null }));
    vi.stubGlobal("fetch", fetch);
    show("/me");
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(screen.queryByRole("heading")).toBeNull();
  });

  it("shows the server's words when linking is refused for want of a provider", async () => {
    await i18n.changeLanguage("en");
    const detail = "Your organisation has not set up sign-in with a company account, so there is nothing to link.";
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) =>
        request.method === "POST"
          ? respond(400, { code: "no_provider", detail, fields: { provider: ["Ask your administrator."] } })
          : respond(200, { provider: { name: "Alpha ID" }, link: null }),
      ),
    );
    show("/me");
    await userEvent.click(await screen.findByRole("button", { name: "Link Alpha ID account" }, { timeout: 5000 }));
    expect((await screen.findByRole("alert")).textContent).toBe(detail);
  });
});
