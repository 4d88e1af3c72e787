import { useTranslation } from "react-i18next";
import { $api } from "../../api/query";
import { QueryStatus } from "../../components/QueryStatus";
import "../../components/reading/reading.css";
import { RoleGate } from "../settings";

/** HR: per item, how many found it helpful, and the comments in HR's language. */
export function FeedbackReportPage() {
  return (
    <RoleGate allowed={["hr", "admin"]}>
      <FeedbackReport />
    </RoleGate>
  );
}

function FeedbackReport() {
  const { t } = useTranslation();
  const query = $api.useQuery("get", "/api/feedback/summary", { params: { query: { page_size: 100 } } });
  const rows = query.data?.results;
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("feedback.report.title")}</h1>
        <p className="muted">{t("feedback.report.intro")}</p>
      </header>
      <QueryStatus query={query} />
      {rows?.length === 0 && <p className="empty">{t("feedback.report.empty")}</p>}
      <ul className="feedback-list">
        {rows?.map((row) => (
          <li key={`${row.kind}:${row.key}`} className="card stack">
            <h2>{row.title}</h2>
            <p className="muted">{t(`search.kind.${row.kind}`)}</p>
            <p>{t("feedback.report.counts", { yes: row.helpful, no: row.not_helpful })}</p>
            {row.comments.length > 0 && (
              <ul>
                {row.comments.map((comment, index) => (
                  <li key={index}>
                    <span>{comment.translated ?? comment.text}</span>
                    {comment.translated && <span className="muted"> ({t("feedback.report.original", { text: comment.text })})</span>}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
