import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionProvider } from "../../app/session";
import i18n from "../../i18n";
import { LoginPage } from "./LoginPage";

function respond(status: number, body: unknown) {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

describe("LoginPage", () => {
  afterEach(() => vi.unstubAllGlobals());

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
      <SessionProvider>
        <MemoryRouter>
          <LoginPage />
        </MemoryRouter>
      </SessionProvider>,
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
});
