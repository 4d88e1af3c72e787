/** For component tests: the app's query cache settings, fresh for each render (no answers shared). */
import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { makeQueryClient } from "./query";

export function withQueries(ui: ReactNode) {
  return <QueryClientProvider client={makeQueryClient()}>{ui}</QueryClientProvider>;
}

export function renderWithQueries(ui: ReactNode) {
  return render(withQueries(ui));
}
