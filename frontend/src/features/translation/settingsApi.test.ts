import { describe, expect, it } from "vitest";
import { formatBytes } from "../../i18n/format";
import { glossaryPayload, glossaryProblems, uploadPackage, type GlossaryDraft } from "./settingsApi";

const DRAFT: GlossaryDraft = { term: " Zuidas ", mode: "keep", translation: "ignored", source_language: "", target_language: "" };
const MESSAGES = { required: "Fill this in.", target: "Choose a language." };

describe("glossary drafts", () => {
  it("send no translation for a kept term, and a trimmed one for a fixed term", () => {
    expect(glossaryPayload(DRAFT)).toEqual({ term: "Zuidas", translation: "", source_language: "", target_language: "" });
    expect(glossaryPayload({ ...DRAFT, mode: "translate", translation: " municipality ", target_language: "en" }))
      .toEqual({ term: "Zuidas", translation: "municipality", source_language: "", target_language: "en" });
  });

  it("ask for a term, and for a translation and its language when the term is translated", () => {
    expect(glossaryProblems(DRAFT, MESSAGES)).toEqual({});
    expect(glossaryProblems({ ...DRAFT, term: "  " }, MESSAGES)).toEqual({ term: ["Fill this in."] });
    expect(glossaryProblems({ ...DRAFT, mode: "translate", translation: "" }, MESSAGES)).toEqual({
      translation: ["Fill this in."],
      target_language: ["Choose a language."],
    });
  });
});

describe("formatBytes", () => {
  it("uses decimal units in the reader's language", () => {
    expect(formatBytes(512, "en")).toBe("512 byte");
    expect(formatBytes(1_234_567, "en")).toBe("1.2 MB");
    expect(formatBytes(1_234_567, "nl")).toBe("1,2 MB");
  });
});

/** Just enough of XMLHttpRequest to drive the upload the way a browser does. */
class FakeRequest {
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  status = 0;
  responseText = "";
  withCredentials = false;
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: FormData | null = null;
  constructor(private readonly answer: (request: FakeRequest) => void) {}
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
    this.answer(this);
  }
}

function progress(request: FakeRequest, loaded: number, total: number) {
  request.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
}

const UPLOAD_MESSAGES = { network: "No connection.", tooLarge: "Too large." };
const FILE = new File(["zip"], "translate-nl_en.argosmodel");

describe("uploadPackage", () => {
  it("reports progress, sends the CSRF token and the file, and returns the installed package", async () => {
    document.cookie = "csrftoken=token-123";
    const seen: number[] = [];
    let sent: FakeRequest | null = null;
    const installed = { from_code: "nl", to_code: "en", package_version: "1.0" };
    const result = await uploadPackage(FILE, (percent) => seen.push(percent), UPLOAD_MESSAGES, () =>
      new FakeRequest((request) => {
        sent = request;
        progress(request, 50, 200);
        progress(request, 200, 200);
        request.status = 201;
        request.responseText = JSON.stringify(installed);
        request.onload?.();
      }) as unknown as XMLHttpRequest,
    );
    expect(seen).toEqual([25, 100]);
    expect(result).toEqual({ ok: true, data: installed });
    expect(sent!.method).toBe("POST");
    expect(sent!.url).toBe("/api/translation/packages");
    expect(sent!.headers["X-CSRFToken"]).toBe("token-123");
    expect((sent!.body!.get("file") as File).name).toBe("translate-nl_en.argosmodel");
  });

  it("passes on the server's reasons, and says so when the file is too large or the network fails", async () => {
    const answer = (status: number, body: string) => () =>
      new FakeRequest((request) => {
        request.status = status;
        request.responseText = body;
        request.onload?.();
      }) as unknown as XMLHttpRequest;
    const refused = await uploadPackage(FILE, () => undefined, UPLOAD_MESSAGES, answer(400, JSON.stringify({
      code: "invalid", detail: "The package has no metadata.json.", fields: { file: ["The package has no metadata.json."] },
    })));
    expect(refused).toEqual({
      ok: false,
      error: { code: "invalid", detail: "The package has no metadata.json.", fields: { file: ["The package has no metadata.json."] } },
    });
    const large = await uploadPackage(FILE, () => undefined, UPLOAD_MESSAGES, answer(413, "<html>nginx</html>"));
    expect(large).toMatchObject({ ok: false, error: { code: "too_large", fields: { file: ["Too large."] } } });
    const offline = await uploadPackage(FILE, () => undefined, UPLOAD_MESSAGES, () =>
      new FakeRequest((request) => request.onerror?.()) as unknown as XMLHttpRequest);
    expect(offline).toMatchObject({ ok: false, error: { code: "network", detail: "No connection." } });
  });
});
