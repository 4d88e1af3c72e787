import { useTranslation } from "react-i18next";
import type { ApiErrorBody } from "../api/client";

/** The loading line every page shows while it waits for the server. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="status" role="status">
      {t("common.loading")}
    </p>
  );
}

/** The server's own explanation of a refused request, or nothing. */
export function ErrorText({ error }: { error: ApiErrorBody | null }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {error.detail}
    </p>
  );
}
