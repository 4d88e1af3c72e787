import { describe, expect, it } from "vitest";
import { buildIndex, fold, search, type SearchEntry } from "./searchIndex";

const entries: SearchEntry[] = [
  { id: "term:bsn", kind: "term", title: "BSN", text: "Twój osobisty numer w holenderskim urzędzie.", dutch: "BSN burgerservicenummer", href: "/terms#term-bsn" },
  { id: "term:zorg", kind: "term", title: "zorgverzekering", text: "Asigurarea de sănătate de bază.", dutch: "zorgverzekering", href: "/terms#term-zorg" },
  { id: "module:pay", kind: "module", title: "Wypłata i odcinek wypłaty", text: "Kiedy dostajesz pieniądze", dutch: "", href: "/modules/pay" },
  { id: "item:1", kind: "checklist_item", title: "Sağlık sigortası yaptır", text: "Dört ay içinde.", dutch: "", href: "/checklists#item-1" },
];

describe("search on the phone", () => {
  it("folds diacritics: ł/l, ș/s, ğ/g", () => {
    expect(fold("Wypłata ŞĂĞ șțâ")).toBe("wyplata sag sta");
  });

  const index = buildIndex([
    ...entries,
    { id: "step:7", kind: "step", title: "Înregistrează-te la primărie", text: "Programare pentru BSN", dutch: "", href: "/" },
  ]);
  const ids = (query: string) => search(index, query).map((hit) => hit.id);

  it("finds words typed without their diacritics", () => {
    expect(ids("wyplata")).toContain("module:pay");
    expect(ids("sanatate")).toContain("term:zorg");
    expect(ids("saglik")).toContain("item:1");
  });

  it("finds a Dutch term whatever language the rest of the text is in", () => {
    expect(ids("zorgverzekering")[0]).toBe("term:zorg");
    expect(ids("burgerservice")[0]).toBe("term:bsn");
    expect(ids("bsn")[0]).toBe("term:bsn");
  });

  it("tolerates a small typo and returns nothing for an empty query", () => {
    expect(ids("zorgverzekring")).toContain("term:zorg");
    expect(ids("   ")).toEqual([]);
  });

  it("finds the steps of the newcomer's own plan, diacritics folded", () => {
    expect(ids("inregistreaza")).toEqual(["step:7"]);
    expect(ids("primarie")).toEqual(["step:7"]);
  });
});
