import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ReadAloud } from "./ReadAloud";
import { markTerms } from "./marking";
import { useTerms, type Term } from "./useTerms";

/** Safe HTML with the first occurrence of each Dutch term marked; tapping one shows its explanation
 * in the reader's language, how to say it, and reads it aloud in Dutch. */
export function MarkedText({
  html,
  className,
  lang,
  dir,
}: {
  html: string;
  className?: string;
  lang?: string;
  dir?: "auto" | "ltr" | "rtl";
}) {
  const terms = useTerms().data?.results;
  const [open, setOpen] = useState<Term | null>(null);
  const marked = useMemo(() => (terms ? markTerms(html, terms) : html), [html, terms]);

  function onClick(event: React.MouseEvent<HTMLDivElement>) {
    const target = (event.target as HTMLElement).closest<HTMLElement>(".term-mark");
    if (!target) return;
    setOpen(terms?.find((term) => term.key === target.dataset.term) ?? null);
  }

  return (
    <>
      {/* The marks inside are <button>s (keyboard and screen readers reach them); this only listens for
          their clicks as they bubble up, so the div itself is not a control. */}
      {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- delegated clicks of the <button> marks inside */}
      <div className={className} lang={lang} dir={dir} onClick={onClick} dangerouslySetInnerHTML={{ __html: marked }} />
      {open && <TermExplained term={open} onClose={() => setOpen(null)} />}
    </>
  );
}

export function TermExplained({ term, onClose }: { term: Term; onClose?: () => void }) {
  const { t } = useTranslation();
  return (
    <aside className="notice term-explained" aria-label={term.term} role="dialog">
      <p>
        <strong lang="nl">{term.term}</strong> <span className="muted">({t("terms.say", { say: term.say })})</span>
      </p>
      <p lang={term.language}>{term.explanation}</p>
      <ReadAloud text={term.term} lang="nl" label={t("terms.sayAloud", { term: term.term })} source={{ kind: "term", ref: term.key }} />
      {onClose && <button type="button" onClick={onClose}>{t("terms.close")}</button>}
    </aside>
  );
}
