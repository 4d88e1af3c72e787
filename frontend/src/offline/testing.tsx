/** For component tests of screens that write through the outbox: a logged-in session with the real
 *  OutboxProvider (on fake-indexeddb) and a stand-in server. */
import "fake-indexeddb/auto";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { vi } from "vitest";
import { withQueries } from "../api/testing";
import { SessionProvider, useSession } from "../app/session";
import { OutboxProvider } from "./OutboxProvider";

export const ME = { id: 3, email: "ana@example.test", language: "en", organisation: {}, teams: [], two_factor: {} };

/** A stand-in server: /api/me answers the logged-in newcomer, everything else goes to `answer`.
 *  The api client sends a Request; the outbox sends (url, init). */
export function server(answer: (call: { url: string; method: string; headers: Headers; body: unknown }) => Response) {
  const calls: { url: string; method: string; headers: Headers; body: unknown }[] = [];
  const fetch = vi.fn(async (input: Request | string, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input.url;
    if (url.endsWith("/api/me")) return new Response(JSON.stringify(ME), { status: 200 });
    const call = {
      url,
      method: typeof input === "string" ? String(init?.method) : input.method,
      headers: new Headers(typeof input === "string" ? (init?.headers as Record<string, string>) : input.headers),
      body: typeof input === "string" ? JSON.parse(String(init?.body)) : await input.json(),
    };
    calls.push(call);
    return answer(call);
  });
  vi.stubGlobal("fetch", fetch);
  return { calls, fetch };
}

function LoggedIn({ children }: { children: ReactNode }) {
  const { me } = useSession();
  return me ? <OutboxProvider>{children}</OutboxProvider> : null;
}

export function renderWithOutbox(ui: ReactNode) {
  return render(withQueries(<SessionProvider><LoggedIn>{ui}</LoggedIn></SessionProvider>));
}
