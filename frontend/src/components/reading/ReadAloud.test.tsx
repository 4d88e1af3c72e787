import { cleanup, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithQueries } from "../../api/testing";
import i18n from "../../i18n";
import { ReadAloud } from "./ReadAloud";

/** A recording stand-in for the browser's speech synthesis: it keeps what it was asked to say. */
function fakeSynthesis(voices: { lang: string; name: string }[]) {
  const spoken: SpeechSynthesisUtterance[] = [];
  const synth = {
    spoken,
    getVoices: () => voices.map((voice) => ({ ...voice, localService: true })),
    speak: (utterance: SpeechSynthesisUtterance) => spoken.push(utterance),
    cancel: vi.fn(),
    pause: vi.fn(),
    resume: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
  };
  vi.stubGlobal("speechSynthesis", synth);
  vi.stubGlobal(
    "SpeechSynthesisUtterance",
    class {
      text: string;
      voice: unknown = null;
      lang = "";
      rate = 1;
      onend: (() => void) | null = null;
      constructor(text: string) {
        this.text = text;
      }
    },
  );
  return synth;
}

describe("ReadAloud", () => {
  afterEach(async () => {
    cleanup();
    vi.unstubAllGlobals();
    await i18n.changeLanguage("en");
  });

  it("reads sentence by sentence with a voice of the language and marks the one being read", async () => {
    const synth = fakeSynthesis([{ lang: "en-GB", name: "English" }, { lang: "pl-PL", name: "Polski" }]);
    renderWithQueries(<ReadAloud text="<p>Zadzwoń pod 0900-8844. Potem czekaj.</p>" lang="pl" />);
    await userEvent.click(screen.getByRole("button", { name: "Read aloud" }));
    expect(synth.spoken.map((u) => u.text)).toEqual(["Zadzwoń pod 0 9 0 0, 8 8 4 4."]);
    expect((synth.spoken[0].voice as { name: string }).name).toBe("Polski");
    expect(screen.getByText("Zadzwoń pod 0 9 0 0, 8 8 4 4.").tagName).toBe("MARK");
    synth.spoken[0].onend?.(new Event("end") as SpeechSynthesisEvent);
    expect(await screen.findByText("Potem czekaj.")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Faster" }));
    expect(synth.spoken.at(-1)?.rate).toBeGreaterThan(1);
  });

  it("says in the reader's language when the phone has no voice, and how to add one", async () => {
    fakeSynthesis([{ lang: "en-US", name: "English" }]);
    await i18n.changeLanguage("pl");
    renderWithQueries(<ReadAloud text="مرحبا" lang="ar" />);
    await userEvent.click(screen.getByRole("button", { name: "Czytaj na głos" }));
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Ten telefon nie ma jeszcze głosu");
    expect(alert.textContent).toContain("Android");
    expect(alert.textContent).toContain("iPhone");
  });

  it("reads Dutch terms in a sentence with a Dutch voice", async () => {
    const synth = fakeSynthesis([{ lang: "pl-PL", name: "Polski" }, { lang: "nl-NL", name: "Nederlands" }]);
    vi.stubGlobal("fetch", async () =>
      new Response(JSON.stringify({ count: 1, next: null, previous: null, results: [{ key: "bsn", term: "BSN", also: [], say: "", source_url: "", explanation: "", language: "pl", requested_language: "pl", is_fallback: false, drafted: false }] }), { status: 200, headers: { "Content-Type": "application/json" } }));
    await i18n.changeLanguage("pl");
    renderWithQueries(<ReadAloud text="Twój numer BSN jest ważny." lang="pl" />);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the term list arrives
    await userEvent.click(screen.getByRole("button", { name: "Czytaj na głos" }));
    expect(synth.spoken.map((u) => [u.text, (u.voice as { name: string }).name])).toEqual([
      ["Twój numer ", "Polski"],
      ["BSN", "Nederlands"],
      [" jest ważny.", "Polski"],
    ]);
  });

  it("offers the server's voice without a voice on the phone, waits while it is made, then plays it", async () => {
    fakeSynthesis([{ lang: "en-GB", name: "English" }]);
    const asked: unknown[] = [];
    vi.stubGlobal("fetch", async (request: Request) => {
      if (request.url.includes("/api/terms")) return new Response(JSON.stringify({ count: 0, next: null, previous: null, results: [] }), { status: 200, headers: { "Content-Type": "application/json" } });
      asked.push(await request.json());
      const ready = asked.length > 1;
      const body = { status: ready ? "ready" : "pending", language: "ar", duration_ms: ready ? 2300 : 0, url: ready ? "/api/speech/audio?kind=step&ref=7&lang=ar" : null };
      return new Response(JSON.stringify(body), { status: ready ? 200 : 202, headers: { "Content-Type": "application/json" } });
    });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderWithQueries(<ReadAloud text="مرحبا" lang="ar" source={{ kind: "step", ref: "7" }} />);
    await userEvent.click(screen.getByRole("button", { name: "Read aloud" }));
    await userEvent.click(screen.getByRole("button", { name: "Listen with the server's voice" }));
    expect(await screen.findByRole("status")).toBeTruthy();
    await vi.advanceTimersByTimeAsync(2000);
    const audio = await screen.findByLabelText("Audio of this text");
    expect(audio.getAttribute("src")).toBe("/api/speech/audio?kind=step&ref=7&lang=ar");
    expect(asked).toEqual([{ kind: "step", ref: "7", lang: "ar" }, { kind: "step", ref: "7", lang: "ar" }]);
    vi.useRealTimers();
  });
});
