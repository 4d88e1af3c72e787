import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionProvider } from "../../app/session";
import i18n from "../../i18n";
import { LoginPage } from "./LoginPage";
import { withQueries } from "../../api/testing";

function respond(status: number, body: unknown) {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

describe("LoginPage", () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("shows the server's message when the password is wrong, and sends the CSRF token", async () => {
    await i18n.changeLanguage("en");
    document.cookie = "csrftoken=abc123";
    const calls: Request[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        calls.push(request);
        if (request.url.endsWith("/api/me")) return respond(401, { code: "not_authenticated", detail: "Please log in first.", fields: {} });
        return respond(400, {
          code: "invalid_credentials",
          detail: "The e-mail address or password is not right.",
          fields: { password: ["Check your e-mail address and password."] },
        });
      }),
    );
    render(
      withQueries(
        <SessionProvider>
          <MemoryRouter>
            <LoginPage />
          </MemoryRouter>
        </SessionProvider>,
      ),
    );
    await userEvent.type(screen.getByLabelText("E-mail address"), "ana@example.test");
    await userEvent.type(screen.getByLabelText("Password"), "wrong");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("The e-mail address or password is not right.");
    const login = calls.find((request) => request.url.endsWith("/api/auth/login"))!;
    expect(login.method).toBe("POST");
    expect(login.headers.get("X-CSRFToken")).toBe("abc123");
    expect(await login.json()).toEqual({ email: "ana@example.test", password: "wrong" });
  });

  it("asks for the authenticator code when the organisation requires it, then sends it along", async () => {
    await i18n.changeLanguage("en");
    const bodies: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        if (request.url.endsWith("/api/me")) return respond(401, { code: "not_authenticated", detail: "x", fields: {} });
        // The page also asks, once the address is typed, whether a company sign-in serves it; on a
        // busy machine that answer can come after the log-in, so only log-ins are kept here.
        if (request.url.endsWith("/api/auth/sso/discover")) return respond(200, { provider: null, password_login: true });
        const body = await request.json();
        bodies.push(body);
        if (!("otp_code" in body)) {
          return respond(400, { code: "otp_required", detail: "Enter the code.", fields: { otp_code: ["Enter the code."] } });
        }
        return respond(400, { code: "otp_invalid", detail: "That code is not right.", fields: { otp_code: ["Not the current code."] } });
      }),
    );
    render(
      withQueries(
        <SessionProvider>
          <MemoryRouter>
            <LoginPage />
          </MemoryRouter>
        </SessionProvider>,
      ),
    );
    await userEvent.type(screen.getByLabelText("E-mail address"), "hr@example.test");
    await userEvent.type(screen.getByLabelText("Password"), "secret-password");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    const code = await screen.findByLabelText("Code from your authenticator app");
    await userEvent.type(code, "123456");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByText("That code is not right.")).toBeTruthy();
    expect(bodies.at(-1)).toEqual({ email: "hr@example.test", password: "secret-password", otp_code: "123456" });
  });
});
