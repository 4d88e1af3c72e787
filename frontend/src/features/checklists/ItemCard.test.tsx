import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../api/client";
import i18n from "../../i18n";
import { dueState } from "./due";
import { ItemCard } from "./ItemCard";

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
};

describe("dueState", () => {
  it("reads days left, today and late", () => {
    expect(dueState(5)).toEqual({ key: "checklists.due.left", count: 5, late: false });
    expect(dueState(0).key).toBe("checklists.due.today");
    expect(dueState(-2)).toEqual({ key: "checklists.due.late", count: 2, late: true });
    expect(dueState(null).key).toBe("checklists.due.none");
  });
});

describe("ItemCard", () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("shows the source, how late it is, and the server's reason when ticking off is refused", async () => {
    await i18n.changeLanguage("en");
    document.cookie = "csrftoken=tok";
    const calls: Request[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        calls.push(request);
        return new Response(
          JSON.stringify({ code: "blocked", detail: "Finish these items first.", fields: { status: ["Waits for: BSN registration."] } }),
          { status: 400, headers: { "Content-Type": "application/json" } },
        );
      }),
    );
    const onChanged = vi.fn();
    render(<ul><ItemCard item={ITEM} onChanged={onChanged} canEdit /></ul>);
    expect(screen.getByText("3 days late")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Official source: DigiD" }).getAttribute("href")).toBe("https://www.digid.nl/en/");
    expect(screen.getByText(/First finish: Register at the municipality/)).toBeTruthy();
    await userEvent.click(screen.getByText("Apply for DigiD, your government login"));
    await userEvent.click(screen.getByRole("button", { name: "Done" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Waits for: BSN registration.");
    expect(onChanged).not.toHaveBeenCalled();
    expect(calls[0].method).toBe("PATCH");
    expect(calls[0].url).toMatch(/\/api\/checklist-items\/7$/);
    expect(calls[0].headers.get("X-CSRFToken")).toBe("tok");
    expect(await calls[0].json()).toEqual({ status: "done" });
  });

  it("asks for a reason before 'does not apply' and does not call the server", async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal("fetch", fetchSpy);
    render(<ul><ItemCard item={{ ...ITEM, waiting_for: [] }} onChanged={vi.fn()} canEdit /></ul>);
    await userEvent.click(screen.getByText("Apply for DigiD, your government login"));
    await userEvent.click(screen.getByRole("button", { name: "Does not apply" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Say why this item does not apply to you.");
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
