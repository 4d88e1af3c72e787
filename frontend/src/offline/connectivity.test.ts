import { afterEach, describe, expect, it } from "vitest";

import { connectivityMiddleware, isOnline, setOnline } from "./connectivity";

function fail(error: unknown): void {
  const request = new Request("http://welkom.test/api/chat/channels/1/messages");
  void connectivityMiddleware.onError?.({ request, error, schemaPath: "", params: {}, id: "1", options: {} as never });
}

describe("connectivity", () => {
  afterEach(() => setOnline(true));

  it("goes offline when a request cannot reach the server", () => {
    setOnline(true);
    fail(new TypeError("Failed to fetch"));
    expect(isOnline()).toBe(false);
  });

  it("stays online when the app cancelled a request itself", () => {
    setOnline(true);
    fail(new DOMException("The user aborted a request.", "AbortError"));
    expect(isOnline()).toBe(true);
  });
});
