import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import "./i18n";
import "./styles.css";
import { api } from "./api/client";
import { connectivityMiddleware } from "./offline/connectivity";
import { registerServiceWorker } from "./offline/register";

api.use(connectivityMiddleware);
registerServiceWorker();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
