import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { i18nReady, loadLaterCatalog } from "./i18n";
import "./styles.css";
import { api } from "./api/client";
import { connectivityMiddleware } from "./offline/connectivity";
import { registerServiceWorker } from "./offline/register";

api.use(connectivityMiddleware);
registerServiceWorker();

// The reader's language is loaded first, so the screen never flashes in English or shows a key.
void i18nReady.finally(() => {
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  // The rest of the catalog (the other screens') once the first screen has had the connection.
  const later = () => void loadLaterCatalog().catch(() => undefined); // a screen that needs it retries
  if ("requestIdleCallback" in window) requestIdleCallback(later, { timeout: 5000 });
  else setTimeout(later, 2000);
});
