import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { i18nReady } from "./i18n";
import "./styles.css";
import { api } from "./api/client";
import { connectivityMiddleware } from "./offline/connectivity";
import { registerServiceWorker } from "./offline/register";

api.use(connectivityMiddleware);
registerServiceWorker();

// The reader's language is loaded first, so the screen never flashes in English.
void i18nReady.finally(() =>
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
