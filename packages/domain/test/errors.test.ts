import { describe, expect, it } from "vitest";
import { DomainError, messageOf } from "../src/errors";

describe("messageOf", () => {
  it("gives an Error's message, without its name", () => {
    expect(messageOf(new DomainError("NOT_FOUND", 'task "T-1" not found'))).toBe('task "T-1" not found');
    expect(messageOf(new TypeError("boom"))).toBe("boom");
  });
  it("gives anything else thrown as its text", () => {
    expect(messageOf("plain")).toBe("plain");
    expect(messageOf(42)).toBe("42");
    expect(messageOf(undefined)).toBe("undefined");
  });
});
