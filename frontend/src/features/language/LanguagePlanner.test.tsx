import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithQueries } from "../../api/testing";
import i18n from "../../i18n";
import { LanguagePlanner } from "./LanguagePlanner";

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const page = (results: unknown[]) => ({ count: results.length, next: null, previous: null, results });
const profile = { id: 7, user: { id: 3, email: "priya@example.test", full_name: "Priya Sharma" } };
const base = { reason: "", hours_needed: "120.0", hours_scheduled: "80.0", session_count: 40, first_sessions: [], milestones: [], skipped_days: [] };

describe("LanguagePlanner", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows feasibility as HR types, and applies a proposed option", async () => {
    await i18n.changeLanguage("en");
    const previews: Record<string, unknown>[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        if (request.url.includes("/api/newcomers")) return respond(200, page([profile]));
        if (request.url.includes("/api/language/courses")) return respond(200, page([]));
        const body = await request.json();
        previews.push(body);
        if (body.target_date === "2027-09-01") {
          return respond(200, { ...base, feasible: true, gap_hours: "0.0", finishes_on: "2027-08-30", options: [],
            milestones: [{ kind: "level", code: "A1", level: "A1", due_on: "2027-03-01" }] });
        }
        return respond(200, { ...base, feasible: false, gap_hours: "40.0", finishes_on: null,
          options: [{ kind: "later_date", changes: { target_date: "2027-09-01" } }] });
      }),
    );
    renderWithQueries(<LanguagePlanner />);
    await screen.findByRole("option", { name: "Priya Sharma" }, { timeout: 5000 });
    await userEvent.selectOptions(screen.getByLabelText("Newcomer"), "7");
    fireEvent.change(screen.getByLabelText("Reach the target by"), { target: { value: "2027-03-01" } });
    const alert = await screen.findByRole("alert", {}, { timeout: 5000 });
    expect(alert.textContent).toContain("Not reachable in time.");
    expect(alert.textContent).toContain("40 hours short.");
    expect(screen.getByRole("button", { name: "Save plan" })).toHaveProperty("disabled", true);

    await userEvent.click(screen.getByRole("button", { name: /Later date/ }));
    await waitFor(() => expect(screen.getByTestId("feasibility").textContent).toContain("Reachable."), { timeout: 5000 });
    expect(screen.getByRole("button", { name: "Save plan" })).toHaveProperty("disabled", false);
    expect(previews.at(-1)).toMatchObject({ newcomer: 7, target_date: "2027-09-01", current_level: "A0", target_level: "A2" });
  }, 20_000);
});
