import { describe, expect, it } from "vitest";
import { EMPTY_DRAFT, addDraftComment, commentsByLine, removeDraftComment, toReviewInput } from "./review-draft";

describe("a review draft", () => {
  const draft = addDraftComment(
    addDraftComment(EMPTY_DRAFT, { file: "src/a.ts", line: 3, side: "new", text: "Name this" }),
    { file: "src/a.ts", line: 2, side: "old", text: "Keep this line" },
  );

  it("collects line comments, shown under their line on their side", () => {
    expect(Object.keys(commentsByLine(draft.comments, "src/a.ts", "new"))).toEqual(["3"]);
    expect(commentsByLine(draft.comments, "src/a.ts", "old")["2"]?.data[0]?.text).toBe("Keep this line");
    expect(commentsByLine(draft.comments, "src/b.ts", "new")).toEqual({});
  });

  it("becomes task.review's input; a removed line's comment says it is one", () => {
    const result = toReviewInput("t1", "request_changes", draft);
    expect(result.success && result.data.comments).toEqual([
      { file: "src/a.ts", line: 3, text: "Name this" },
      { file: "src/a.ts", line: 2, text: "(on the removed line 2) Keep this line" },
    ]);
  });

  it("refuses to request changes without a word, naming the field", () => {
    const result = toReviewInput("t1", "request_changes", EMPTY_DRAFT);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["comment"]);
    expect(toReviewInput("t1", "approve", EMPTY_DRAFT).success).toBe(true);
  });

  it("drops a comment by its id", () => {
    const [first] = draft.comments;
    expect(removeDraftComment(draft, first!.id).comments.map((comment) => comment.line)).toEqual([2]);
  });
});
