import type { Me } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { PROCEDURE_ROLES, describeMe, mayCall } from "./access";

const person = (role: Me["role"], name = "ana"): Me => ({ kind: "person", name, role });
const owner: Me = { kind: "owner", name: null, role: "admin" };

describe("mayCall", () => {
  it("lets a viewer only read: no create, run, approve, land or import", () => {
    const viewer = person("viewer");
    for (const procedure of ["task.create", "session.start", "spec.approve", "task.land", "import.run"] as const) {
      expect(mayCall(viewer, procedure), procedure).toBe(false);
    }
  });

  it("lets a member plan, run, review and approve, but not manage agents, projects, webhooks, tokens or imports", () => {
    const member = person("member");
    for (const procedure of ["task.create", "session.stop", "spec.approve", "task.land"] as const) {
      expect(mayCall(member, procedure), procedure).toBe(true);
    }
    for (const procedure of ["agent.add", "project.update", "webhook.set", "token.create", "import.run"] as const) {
      expect(mayCall(member, procedure), procedure).toBe(false);
    }
  });

  it("lets an admin and the owner do everything the dashboard offers", () => {
    for (const procedure of Object.keys(PROCEDURE_ROLES) as (keyof typeof PROCEDURE_ROLES)[]) {
      expect(mayCall(person("admin"), procedure), procedure).toBe(true);
      expect(mayCall(owner, procedure), procedure).toBe(true);
    }
  });

  it("hides everything until the caller is known", () => {
    expect(mayCall(undefined, "task.create")).toBe(false);
  });
});

describe("describeMe", () => {
  it("names a person by their token and the owner as the owner", () => {
    expect(describeMe(person("member", "ci-bot"))).toEqual({ name: "ci-bot", role: "member" });
    expect(describeMe(owner)).toEqual({ name: "owner", role: "admin" });
  });
});
