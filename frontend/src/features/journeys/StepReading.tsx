import { useSession } from "../../app/session";
import { ReadAloud } from "../../components/reading/ReadAloud";
import { HelpfulPrompt } from "../feedback";
import type { Schemas } from "../../api/client";

/**
 * An opened step of the newcomer's own plan: its text, read aloud, and "did this help?". A chunk of
 * its own (with the speech code), fetched when a step is first opened, not with the home screen.
 */
export function StepReadingBody({ step }: { step: Schemas["Step"] }) {
  const { me } = useSession();
  return (
    <>
      {step.body && <p lang={step.content.language} dir="auto">{step.body}</p>}
      <ReadAloud
        text={[step.title, step.body].filter(Boolean).join(". ")}
        lang={step.content.language}
        source={{ kind: "step", ref: String(step.id) }}
      />
      {me?.role === "newcomer" && <HelpfulPrompt kind="step" refId={String(step.id)} />}
    </>
  );
}
