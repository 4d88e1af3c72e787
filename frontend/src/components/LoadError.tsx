import { useTranslation } from "react-i18next";
import { useConnectivity } from "../offline/connectivity";

/** What to say when a panel could not load: offline and never opened before, or a real error. */
export function LoadError() {
  const { t } = useTranslation();
  const { online } = useConnectivity();
  return (
    <p className="form-error" role="alert">
      {online ? t("errors.load") : t("errors.offline")}
    </p>
  );
}
