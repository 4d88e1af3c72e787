import { describe, expect, it } from "vitest";
import { markTerms } from "./marking";

const terms = [
  { key: "bsn", term: "BSN", also: ["burgerservicenummer"] },
  { key: "gemeente", term: "gemeente", also: [] },
  { key: "huisarts", term: "huisarts", also: [] },
];

describe("marking Dutch terms", () => {
  it("marks only the first occurrence of each term", () => {
    const html = markTerms("<p>Get a BSN at the gemeente. The BSN is yours.</p>", terms);
    expect(html).toBe(
      '<p>Get a <button type="button" class="term-mark" data-term="bsn" lang="nl">BSN</button> at the ' +
        '<button type="button" class="term-mark" data-term="gemeente" lang="nl">gemeente</button>. The BSN is yours.</p>',
    );
  });

  it("leaves links, code and headings intact and marks the next plain occurrence", () => {
    const html = markTerms(
      '<h2>BSN</h2><p><a href="https://example.org/bsn">your BSN</a> and <code>BSN</code>, then BSN.</p>',
      terms,
    );
    expect(html).toContain('<h2>BSN</h2>');
    expect(html).toContain('<a href="https://example.org/bsn">your BSN</a>');
    expect(html).toContain("<code>BSN</code>");
    expect(html).toContain('then <button type="button" class="term-mark" data-term="bsn" lang="nl">BSN</button>.');
  });

  it("matches whole words only, other forms too, in any script around them", () => {
    expect(markTerms("<p>huisartsenpost</p>", terms)).toBe("<p>huisartsenpost</p>");
    expect(markTerms("<p>Twój burgerservicenummer.</p>", terms)).toContain('data-term="bsn"');
    expect(markTerms("<p>رقم BSN الخاص بك</p>", terms)).toContain('data-term="bsn" lang="nl">BSN</button> الخاص');
  });

  it("keeps the rest of the markup exactly", () => {
    const source = "<ul><li><strong>Step 1</strong>: register</li></ul><p><em>Note</em></p>";
    expect(markTerms(source, terms)).toBe(source);
  });
});
