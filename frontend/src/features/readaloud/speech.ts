/** Text prepared for speaking: no Markdown or link symbols, phone numbers digit by digit, amounts
 * with their currency in words, and sentences split so the one being read can be marked. */

const CURRENCY: Record<string, string> = {
  en: "euro", nl: "euro", pl: "euro", ro: "euro", bg: "евро", uk: "євро", tr: "avro", ar: "يورو",
};

/** Markdown or HTML to plain text a voice reads well. */
export function plainText(source: string): string {
  return source
    .replace(/<[^>]+>/g, " ")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/^\s{0,3}#{1,6}\s+/gm, "")
    .replace(/^\s*[-*+]\s+/gm, "")
    .replace(/[*_`>#|~]+/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .replace(/ *\n+ */g, "\n")
    .trim();
}

/** Say phone numbers (4+ digits with - or spaces, or a leading 0 / +) one digit at a time. */
export function spellNumbers(text: string): string {
  return text.replace(/(?<![\w€])(\+?\d[\d -]{2,}\d)(?![\w%])/g, (match) => {
    const digits = match.replace(/[^\d+]/g, "");
    const phoneLike = digits.startsWith("0") || digits.startsWith("+") || /[- ]/.test(match.trim());
    if (!phoneLike || digits.length < 3) return match;
    return digits.split("").join(" ").replace("+", "plus");
  });
}

/** "€ 1.250" / "1250 euro" → "1250 euro" in the reader's language. */
export function sayAmounts(text: string, lang: string): string {
  const word = CURRENCY[lang] ?? "euro";
  return text
    .replace(/€\s?(\d[\d.,]*)/g, (_m, amount: string) => `${amount.replace(/[.,]$/, "")} ${word}`)
    .replace(/(\d[\d.,]*)\s?€/g, (_m, amount: string) => `${amount} ${word}`);
}

export function prepareForSpeech(source: string, lang: string): string {
  return sayAmounts(spellNumbers(plainText(source)), lang);
}

/** Sentences (and list lines) in reading order. */
export function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?؟])\s+/)
    .map((part) => part.trim())
    .filter((part) => /[\p{L}\p{N}]/u.test(part));
}

/** The voice for ``lang`` the device has, if any (exact language first, then any of the region). */
export function voiceFor(voices: SpeechSynthesisVoice[], lang: string): SpeechSynthesisVoice | undefined {
  const wanted = lang.toLowerCase();
  return (
    voices.find((voice) => voice.lang.toLowerCase().replace("_", "-").split("-")[0] === wanted && voice.localService) ??
    voices.find((voice) => voice.lang.toLowerCase().replace("_", "-").split("-")[0] === wanted)
  );
}
