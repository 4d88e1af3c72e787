import { useTranslation } from "react-i18next";
import { useSession } from "../../app/session";
import { QueryStatus } from "../../components/QueryStatus";
import { HelpfulPrompt } from "../feedback";
import { ReadAloud } from "../../components/reading/ReadAloud";
import { useTerms } from "../../components/reading/useTerms";

/** Every Dutch word explained, in the reader's language; each can be heard in Dutch. */
export function TermsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const query = useTerms();
  const terms = query.data?.results;
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("terms.title")}</h1>
        <p className="muted">{t("terms.intro")}</p>
      </header>
      <QueryStatus query={query} />
      <ul className="term-list">
        {terms?.map((term) => (
          <li key={term.key} id={`term-${term.key}`} className="card stack">
            <h2 lang="nl">{term.term}</h2>
            <p className="muted">{t("terms.say", { say: term.say })}</p>
            <p lang={term.language}>{term.explanation}</p>
            {term.drafted && <p className="muted">{t("terms.drafted")}</p>}
            {term.source_url && (
              <p><a href={term.source_url} target="_blank" rel="noopener noreferrer">{t("terms.source")}</a></p>
            )}
            <ReadAloud text={term.term} lang="nl" label={t("terms.sayAloud", { term: term.term })} source={{ kind: "term", ref: term.key }} />
            {me?.role === "newcomer" && <HelpfulPrompt kind="term" refId={term.key} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
