import { describe, expect, it } from "vitest";
import { plainText, prepareForSpeech, sentences, voiceFor } from "./speech";

describe("text prepared for speaking", () => {
  it("drops Markdown and HTML symbols and reads link text, not addresses", () => {
    const text = plainText("## Pay\n- **Holiday pay** is paid in [May](https://example.org/may).\n<p>See <a href=\"/x\">the list</a></p>");
    expect(text).toBe("Pay\nHoliday pay is paid in May.\nSee the list");
  });

  it("reads phone numbers digit by digit in every language", () => {
    expect(prepareForSpeech("Bel 0900-8844.", "nl")).toBe("Bel 0 9 0 0 8 8 4 4.");
    expect(prepareForSpeech("Zadzwoń: +31 20 123 4567", "pl")).toBe("Zadzwoń: plus 3 1 2 0 1 2 3 4 5 6 7");
    expect(prepareForSpeech("اتصل بـ 112 الآن", "ar")).toContain("112"); // three digits: said as a number
  });

  it("says amounts with their currency in the reader's language", () => {
    expect(prepareForSpeech("Deposit: €932.93", "en")).toBe("Deposit: 932.93 euro");
    expect(prepareForSpeech("Депозит: € 500", "bg")).toBe("Депозит: 500 евро");
    expect(prepareForSpeech("Depozito 500 €", "tr")).toBe("Depozito 500 avro");
  });

  it("keeps Dutch terms as they are", () => {
    expect(prepareForSpeech("Twój numer BSN i DigiD.", "pl")).toBe("Twój numer BSN i DigiD.");
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
