import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { describeError, namesField } from "./errors";

describe("describeError", () => {
  it("reads the field a refused call names", () => {
    const refused = new TRPCClientError("refused", {
      result: { error: { code: -32600, message: "refused", data: { field: "title" } } },
    });
    expect(describeError(refused)).toMatchObject({ message: "refused", field: "title" });
    expect(describeError(new Error("offline"))).toEqual({ message: "offline", domainCode: null, field: null });
  });
});

describe("which form field a failed call names", () => {
  it("is the field itself or one of its items", () => {
    expect(namesField("title", "title")).toBe(true);
    expect(namesField("envAllowlist.0", "envAllowlist")).toBe(true);
  });

  it("is no other field, and none when the call named none", () => {
    expect(namesField("titles", "title")).toBe(false);
    expect(namesField("envAllowlistExtra", "envAllowlist")).toBe(false);
    expect(namesField(null, "title")).toBe(false);
  });
});
