import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Store,
  deleteProject,
  findSpecById,
  findSpecsBySlug,
  insertDocumentVersion,
  insertReview,
  insertSpec,
  latestDocument,
  listDocumentVersions,
  openSqliteStore,
  setReviewState,
} from "../src/index";
import { seedProject } from "./seed";

let database: Store;
beforeEach(() => {
  database = openSqliteStore({ path: ":memory:" });
});
afterEach(async () => await database.close());

describe("specs", () => {
  it("keeps every version, the review state and the approvals of the current version", async () => {
    const db = database.db;
    const project = await seedProject(database);
    const spec = await insertSpec(db, {
      projectId: project.id,
      slug: "login",
      name: "Login",
      request: "let users in",
      requiredApprovals: 2,
    });
    expect(spec.phases).toEqual([
      { phase: "requirements", reviewState: "draft", requiredApprovals: 2, approvals: 0, version: null },
      { phase: "design", reviewState: "draft", requiredApprovals: 2, approvals: 0, version: null },
      { phase: "tasks", reviewState: "draft", requiredApprovals: 2, approvals: 0, version: null },
    ]);
    await insertDocumentVersion(db, {
      specId: spec.id,
      phase: "requirements",
      text: "one",
      author: "ann",
      source: "api",
    });
    await insertReview(db, {
      specId: spec.id,
      phase: "requirements",
      kind: "approval",
      version: 1,
      actor: "ann",
      comment: "",
    });
    const second = await insertDocumentVersion(db, {
      specId: spec.id,
      phase: "requirements",
      text: "two",
      author: "disk",
      source: "disk",
    });
    await insertReview(db, {
      specId: spec.id,
      phase: "requirements",
      kind: "approval",
      version: 2,
      actor: "bob",
      comment: "ok",
    });
    await setReviewState(db, spec.id, "requirements", "in_review");
    expect(second.version).toBe(2);
    expect((await latestDocument(db, spec.id, "requirements"))?.text).toBe("two");
    const versions = await listDocumentVersions(db, { specId: spec.id, phase: "requirements" }, { limit: 10 });
    expect(versions.map((v) => [v.version, v.author])).toEqual([
      [2, "disk"],
      [1, "ann"],
    ]);
    const older = await listDocumentVersions(db, { specId: spec.id, phase: "requirements" }, { limit: 10, before: 2 });
    expect(older.map((v) => v.version)).toEqual([1]);
    expect((await findSpecById(db, spec.id))?.phases[0]).toEqual({
      phase: "requirements",
      reviewState: "in_review",
      requiredApprovals: 2,
      approvals: 1,
      version: 2,
    });
    expect((await findSpecsBySlug(db, "login")).map((s) => s.id)).toEqual([spec.id]);
    await deleteProject(db, project.id);
    expect(await findSpecById(db, spec.id)).toBeUndefined();
  });
});
