import { describe, expect, it } from "vitest";
import { emptyForm, messagesAt, toCreatePayload, toPayload } from "./profileForm";

describe("profile form", () => {
  it("turns inputs into the API's payload", () => {
    const form = {
      ...emptyForm(),
      email: " ravi@example.test ",
      languages_spoken: "hi, en;  ",
      municipality: " Eindhoven ",
      arrival_on: "2026-11-02",
      team: "4",
      children: [{ first_name: " Asha ", birth_date: "2021-05-04" }],
    };
    const payload = toCreatePayload(form);
    expect(payload.email).toBe("ravi@example.test");
    expect(payload.languages_spoken).toEqual(["hi", "en"]);
    expect(payload.municipality).toBe("eindhoven");
    expect(payload.arrival_on).toBe("2026-11-02");
    expect(payload.first_day_on).toBeNull();
    expect(payload.team).toBe(4);
    expect(payload.buddy).toBeNull();
    expect(payload).not.toHaveProperty("team_lead"); // the team's lead is taken
    expect(toPayload(form).team_lead).toBeNull();
    expect(payload.children).toEqual([{ first_name: "Asha", birth_date: "2021-05-04" }]);
    expect(toPayload(form)).not.toHaveProperty("email");
  });

  it("finds messages for a field and for a field inside a row", () => {
    const fields = {
      first_day_on: ["The first working day cannot be before arrival."],
      children: { "1": { birth_date: ["Is in the future."] } },
      leaves: ["Something about all leave."],
      languages_spoken: { "1": ["Ensure this field has no more than 10 characters."] },
    };
    expect(messagesAt(fields, "first_day_on")).toEqual(["The first working day cannot be before arrival."]);
    expect(messagesAt(fields, "children", 0, "birth_date")).toEqual([]);
    expect(messagesAt(fields, "children", 1, "birth_date")).toEqual(["Is in the future."]);
    expect(messagesAt(fields, "children")).toEqual([]);
    expect(messagesAt(fields, "leaves")).toEqual(["Something about all leave."]);
    expect(messagesAt(fields, "leaves", 0, "ends_on")).toEqual([]);
    expect(messagesAt(fields, "arrival_on")).toEqual([]);
    expect(messagesAt(fields, "languages_spoken")).toEqual(["Ensure this field has no more than 10 characters."]);
    expect(messagesAt({ children: [{}, { birth_date: ["Bad."] }] }, "children", 1, "birth_date")).toEqual(["Bad."]);
  });
});
