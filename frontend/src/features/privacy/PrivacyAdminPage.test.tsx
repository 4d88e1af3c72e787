import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withQueries } from "../../api/testing";
import { SessionProvider } from "../../app/session";
import i18n from "../../i18n";
import { PrivacyAdminPage } from "./PrivacyAdminPage";

const me = (role: string) => ({
  id: 1, email: `${role}@alpha.test`, full_name: "Ada", role, language: "en",
  time_zone: "Europe/Amsterdam", organisation: { id: 1, name: "Alpha", slug: "alpha" }, teams: [],
  two_factor: { required: false, verified: false, enrolled: false },
});

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const ZAYNAB = { id: 9, email: "zaynab@alpha.test", full_name: "Zaynab Q", role: "newcomer", language: "en", is_active: true };
const ENTRY = {
  id: 1, at: "2026-03-01T09:00:00Z", actor: { id: 2, display_name: "Hanna" }, actor_role: "hr",
  action: "viewed", object_type: "newcomer_profile", object_id: "3", subject_user: { id: 9, display_name: "Zaynab Q" },
};
const RETENTION = { kind: "audit_log", description: "Who viewed.", keep_days: 730, default_days: 730 };

function server(role: string) {
  let erased = false;
  const calls: string[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    calls.push(`${request.method} ${url.pathname}${url.search}`);
    if (url.pathname === "/api/me") return respond(200, me(role));
    if (url.pathname === "/api/audit") {
      const results = erased ? [] : [ENTRY];
      return respond(200, { count: results.length, results });
    }
    if (url.pathname === "/api/privacy/retention") return respond(200, [RETENTION]);
    if (url.pathname === "/api/privacy/retention/audit_log") {
      return respond(400, { code: "invalid", detail: "Keep data for at least a day.", fields: { keep_days: ["At least 30."] } });
    }
    if (url.pathname === "/api/users") return respond(200, { count: 1, results: [ZAYNAB] });
    if (url.pathname === "/api/privacy/erasures" && request.method === "POST") {
      erased = true;
      return respond(201, { id: 1, erased_user: 9, erased_by: 1, erased_by_name: "Ada", erased_at: "2026-03-02T10:00:00Z", sources: ["accounts", "audit"] });
    }
    if (url.pathname === "/api/privacy/erasures") return respond(200, { count: 0, results: [] });
    return respond(404, { code: "not_found", detail: "Not found.", fields: {} });
  });
  return { fetch, calls };
}

function renderPage() {
  render(withQueries(<SessionProvider><MemoryRouter><PrivacyAdminPage /></MemoryRouter></SessionProvider>));
}

describe("PrivacyAdminPage", () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("shows the server's reason next to the retention field it concerns", async () => {
    await i18n.changeLanguage("en");
    vi.stubGlobal("fetch", server("admin").fetch);
    renderPage();
    expect(await screen.findByText("Hanna viewed the profile of Zaynab Q")).toBeTruthy();
    const field = await screen.findByLabelText("Days to keep Audit log");
    await userEvent.clear(field);
    await userEvent.type(field, "abc");
    await userEvent.click(screen.getByRole("button", { name: "Save Audit log" }));
    expect(screen.getByText("Type a whole number of days.")).toBeTruthy();
    await userEvent.clear(field);
    await userEvent.type(field, "5");
    await userEvent.click(screen.getByRole("button", { name: "Save Audit log" }));
    expect(await screen.findByText("At least 30.")).toBeTruthy();
    expect(field.getAttribute("aria-invalid")).toBe("true");
  });

  it("erases only after the e-mail address is typed, then reloads the log", async () => {
    await i18n.changeLanguage("en");
    const { fetch, calls } = server("admin");
    vi.stubGlobal("fetch", fetch);
    renderPage();
    const panel = await screen.findByRole("region", { name: "Erase a person" });
    await userEvent.type(within(panel).getByLabelText("Person to erase"), "zay");
    await userEvent.click(await within(panel).findByRole("button", { name: /Zaynab Q/ }));
    const erase = within(panel).getByRole("button", { name: "Erase Zaynab Q for good" });
    expect((erase as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(within(panel).getByLabelText(/type their e-mail address/), "Zaynab Q");
    expect((erase as HTMLButtonElement).disabled).toBe(true);
    await userEvent.clear(within(panel).getByLabelText(/type their e-mail address/));
    await userEvent.type(within(panel).getByLabelText(/type their e-mail address/), "ZAYNAB@alpha.test");
    await userEvent.click(erase);
    expect(await within(panel).findByText(/Erased\. Welkom no longer holds this person's data \(2 parts cleaned\)/)).toBeTruthy();
    expect(calls).toContain("GET /api/users?search=zay&page_size=10");
    expect(await screen.findByText("No entries match.")).toBeTruthy();
    expect(screen.queryByText(/Zaynab/)).toBeNull();
  });

  it("lets HR read the log and the retention periods, but not change or erase", async () => {
    await i18n.changeLanguage("en");
    vi.stubGlobal("fetch", server("hr").fetch);
    renderPage();
    expect(await screen.findByText("Kept for 730 days.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /^Save/ })).toBeNull();
    expect(screen.queryByRole("region", { name: "Erase a person" })).toBeNull();
  });
});
