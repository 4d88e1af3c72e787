/**
 * A catalog chunk that fails to arrive (a flaky connection) is asked for once more, so the reader
 * gets their language rather than a screen that falls back to English; a second failure stands.
 * Found by mutation testing (docs/testing.md).
 */
import { afterEach, describe, expect, it, vi } from "vitest";

const APP = "@translations/ui/uk/app.json";

async function failing(times: number) {
  const real = await vi.importActual<{ default: Record<string, string> }>(APP);
  let tries = 0;
  vi.doMock(APP, () => {
    tries += 1;
    if (tries <= times) throw new Error("Failed to fetch dynamically imported module");
    return real;
  });
  const { loadCatalog } = await import("./loader");
  return { loadCatalog, real: real.default, tries: () => tries };
}

describe("loadCatalog on a flaky connection", () => {
  afterEach(() => {
    vi.doUnmock(APP);
    vi.resetModules();
  });

  it("asks once more for a chunk that failed to arrive, and gives the reader's language", async () => {
    const { loadCatalog, real, tries } = await failing(1);
    const ukrainian = await loadCatalog("uk");
    expect(tries()).toBe(2);
    const key = Object.keys(real)[0];
    expect(ukrainian[key]).toBe(real[key]);
  });

  it("fails when the chunk fails twice, for the screen to offer a retry", async () => {
    const { loadCatalog } = await failing(2);
    await expect(loadCatalog("uk")).rejects.toThrow();
  });
});
