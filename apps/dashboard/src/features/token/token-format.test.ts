import type { TokenInfo } from "@maestro/domain";
import { describe, expect, it } from "vitest";
import { sortTokens } from "./token-format";

const token = (name: string, createdAt: string, revokedAt: string | null = null): TokenInfo => ({
  id: `id-${name}`,
  name,
  role: "member",
  createdAt,
  lastUsedAt: null,
  revokedAt,
});

describe("sortTokens", () => {
  it("puts live tokens first, newest first, then the revoked ones, last revoked first", () => {
    const sorted = sortTokens([
      token("old", "2026-01-01T00:00:00.000Z"),
      token("gone-early", "2026-01-02T00:00:00.000Z", "2026-02-01T00:00:00.000Z"),
      token("new", "2026-03-01T00:00:00.000Z"),
      token("gone-late", "2026-01-03T00:00:00.000Z", "2026-04-01T00:00:00.000Z"),
    ]);
    expect(sorted.map((entry) => entry.name)).toEqual(["new", "old", "gone-late", "gone-early"]);
  });
});
