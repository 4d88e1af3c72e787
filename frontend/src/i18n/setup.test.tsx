/**
 * How the interface language is set up (index.ts), as a reader meets it: the choice kept on this
 * device, the browser's languages when nothing else is known, and what i18next does with the
 * options the app starts it with — English for what a catalog lacks, names shown as typed, and
 * no screen swapped for a loading fallback while its texts arrive. Found by mutation testing
 * (docs/testing.md): the set-up runs once at import, so it is tested through i18nextOptions on an
 * instance of its own, with catalogs written here (the real ones have every key in every language).
 */
import { cleanup, render, screen } from "@testing-library/react";
import { createInstance, type i18n as I18n } from "i18next";
import resourcesToBackend from "i18next-resources-to-backend";
import { Suspense } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import i18n, { applyLanguage, i18nextOptions, loadLaterCatalog, pickLanguage, type UiLanguage } from ".";
import { FIRST, LATER } from "./parts";

type Catalogs = Record<string, Record<string, Record<string, string | null>>>;

const CATALOGS: Catalogs = {
  en: {
    [FIRST]: { greeting: "Welcome, {{name}}", "home.title": "Home", "leave.title": "Days off" },
    [LATER]: { "settings.title": "Settings" },
  },
  // A machine draft that lacks one text and left another empty.
  pl: {
    [FIRST]: { greeting: "Witaj, {{name}}", "leave.title": null },
    [LATER]: { "settings.title": "Ustawienia" },
  },
};

/** i18next started the way index.ts starts it, for `language`, on these catalogs. */
async function start(language: UiLanguage, load = async (lng: string, ns: string) => CATALOGS[lng]?.[ns] ?? {}): Promise<I18n> {
  const instance = createInstance().use(resourcesToBackend(load));
  await instance.init(i18nextOptions(language));
  return instance;
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("the language kept on this device and the browser's", () => {
  beforeEach(() => localStorage.clear());

  it("reads and writes the choice under welkom.language, where earlier versions of the app left it", () => {
    localStorage.setItem("welkom.language", "ro");
    expect(pickLanguage(null, ["nl"])).toBe("ro");
    applyLanguage("pl");
    expect(localStorage.getItem("welkom.language")).toBe("pl");
  });

  it("takes the browser's languages when the caller passes none", () => {
    vi.spyOn(navigator, "languages", "get").mockReturnValue(["hi-IN", "ro-RO", "en-GB"]);
    expect(pickLanguage()).toBe("ro");
    expect(pickLanguage(null)).toBe("ro");
    expect(pickLanguage("nl")).toBe("nl");
  });

  it("gives English on a browser that lists no languages", () => {
    vi.spyOn(navigator, "languages", "get").mockReturnValue(undefined as unknown as readonly string[]);
    expect(pickLanguage()).toBe("en");
  });
});

describe("i18next as the app starts it", () => {
  it("speaks the reader's language and fills what its catalog lacks or leaves empty in English", async () => {
    const polish = await start("pl");
    expect(polish.language).toBe("pl");
    expect(polish.t("greeting", { name: "Ola" })).toBe("Witaj, Ola");
    expect(polish.t("home.title")).toBe("Home");
    expect(polish.t("leave.title")).toBe("Days off");
  });

  it("waits for the first screens' part only; the rest is found without naming its part once loaded", async () => {
    const polish = await start("pl");
    expect(polish.hasResourceBundle("pl", FIRST)).toBe(true);
    expect(polish.hasResourceBundle("pl", LATER)).toBe(false);
    await polish.loadNamespaces(LATER);
    expect(polish.t("settings.title")).toBe("Ustawienia");
  });

  it("shows a name as it was typed, apostrophe, ampersand and angle brackets included", async () => {
    const english = await start("en");
    function Greeting({ name }: { name: string }) {
      const { t } = useTranslation();
      return <p>{t("greeting", { name })}</p>;
    }
    render(
      <I18nextProvider i18n={english}>
        <Greeting name="Zoë O'Brien & <Co>" />
      </I18nextProvider>,
    );
    expect(screen.getByText("Welcome, Zoë O'Brien & <Co>")).toBeTruthy();
  });

  it("keeps a screen in place while its texts are on their way, instead of the loading fallback", async () => {
    let arrive = () => {};
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const polish = await start("pl", async (lng, ns) => {
      if (ns === LATER) await arrived;
      return CATALOGS[lng]?.[ns] ?? {};
    });
    function SettingsTitle() {
      const { t, ready } = useTranslation(LATER);
      return <h1>{ready ? t("settings.title") : t("greeting", { ns: FIRST, name: "Ola" })}</h1>;
    }
    render(
      <I18nextProvider i18n={polish}>
        <Suspense fallback={<p>Loading</p>}>
          <SettingsTitle />
        </Suspense>
      </I18nextProvider>,
    );
    expect(screen.queryByText("Loading")).toBeNull();
    expect(screen.getByRole("heading").textContent).toBe("Witaj, Ola");
    await act(async () => {
      arrive();
      await arrived;
    });
    expect((await screen.findByRole("heading", { name: "Ustawienia" })).textContent).toBe("Ustawienia");
  });
});

describe("the rest of the catalog", () => {
  it("fails, for the screen to offer a retry, while the reader's language lacks it, though English has it", async () => {
    const before = i18n.language;
    await loadLaterCatalog();
    // The network is gone: every catalog download fails.
    const backend = i18n.services.backendConnector.backend as { read: (...args: never[]) => void };
    const read = vi
      .spyOn(backend, "read")
      .mockImplementation((_language: string, _namespace: string, done: (error: Error, data: false) => void) =>
        done(new Error("offline"), false),
      );
    try {
      await i18n.changeLanguage("bg");
      expect(i18n.hasResourceBundle("en", LATER)).toBe(true);
      await expect(loadLaterCatalog()).rejects.toThrow("Failed to fetch the interface texts");
    } finally {
      read.mockRestore();
      await i18n.changeLanguage(before);
    }
  });
});
