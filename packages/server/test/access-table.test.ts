import { describe, expect, it } from "vitest";
import { ACCESS, mayCall } from "@maestro/domain";
import { personRefusal } from "../src/access";
import { appRouter } from "../src/routers/app";

/** tRPC keeps every procedure by its full path (`task.create`) at run time. */
const byPath = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const procedures = Object.keys(byPath).sort();

describe("the access table", () => {
  it("names every procedure of the router", () => {
    const missing = procedures.filter((path) => !(path in ACCESS));
    expect(missing, "procedures without a minimum role in src/access.ts").toEqual([]);
  });

  it("names no procedure the router does not have", () => {
    const stale = Object.keys(ACCESS).filter((path) => !procedures.includes(path));
    expect(stale, "entries in src/access.ts for procedures that do not exist").toEqual([]);
  });

  it("opens no mutation to viewers", () => {
    const mutationsForViewers = procedures.filter(
      (path) => ACCESS[path] === "viewer" && byPath[path]?._def.type === "mutation",
    );
    expect(mutationsForViewers).toEqual([]);
  });

  it("refuses by naming the procedure and the role needed, and refuses what it does not list", () => {
    expect(personRefusal("task.create", { name: "ann", role: "viewer" })).toBe(
      "task.create needs the member role; ann is viewer",
    );
    expect(personRefusal("task.create", { name: "ann", role: "member" })).toBeUndefined();
    expect(personRefusal("agent.add", { name: "ann", role: "member" })).toContain("needs the admin role");
    expect(personRefusal("runner.claim", { name: "root", role: "admin" })).toContain("owner only");
    expect(personRefusal("no.such", { name: "root", role: "admin" })).toContain("owner only");
    expect(personRefusal("toString", { name: "root", role: "admin" })).toContain("owner only");
  });

  it("answers the dashboard's question the way the server decides it", () => {
    const vic = { kind: "person", name: "vic", role: "viewer" } as const;
    expect(mayCall(vic, "task.list")).toBe(true);
    expect(mayCall(vic, "task.create")).toBe(false);
    expect(mayCall({ ...vic, role: "admin" }, "runner.claim")).toBe(false);
    expect(mayCall({ kind: "owner", name: null, role: "admin" }, "runner.claim")).toBe(true);
    for (const path of procedures) {
      for (const role of ["viewer", "member", "admin"] as const) {
        const person = { name: "p", role };
        expect(mayCall({ kind: "person", ...person }, path), `${role} ${path}`).toBe(!personRefusal(path, person));
      }
    }
  });
});
