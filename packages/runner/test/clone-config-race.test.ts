import { afterEach, beforeEach, expect, it } from "vitest";
import { commitOf, fetchRemote, openClone } from "../src/remote-repo";
import { type RemoteWorld, createRemoteWorld } from "./remote-git";

// Regression: a landing's clean-up (push --delete) and a session's fetch reset the clone's config
// at the same moment; both wrote one temporary file name, and the second rename failed (ENOENT),
// failing the session.

let world: RemoteWorld;
beforeEach(() => (world = createRemoteWorld()));
afterEach(() => world.close());

it("resets the clone's config for calls that reach the remote at the same moment", async () => {
  const clone = await openClone(world.home, "p");
  const refs = [1, 2, 3, 4, 5, 6].map((n) => `refs/remotes/check/${n}`);
  await Promise.all(refs.map((ref) => fetchRemote(clone, world.remote, [`+refs/heads/main:${ref}`])));
  for (const ref of refs) expect(await commitOf(clone, ref)).toMatch(/^[0-9a-f]{40}$/);
});
