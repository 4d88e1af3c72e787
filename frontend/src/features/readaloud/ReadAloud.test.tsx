import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
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
    render(<ReadAloud text="<p>Zadzwoń pod 0900-8844. Potem czekaj.</p>" lang="pl" />);
    await userEvent.click(screen.getByRole("button", { name: "Read aloud" }));
    expect(synth.spoken.map((u) => u.text)).toEqual(["Zadzwoń pod 0 9 0 0 8 8 4 4."]);
    expect((synth.spoken[0].voice as { name: string }).name).toBe("Polski");
    expect(screen.getByText("Zadzwoń pod 0 9 0 0 8 8 4 4.").tagName).toBe("MARK");
    synth.spoken[0].onend?.(new Event("end") as SpeechSynthesisEvent);
    expect(await screen.findByText("Potem czekaj.")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Faster" }));
    expect(synth.spoken.at(-1)?.rate).toBeGreaterThan(1);
  });

  it("says in the reader's language when the phone has no voice, and how to add one", async () => {
    fakeSynthesis([{ lang: "en-US", name: "English" }]);
    await i18n.changeLanguage("pl");
    render(<ReadAloud text="مرحبا" lang="ar" />);
    await userEvent.click(screen.getByRole("button", { name: "Czytaj na głos" }));
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Ten telefon nie ma jeszcze głosu");
    expect(alert.textContent).toContain("Android");
    expect(alert.textContent).toContain("iPhone");
  });
});
