import type { Me } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { type ProcedurePath, describeMe, mayCall, neededRole } from "./access";

const person = (role: Me["role"], name = "ana"): Me => ({ kind: "person", name, role });
const owner: Me = { kind: "owner", name: null, role: "admin" };

/** What each kind of control in the dashboard calls. */
const CHANGES: ProcedurePath[] = [
  "task.create",
  "task.update",
  "session.start",
  "session.stop",
  "spec.approve",
  "task.land",
];
const MANAGEMENT: ProcedurePath[] = [
  "agent.add",
  "project.update",
  "project.delete",
  "webhook.set",
  "token.create",
  "import.run",
];

describe("mayCall", () => {
  it("lets a viewer read, but not create, edit, run, stop, approve or land", () => {
    expect(mayCall(person("viewer"), "task.list")).toBe(true);
    for (const procedure of [...CHANGES, ...MANAGEMENT]) {
      expect(mayCall(person("viewer"), procedure), procedure).toBe(false);
    }
  });

  it("lets a member plan, run, review and land, but not manage agents, projects, webhooks, tokens or imports", () => {
    for (const procedure of CHANGES) expect(mayCall(person("member"), procedure), procedure).toBe(true);
    for (const procedure of MANAGEMENT) expect(mayCall(person("member"), procedure), procedure).toBe(false);
  });

  it("lets an admin and the owner do all of it; only the owner asks for sign-in links", () => {
    for (const procedure of [...CHANGES, ...MANAGEMENT]) {
      expect(mayCall(person("admin"), procedure), procedure).toBe(true);
      expect(mayCall(owner, procedure), procedure).toBe(true);
    }
    expect(mayCall(person("admin"), "auth.signInLink")).toBe(false);
    expect(mayCall(owner, "auth.signInLink")).toBe(true);
  });

  it("hides everything until the caller is known", () => {
    expect(mayCall(undefined, "task.list")).toBe(false);
  });
});

describe("neededRole", () => {
  it("says the least role a procedure needs", () => {
    expect(neededRole("token.list")).toBe("admin");
    expect(neededRole("task.create")).toBe("member");
    expect(neededRole("runner.claim")).toBe("owner");
  });
});

describe("describeMe", () => {
  it("names a person by their token and the owner as the owner", () => {
    expect(describeMe(person("member", "ci-bot"))).toEqual({ name: "ci-bot", role: "member" });
    expect(describeMe(owner)).toEqual({ name: "owner", role: "admin" });
  });
});
