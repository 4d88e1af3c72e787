/**
 * The outbox's own rules, with an in-memory IndexedDB and a stand-in server that keeps answers per
 * Idempotency-Key like welkom.offline does. The browser tests run the real thing end to end.
 */
import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setOnline } from "./connectivity";
import { clearOutbox, onOutbox, pendingFor, perform, refusalReason, replay, type Refusal } from "./outbox";

const USER = 7;

interface Call {
  key: string;
  body: unknown;
  age: number;
}

/** Answers like the server: the first request per key runs; a repeat gets the stored answer.
 *  `applied` lists the changes the server made (2xx answers). */
function server(behaviour: (call: Call) => Response | "network-down") {
  const applied: Call[] = [];
  const stored = new Map<string, { status: number; text: string }>();
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    const call = { key: headers["Idempotency-Key"], body: JSON.parse(String(init.body)), age: Number(headers["Welkom-Action-Age"]) };
    const kept = stored.get(call.key);
    if (kept) return new Response(kept.text, { status: kept.status });
    const answer = behaviour(call);
    if (answer === "network-down") throw new TypeError("Failed to fetch");
    const text = await answer.text();
    if (answer.ok) applied.push(call);
    // Like welkom.offline: answers that mean "try again" are not kept.
    if (answer.status < 500 && ![401, 403, 429].includes(answer.status)) stored.set(call.key, { status: answer.status, text });
    return new Response(text, { status: answer.status });
  });
  vi.stubGlobal("fetch", fetch);
  return { applied, fetch };
}

const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
const language = (code: string) =>
  ({ method: "patch", path: "/api/me", body: { language: code }, kind: "language", labelValues: { language: code } }) as const;

describe("outbox", () => {
  beforeEach(async () => {
    await clearOutbox();
    setOnline(true);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("sends straight away when online", async () => {
    const { applied } = server((call) => ok(call.body));
    const result = await perform(USER, language("nl"));
    expect(result).toEqual({ state: "sent", data: { language: "nl" } });
    expect(applied).toHaveLength(1);
    expect(await pendingFor(USER)).toEqual([]);
  });

  it("keeps actions made offline and sends them in order, once, when back online", async () => {
    const { applied, fetch } = server((call) => ok(call.body));
    setOnline(false);
    expect((await perform(USER, language("pl"))).state).toBe("queued");
    expect((await perform(USER, language("uk"))).state).toBe("queued");
    expect(fetch).not.toHaveBeenCalled();
    setOnline(true);
    expect(await replay(USER)).toBe(0);
    expect(applied.map((call) => call.body)).toEqual([{ language: "pl" }, { language: "uk" }]);
    expect(await replay(USER)).toBe(0);
    expect(applied).toHaveLength(2);
  });

  it("a lost answer is retried with the same key, and the server applies it once", async () => {
    let drop = true;
    const { applied, fetch } = server((call) => ok(call.body));
    const real = fetch.getMockImplementation()!;
    fetch.mockImplementation(async (url: string, init: RequestInit) => {
      const response = await real(url, init);
      if (drop) {
        drop = false;
        throw new TypeError("connection reset"); // the server saved it; the phone never heard back
      }
      return response;
    });
    expect((await perform(USER, language("tr"))).state).toBe("queued");
    setOnline(true);
    expect(await replay(USER)).toBe(0);
    expect(applied).toHaveLength(1);
    const keys = fetch.mock.calls.map(([, init]) => (init.headers as Record<string, string>)["Idempotency-Key"]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it("a new action waits behind older ones that could not get through", async () => {
    let down = true;
    const { applied } = server((call) => (down ? "network-down" : ok(call.body)));
    expect((await perform(USER, language("pl"))).state).toBe("queued");
    down = false;
    setOnline(true);
    expect((await perform(USER, language("ar"))).state).toBe("sent");
    expect(applied.map((call) => call.body)).toEqual([{ language: "pl" }, { language: "ar" }]);
  });

  it("drops an action the server refuses, says why, and goes on with the next", async () => {
    const refusals: Refusal[] = [];
    const off = onOutbox("refused", (refusal) => refusals.push(refusal));
    const { applied } = server((call) =>
      (call.body as { language: string }).language === "xx"
        ? new Response(JSON.stringify({ code: "conflict", detail: "A newer change was kept.", fields: {} }), { status: 409 })
        : ok(call.body),
    );
    setOnline(false);
    await perform(USER, language("xx"));
    await perform(USER, language("nl"));
    setOnline(true);
    expect(await replay(USER)).toBe(0);
    expect(refusals.map((refusal) => refusal.error.detail)).toEqual(["A newer change was kept."]);
    expect(refusals[0].reason).toBe("conflict"); // the banner explains a conflict for this kind of action
    expect(refusals[0].entry).toMatchObject({ kind: "language", label: "outbox.kind.language", waited: true });
    expect(applied.map((call) => call.body)).toEqual([{ language: "nl" }]);
    off();
  });

  it("keeps waiting on a server error and tells the server how old the action is", async () => {
    let broken = true;
    const { applied } = server((call) => (broken ? new Response("", { status: 503 }) : ok(call.body)));
    const takenAt = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(takenAt);
    expect((await perform(USER, language("pl"))).state).toBe("queued");
    expect(await pendingFor(USER)).toHaveLength(1);
    broken = false;
    vi.spyOn(Date, "now").mockReturnValue(takenAt + 90_000);
    expect(await replay(USER)).toBe(0);
    expect(applied.at(-1)?.age).toBe(90);
    vi.restoreAllMocks();
  });

  it("only sends the logged-in person's own actions", async () => {
    server((call) => ok(call.body));
    setOnline(false);
    await perform(USER, language("pl"));
    await perform(99, language("tr"));
    setOnline(true);
    expect(await replay(USER)).toBe(0);
    expect((await pendingFor(99)).map((entry) => entry.body)).toEqual([{ language: "tr" }]);
  });

  it("names why the server refused: a conflict, something gone, or an invalid change", () => {
    expect(refusalReason(409)).toBe("conflict");
    expect([404, 410].map(refusalReason)).toEqual(["gone", "gone"]);
    expect([400, 422].map(refusalReason)).toEqual(["invalid", "invalid"]);
  });
});
