import type { TokenInfo } from "@maestro/domain";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { sortTokens } from "./token-format";
import { TokensTable } from "./tokens-page";

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

describe("tokens table", () => {
  it("lists each token with its role and status, and offers Revoke only on a live one", () => {
    const html = renderToStaticMarkup(
      createElement(TokensTable, {
        tokens: [
          token("ana", "2026-01-01T00:00:00.000Z"),
          token("old-bot", "2026-01-02T00:00:00.000Z", "2026-02-01T00:00:00.000Z"),
        ],
        onRevoke: () => {},
      }),
    );
    const [, , live, revoked] = html.split("<tr>");
    expect(live).toContain('<th scope="row">ana</th><td>Member</td>');
    expect(live).toContain("Never");
    expect(live).toContain('aria-label="Revoke ana"');
    expect(revoked).toContain("Revoked ");
    expect(revoked).not.toContain("<button");
  });
});
