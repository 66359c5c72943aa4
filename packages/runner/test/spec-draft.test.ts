import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type World, fixture, startWorld } from "./world";

// Spec phases drafted by an agent: a real process writes the file, the watcher makes it a version.
let world: World;

beforeAll(async () => {
  world = await startWorld({ heartbeatMs: 60_000 });
  await world.client.agent.add.mutate({
    name: "drafter",
    adapter: "custom",
    command: [fixture("drafting-agent.sh"), "{promptFile}"],
  });
});
afterAll(async () => {
  await world?.close();
});

describe("spec generation", () => {
  it(
    "has an analyst draft the requirements; the file it writes becomes the next version",
    { timeout: 60_000 },
    async () => {
      const spec = await world.client.spec.create.mutate({
        projectId: "RUN",
        name: "Sign in",
        request: "Users sign in with a password.",
      });
      const { task, session } = await world.client.spec.generate.mutate({ id: spec.id, agent: "drafter" });
      expect(task.title).toBe(`Draft the requirements of spec ${spec.slug}`);
      expect(session.prompt).toContain("You are a requirements analyst.");
      expect(session.prompt).toContain("Users sign in with a password.");
      expect(session.prompt).toContain(`Write the document to: .maestro/specs/${spec.slug}/requirements.md`);

      const drafted = await world.waitFor(
        () => world.client.spec.byId.query({ id: spec.id }),
        (current) => current.phases.find((phase) => phase.phase === "requirements")?.version === 1,
        20_000,
      );
      expect(JSON.stringify(drafted)).toContain(
        "WHEN a user submits valid credentials THE SYSTEM SHALL open the dashboard.",
      );
      expect((await world.waitForEnd(session.id)).status).toBe("succeeded");
      expect((await world.client.task.byId.query({ id: task.id })).status).toBe("done");
    },
  );

  it("refuses to draft a phase whose earlier phase is not approved, leaving nothing behind", async () => {
    const spec = await world.client.spec.create.mutate({ projectId: "RUN", name: "Too early", request: "Anything." });
    const before = (await world.client.task.list.query({ projectId: "RUN" })).items.length;
    const lastEvent = (await world.client.event.list.query({ order: "desc", limit: 1 })).items[0]!.id;
    await expect(world.client.spec.generate.mutate({ id: spec.id, phase: "design", agent: "drafter" })).rejects.toThrow(
      /the requirements of too-early must be approved before its design can be drafted/,
    );
    await expect(world.client.spec.generate.mutate({ id: spec.id, agent: "no-such-agent" })).rejects.toThrow(
      /agent "no-such-agent" not found/,
    );
    expect((await world.client.task.list.query({ projectId: "RUN" })).items.length).toBe(before);
    // Not even a created-then-deleted task in the activity log.
    expect((await world.client.event.list.query({ order: "desc", limit: 1 })).items[0]!.id).toBe(lastEvent);
  });
});
