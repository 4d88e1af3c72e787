import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { apiUrlsRead } from "./caches";

describe("what the service worker may keep for offline use", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    apiUrlsRead.clear();
  });

  it("remembers answers read with GET, never the addresses of writes or failures", async () => {
    const statuses: Record<string, number> = { "/api/me": 200, "/api/checklist-items/7": 200, "/api/journeys/today": 503 };
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const status = statuses[new URL(request.url).pathname] ?? 404;
        return new Response("{}", { status, headers: { "Content-Type": "application/json" } });
      }),
    );
    await api.GET("/api/me");
    await api.PATCH("/api/checklist-items/{id}", { params: { path: { id: 7 } }, body: {} as never });
    await api.GET("/api/journeys/today");
    expect([...apiUrlsRead].map((url) => new URL(url).pathname)).toEqual(["/api/me"]);
  });
});
