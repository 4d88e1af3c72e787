/** The read layer: answers are shared and read again after a write; offline the service worker's copy
 *  is asked for, and a read that gets no answer shows the one error component. */
import { onlineManager } from "@tanstack/react-query";
import { cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithQueries } from "./testing";
import { $api, errorCode, useInvalidate } from "./query";
import { QueryStatus } from "../components/QueryStatus";
import i18n from "../i18n";
import { setOnline } from "../offline/connectivity";

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const page = (names: string[]) => ({ count: names.length, next: null, previous: null, results: names.map((name, id) => ({ id, name, members: [], lead: null })) });

function Teams() {
  const query = $api.useQuery("get", "/api/teams");
  const invalidate = useInvalidate();
  return (
    <div>
      <QueryStatus query={query} />
      <p>{query.data?.results.map((team) => team.name).join(", ")}</p>
      {errorCode(query.error) && <p>code: {errorCode(query.error)}</p>}
      <button type="button" onClick={() => void invalidate("/api/teams")}>changed</button>
    </div>
  );
}

describe("reads through TanStack Query", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("en");
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    setOnline(true);
    onlineManager.setOnline(true);
  });

  it("shows Loading, then the answer; two screens share one request; a write's invalidation reads again", async () => {
    let names = ["Packing"];
    const fetch = vi.fn(async () => respond(200, page(names)));
    vi.stubGlobal("fetch", fetch);
    renderWithQueries(<><Teams /><Teams /></>);
    expect(screen.getAllByRole("status")[0].textContent).toBe("Loading…");
    await screen.findAllByText("Packing");
    expect(fetch).toHaveBeenCalledTimes(1);

    names = ["Packing", "Night shift"];
    await userEvent.click(screen.getAllByRole("button", { name: "changed" })[0]);
    await waitFor(() => expect(screen.getAllByText("Packing, Night shift")).toHaveLength(2));
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("asks also while the browser is offline (the service worker answers with its saved copy)", async () => {
    setOnline(false);
    onlineManager.setOnline(false); // what TanStack Query hears from the browser's offline event
    const fetch = vi.fn(async () => respond(200, page(["Saved copy"])));
    vi.stubGlobal("fetch", fetch);
    renderWithQueries(<Teams />);
    await screen.findByText("Saved copy");
  });

  it("offline without a saved copy: says it is not available offline, after one try", async () => {
    setOnline(false);
    const fetch = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    vi.stubGlobal("fetch", fetch);
    renderWithQueries(<Teams />);
    expect((await screen.findByRole("alert")).textContent).toBe(i18n.t("errors.offline"));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("an error answer is not asked again and its code is there for the screen (404 → nothing yet)", async () => {
    const fetch = vi.fn(async () => respond(404, { code: "not_found", detail: "Not found.", fields: {} }));
    vi.stubGlobal("fetch", fetch);
    renderWithQueries(<Teams />);
    await screen.findByText("code: not_found");
    expect(screen.getByRole("alert").textContent).toBe(i18n.t("errors.load"));
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
