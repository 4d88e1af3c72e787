import "fake-indexeddb/auto";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../api/client";
import i18n from "../../i18n";
import { setOnline } from "../../offline/connectivity";
import { clearOutbox, pendingFor } from "../../offline/outbox";
import { ME, renderWithOutbox, server } from "../../offline/testing";
import { dueState } from "./due";
import { DueText, ItemCard } from "./ItemCard";

const ITEM: Schemas["ChecklistItem"] = {
  id: 7,
  ref: "arrival-registration/apply-digid",
  checklist: "arrival-registration",
  title: "Apply for DigiD, your government login",
  body_html: "<p>DigiD is the login.</p>",
  child_name: "",
  status: "open",
  not_applicable_reason: "",
  note: "",
  due_on: "2026-11-23",
  days_left: -3,
  documents_needed: [],
  waiting_for: ["Register at the municipality (BRP) and receive your BSN"],
  source_url: "https://www.digid.nl/en/",
  source_title: "DigiD",
  checked_on: "2026-11-28",
  amounts: [],
  local_note_html: null,
  documents: [],
  added_at: "2026-11-01T10:00:00Z",
  status_changed_at: null,
  retired: null,
  content: { language: "en", requested_language: "en", is_fallback: false, reviewed: true },
};

describe("dueState", () => {
  it("reads days left, today and late", () => {
    expect(dueState(5)).toEqual({ key: "checklists.due.left", count: 5, late: false });
    expect(dueState(0).key).toBe("checklists.due.today");
    expect(dueState(-2)).toEqual({ key: "checklists.due.late", count: 2, late: true });
    expect(dueState(null).key).toBe("checklists.due.none");
  });
});

describe("DueText", () => {
  afterEach(cleanup);

  it("counts days on the device's calendar, as Today does, not on the profile zone's", async () => {
    await i18n.changeLanguage("en");
    // 22:00 on Monday 4 January in Amsterdam (the phone); already Tuesday 02:30 in Kolkata (the profile).
    const now = new Date("2027-01-04T21:00:00Z");
    const zones = { device: "Europe/Amsterdam", profile: "Asia/Kolkata" };
    const { container } = render(<DueText dueOn="2027-01-05" showDate={false} now={now} zones={zones} />);
    expect(container.textContent).toBe("1 day left");
  });
});

describe("ItemCard", () => {
  afterEach(async () => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    setOnline(true);
    await clearOutbox();
  });

  it("says which language an item is shown in when it is not the reader's, and marks drafts", async () => {
    await i18n.changeLanguage("en");
    server(() => new Response("{}", { status: 200 }));
    const content = { language: "en", requested_language: "pl", is_fallback: true, reviewed: false };
    renderWithOutbox(<ul><ItemCard item={{ ...ITEM, content }} onChanged={vi.fn()} canEdit /></ul>);
    expect(await screen.findByText("Not available in Polish yet: shown in English.")).toBeTruthy();
    expect(document.querySelector('[data-note="unreviewed"]')?.textContent).toBe("Not yet checked by a native speaker");
    expect(screen.getByText("Apply for DigiD, your government login").getAttribute("lang")).toBe("en");
    cleanup();
    renderWithOutbox(<ul><ItemCard item={ITEM} onChanged={vi.fn()} canEdit /></ul>);
    await screen.findByText("Apply for DigiD, your government login");
    expect(document.querySelector('[data-testid="content-language"]')).toBeNull();
  });

  it("shows the source, how late it is, and the server's reason when ticking off is refused", async () => {
    // Noon on 26 November on the device's own clock: the item, due on the 23rd, is 3 days late.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2026, 10, 26, 12, 0));
    await i18n.changeLanguage("en");
    document.cookie = "csrftoken=tok";
    const { calls } = server(
      () =>
        new Response(
          JSON.stringify({ code: "blocked", detail: "Finish these items first.", fields: { status: ["Waits for: BSN registration."] } }),
          { status: 400, headers: { "Content-Type": "application/json" } },
        ),
    );
    const onChanged = vi.fn();
    renderWithOutbox(<ul><ItemCard item={ITEM} onChanged={onChanged} canEdit /></ul>);
    expect(await screen.findByText("3 days late")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Official source: DigiD" }).getAttribute("href")).toBe("https://www.digid.nl/en/");
    expect(screen.getByText(/First finish: Register at the municipality/)).toBeTruthy();
    await userEvent.click(screen.getByText("Apply for DigiD, your government login"));
    await userEvent.click(screen.getByRole("button", { name: "Done" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Waits for: BSN registration.");
    expect(onChanged).not.toHaveBeenCalled();
    expect(calls[0].method).toBe("PATCH");
    expect(calls[0].url).toMatch(/\/api\/checklist-items\/7$/);
    expect(calls[0].headers.get("X-CSRFToken")).toBe("tok");
    expect(calls[0].headers.get("Idempotency-Key")).toBeTruthy();
    expect(calls[0].body).toEqual({ status: "done" });
    expect(await pendingFor(ME.id)).toEqual([]);
  });

  it("shows when the source was checked, or that nobody re-checked it, never an empty date", async () => {
    await i18n.changeLanguage("en");
    server(() => new Response("{}", { status: 500 }));
    renderWithOutbox(<ul><ItemCard item={{ ...ITEM, waiting_for: [] }} onChanged={vi.fn()} canEdit={false} /></ul>);
    await userEvent.click(await screen.findByText("Apply for DigiD, your government login"));
    expect(screen.getByText(/^\(checked /)).toBeTruthy();
    expect(screen.queryByText("(source not re-checked yet)")).toBeNull();
    cleanup();
    renderWithOutbox(<ul><ItemCard item={{ ...ITEM, waiting_for: [], checked_on: null }} onChanged={vi.fn()} canEdit={false} /></ul>);
    await userEvent.click(await screen.findByText("Apply for DigiD, your government login"));
    expect(screen.getByText("(source not re-checked yet)")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Official source: DigiD" })).toBeTruthy();
  });

  it("offline, shows the tick as waiting, then as saved once the outbox sent it", async () => {
    await i18n.changeLanguage("en");
    const item = { ...ITEM, waiting_for: [] };
    const { calls } = server((call) => new Response(JSON.stringify({ ...item, status: (call.body as { status: string }).status }), { status: 200 }));
    const onChanged = vi.fn();
    renderWithOutbox(<ul><ItemCard item={item} onChanged={onChanged} canEdit /></ul>);
    await userEvent.click(await screen.findByText("Apply for DigiD, your government login"));
    setOnline(false);
    await userEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(await screen.findByText("Waiting to send", { selector: ".badge" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Done" }).getAttribute("aria-pressed")).toBe("true");
    expect(calls).toEqual([]);
    expect(await pendingFor(ME.id)).toHaveLength(1);

    setOnline(true); // the provider replays the outbox when the connection returns
    expect(await screen.findByText("Saved.")).toBeTruthy();
    expect(screen.queryByText("Waiting to send", { selector: ".badge" })).toBeNull();
    expect(calls).toHaveLength(1);
    expect(Number(calls[0].headers.get("Welkom-Action-Age"))).toBeGreaterThanOrEqual(0);
    expect(onChanged).toHaveBeenCalledWith({ ...item, status: "done" });
  });

  it("asks for a reason before 'does not apply' and does not call the server", async () => {
    server(() => new Response("{}", { status: 500 }));
    renderWithOutbox(<ul><ItemCard item={{ ...ITEM, waiting_for: [] }} onChanged={vi.fn()} canEdit /></ul>);
    await userEvent.click(await screen.findByText("Apply for DigiD, your government login"));
    await userEvent.click(screen.getByRole("button", { name: "Does not apply" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Say why this item does not apply to you.");
    expect(await pendingFor(ME.id)).toEqual([]);
  });
});
