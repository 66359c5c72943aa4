import { expect, it } from "vitest";
const css = import.meta.glob<string>("./*.css", { query: "?raw", import: "default", eager: true });
const mods = import.meta.glob<string>("../**/*.module.css", { query: "?raw", import: "default", eager: true });
it("x", () => {
  console.log((css["./badges.css"] ?? "").slice(0, 80), "|", Object.values(mods)[0]?.slice(0, 50));
  expect(1).toBe(1);
});
