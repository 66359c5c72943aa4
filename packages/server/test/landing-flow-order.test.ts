import { describe, expect, it } from "vitest";
import {
  finishInWorktree,
  git,
  makeLanderPool,
  makeRepo,
  startLandingProject,
  waitFor,
  workInWorktree,
} from "./lander-world";

const pool = makeLanderPool();

describe("land order", () => {
  it("lands a parent's own branch only after its subtasks have landed", async () => {
    const repo = makeRepo();
    const { server, client, project } = await startLandingProject(pool, {
      repo,
      name: "Land",
      settings: { landPolicy: "auto" },
    });
    const parent = await client.task.create.mutate({ projectId: project.id, title: "Coordinate" });
    const child = await client.task.create.mutate({ projectId: project.id, title: "Part", parentId: parent.id });
    const byId = (id: string) => client.task.byId.query({ id });

    await finishInWorktree(server, parent, workInWorktree(repo, "maestro/LAND-1-1", { "parent.txt": "p\n" }));
    const held = await waitFor(
      () => byId(parent.id),
      (task) => task.landing.landState === "waiting",
    );
    expect(held.landing.note).toBe("waits for its subtasks to land first: LAND-2");
    await expect(client.task.land.mutate({ id: parent.id })).rejects.toThrow(/waits for its subtasks .*LAND-2/);

    await finishInWorktree(server, child, workInWorktree(repo, "maestro/LAND-2-1", { "child.txt": "c\n" }));
    const landed = await waitFor(
      () => byId(parent.id),
      (task) => task.status === "done",
    );
    const childLanded = await byId(child.id);
    expect(childLanded.status).toBe("done");
    // On the target, the subtask's merge comes first and the parent's last.
    expect(git(repo, ["rev-parse", "main"])).toBe(landed.landing.landedCommit);
    expect(git(repo, ["rev-parse", "main^1"])).toBe(childLanded.landing.landedCommit);
  });
});
