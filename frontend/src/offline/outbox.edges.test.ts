/**
 * The outbox at its edges: what each request carries (method, address with its parameters and
 * query, headers, no body for a delete), which answers drop an action and which keep it waiting
 * (403 that is not a stale CSRF token, 401, 429), answers that are not JSON, the order kept on the
 * phone, and who is told when something changes. Found by mutation testing (docs/testing.md).
 */
import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isOnline, setOnline } from "./connectivity";
import { clearOutbox, onOutbox, pendingFor, perform, replay } from "./outbox";

const USER = 7;

interface Seen {
  url: string;
  init: RequestInit;
}

/** A server that answers every request with `answer` and remembers what it was sent. */
function answering(answer: () => Response | "network-down") {
  const seen: Seen[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      const response = answer();
      if (response === "network-down") throw new TypeError("Failed to fetch");
      return response;
    }),
  );
  return seen;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const tick = { method: "post", path: "/api/checklists/items/{id}/done", params: { id: 12 }, kind: "checklistItem" } as const;

describe("outbox requests", () => {
  beforeEach(async () => {
    await clearOutbox();
    setOnline(true);
    document.cookie = "csrftoken=token-1";
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("sends the method, the address with its parameters and query, and the headers the server needs", async () => {
    const seen = answering(() => json({ done: true }));
    const action = {
      method: "patch",
      path: "/api/journeys/steps/{id}",
      params: { id: "a b/7" },
      query: { lang: "pl", view: "mine" },
      body: { done: true },
      kind: "journeyStep",
    } as const;
    expect(await perform(USER, action as never)).toEqual({ state: "sent", data: { done: true } });
    const [{ url, init }] = seen;
    expect(url).toBe("/api/journeys/steps/a%20b%2F7?lang=pl&view=mine");
    expect(init.method).toBe("PATCH");
    expect(init.credentials).toBe("same-origin");
    expect(init.body).toBe(JSON.stringify({ done: true }));
    const headers = init.headers as Record<string, string>;
    expect(headers["Content-Type"]).toBe("application/json");
    expect(headers["X-CSRFToken"]).toBe("token-1");
    expect(headers["Idempotency-Key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers["Welkom-Action-Age"]).toBe("0");
  });

  it("sends no body and no query mark for an action without them", async () => {
    const seen = answering(() => new Response(null, { status: 204 }));
    expect(await perform(USER, tick as never)).toEqual({ state: "sent", data: null });
    expect(seen[0].url).toBe("/api/checklists/items/12/done");
    expect(seen[0].init.body).toBeUndefined();
  });

  it("refuses an action whose address misses a parameter before anything is stored", async () => {
    answering(() => json({}));
    await expect(perform(USER, { ...tick, params: {} } as never)).rejects.toThrow(
      "Missing path parameter id for /api/checklists/items/{id}/done",
    );
    expect(await pendingFor(USER)).toEqual([]);
  });

  it("never says an action is younger than zero seconds", async () => {
    const seen = answering(() => "network-down");
    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now);
    await perform(USER, tick as never);
    vi.spyOn(Date, "now").mockReturnValue(now - 5_000); // the phone's clock went back
    await replay(USER);
    expect((seen.at(-1)!.init.headers as Record<string, string>)["Welkom-Action-Age"]).toBe("0");
  });
});

describe("outbox answers", () => {
  beforeEach(async () => {
    await clearOutbox();
    setOnline(true);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("drops an action the server forbids, as not valid, with the server's words", async () => {
    answering(() => json({ code: "not_yours", detail: "Not yours." }, 403));
    const result = await perform(USER, tick as never);
    expect(result).toMatchObject({ state: "refused", reason: "invalid", error: { detail: "Not yours." } });
    expect(await pendingFor(USER)).toEqual([]);
  });

  it("keeps an action whose CSRF token went stale, to send with a fresh one", async () => {
    answering(() => json({ code: "csrf_failed", detail: "CSRF" }, 403));
    const result = await perform(USER, tick as never);
    expect(result.state).toBe("queued");
    expect(await pendingFor(USER)).toHaveLength(1);
  });

  it.each([401, 429, 500])("keeps an action the server answered %i, counting the attempt", async (status) => {
    answering(() => new Response("", { status }));
    expect((await perform(USER, tick as never)).state).toBe("queued");
    await replay(USER);
    const [entry] = await pendingFor(USER);
    expect(entry.attempts).toBe(3); // two tries when it was made, one more on the replay
    expect(entry.waited).toBe(true);
    expect(isOnline()).toBe(true); // the server answered: the connection is there
  });

  it("takes an answer that is not JSON as no data", async () => {
    answering(() => new Response("<html>ok</html>", { status: 200 }));
    expect(await perform(USER, tick as never)).toEqual({ state: "sent", data: null });
  });

  it("refuses with the status text when the refusal has no body", async () => {
    answering(() => new Response("", { status: 410, statusText: "Gone" }));
    const result = await perform(USER, tick as never);
    expect(result).toMatchObject({ state: "refused", reason: "gone" });
    if (result.state === "refused") expect(result.error.detail).toBe("Gone");
  });

  it("goes offline when the network is down, and marks the action as one that waited", async () => {
    answering(() => "network-down");
    const result = await perform(USER, tick as never);
    expect(isOnline()).toBe(false);
    expect(result).toMatchObject({ state: "queued", entry: { waited: true, attempts: 0 } });
    const [stored] = await pendingFor(USER);
    expect(stored).toMatchObject({ attempts: 1, waited: true, label: "outbox.kind.checklistItem" });
  });
});

describe("outbox order and events", () => {
  beforeEach(async () => {
    await clearOutbox();
    setOnline(true);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("lists a person's waiting actions oldest first and tells listeners of each change", async () => {
    answering(() => "network-down");
    let changes = 0;
    const off = onOutbox("changed", () => (changes += 1));
    setOnline(false);
    for (const id of [3, 1, 2]) await perform(USER, { ...tick, params: { id } } as never);
    expect((await pendingFor(USER)).map((entry) => entry.url)).toEqual([
      "/api/checklists/items/3/done",
      "/api/checklists/items/1/done",
      "/api/checklists/items/2/done",
    ]);
    expect(changes).toBe(3);
    await clearOutbox();
    expect(changes).toBe(4);
    off();
    await clearOutbox();
    expect(changes).toBe(4); // no longer listening
  });

  it("tells the sent listener of each queued action that got through, with its answer", async () => {
    answering(() => "network-down");
    setOnline(false);
    await perform(USER, tick as never);
    answering(() => json({ done: true }));
    setOnline(true);
    const sent: unknown[] = [];
    const off = onOutbox("sent", (entry, data) => sent.push([entry.url, data]));
    expect(await replay(USER)).toBe(0);
    off();
    expect(sent).toEqual([["/api/checklists/items/12/done", { done: true }]]);
  });
});
