/** Marks the first occurrence of each Dutch term in safe HTML: the word becomes a button that opens
 * its explanation. Text inside links, buttons, code and headings is left alone, so links and the
 * structure of the text stay exactly as they were. */

export interface MarkableTerm {
  key: string;
  term: string;
  also: string[];
}

const SKIP = new Set(["A", "BUTTON", "CODE", "PRE", "H1", "H2", "H3", "H4", "SCRIPT", "STYLE"]);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function patternFor(forms: string[]): RegExp {
  const sorted = [...forms].sort((a, b) => b.length - a.length).map(escape);
  // A whole word: not inside another word (letters of any script, digits).
  return new RegExp(`(?<![\\p{L}\\p{N}])(${sorted.join("|")})(?![\\p{L}\\p{N}])`, "iu");
}

export function markTerms(html: string, terms: MarkableTerm[]): string {
  if (!terms.length) return html;
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, "text/html");
  const root = doc.body.firstElementChild as HTMLElement;
  for (const term of terms) {
    const pattern = patternFor([term.term, ...term.also]);
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node: Node | null;
    while ((node = walker.nextNode())) {
      let parent = node.parentElement;
      let skipped = false;
      while (parent && parent !== root) {
        if (SKIP.has(parent.tagName) || parent.classList.contains("term-mark")) skipped = true;
        parent = parent.parentElement;
      }
      if (skipped) continue;
      const text = node.textContent ?? "";
      const match = pattern.exec(text);
      if (!match) continue;
      const before = doc.createTextNode(text.slice(0, match.index));
      const after = doc.createTextNode(text.slice(match.index + match[0].length));
      const button = doc.createElement("button");
      button.type = "button";
      button.className = "term-mark";
      button.dataset.term = term.key;
      button.setAttribute("lang", "nl");
      button.textContent = match[0];
      node.parentNode!.replaceChild(after, node);
      after.parentNode!.insertBefore(button, after);
      after.parentNode!.insertBefore(before, button);
      break;
    }
  }
  return root.innerHTML;
}
