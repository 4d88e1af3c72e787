import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { plainText, prepareForSpeech, segments, sentences, voiceFor } from "./speech";

/** The cases the server's voice passes too (tests/speech/test_prepare.py). */
const shared = JSON.parse(readFileSync(join(__dirname, "../../../../tests/speech/cases.json"), "utf8")) as {
  cases: { lang: string; source: string; said: string }[];
};

describe("text prepared for speaking", () => {
  it.each(shared.cases.map((c) => [c.lang, c.source, c.said]))("%s: %s (same as the server's voice)", (lang, source, said) => {
    expect(prepareForSpeech(source, lang)).toBe(said);
  });

  it("drops Markdown and HTML symbols and reads link text, not addresses", () => {
    const text = plainText("## Pay\n- **Holiday pay** is paid in [May](https://example.org/may).\n<p>See <a href=\"/x\">the list</a></p>");
    expect(text).toBe("Pay\nHoliday pay is paid in May.\nSee the list");
  });

  it("reads phone numbers digit by digit in every language", () => {
    expect(prepareForSpeech("Bel 0900-8844.", "nl")).toBe("Bel 0 9 0 0, 8 8 4 4.");
    expect(prepareForSpeech("Zadzwoń: +31 20 123 4567", "pl")).toBe("Zadzwoń: plus 3 1, 2 0, 1 2 3, 4 5 6 7.");
    expect(prepareForSpeech("اتصل بـ 112 الآن", "ar")).toBe("اتصل بـ 1 1 2 الآن.");
    expect(prepareForSpeech("In 2026 we were 35", "en")).toBe("In 2026 we were 35.");
  });

  it("says amounts with their currency in the reader's language", () => {
    expect(prepareForSpeech("Deposit: €932.93", "en")).toBe("Deposit: 932 euro 93 cents.");
    expect(prepareForSpeech("Депозит: € 500", "bg")).toBe("Депозит: 500 евро.");
    expect(prepareForSpeech("Depozito 500 €", "tr")).toBe("Depozito 500 avro.");
  });

  it("says dates and times as a person does in the language", () => {
    expect(prepareForSpeech("Start 2026-03-09 om 09:00", "nl")).toBe("Start 9 maart 2026 om 9 uur.");
    expect(prepareForSpeech("Початок 09-03-2026 о 9:15", "uk")).toBe("Початок 9 березня 2026 о 9 15.");
  });

  it("keeps Dutch terms Dutch: segments read with a Dutch voice", () => {
    expect(segments("Twój numer BSN i DigiD.", "pl", ["BSN", "DigiD", "gemeente"])).toEqual([
      { text: "Twój numer ", lang: "pl" },
      { text: "BSN", lang: "nl" },
      { text: " i ", lang: "pl" },
      { text: "DigiD", lang: "nl" },
      { text: ".", lang: "pl" },
    ]);
    expect(segments("Je BSN.", "nl", ["BSN"])).toEqual([{ text: "Je BSN.", lang: "nl" }]);
    expect(segments("huisartsenpost", "en", ["huisarts", "huisartsenpost"])).toEqual([{ text: "huisartsenpost", lang: "nl" }]);
  });

  it("splits sentences (also Arabic question marks) and list lines", () => {
    expect(sentences("One. Two? Three!\nFour")).toEqual(["One.", "Two?", "Three!", "Four"]);
    expect(sentences("هل ساعدك؟ نعم.")).toEqual(["هل ساعدك؟", "نعم."]);
  });

  it("picks a voice of the reader's language, a local one first", () => {
    const voices = [
      { lang: "en-GB", localService: true, name: "en" },
      { lang: "pl-PL", localService: false, name: "pl-net" },
      { lang: "pl_PL", localService: true, name: "pl-local" },
    ] as unknown as SpeechSynthesisVoice[];
    expect(voiceFor(voices, "pl")?.name).toBe("pl-local");
    expect(voiceFor(voices, "ar")).toBeUndefined();
  });
});
