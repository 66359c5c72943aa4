import { describe, expect, it } from "vitest";
import { CachingConnection } from "../src/statement-cache";

describe("CachingConnection", () => {
  it("prepares each SQL text once after caching starts, and not before", () => {
    const connection = new CachingConnection(":memory:");
    try {
      expect(connection.prepare("SELECT 1 AS one")).not.toBe(connection.prepare("SELECT 1 AS one"));
      connection.startCaching();
      const statement = connection.prepare("SELECT 1 AS one");
      expect(connection.prepare("SELECT 1 AS one")).toBe(statement);
      expect(connection.prepare("SELECT 2 AS two")).not.toBe(statement);
    } finally {
      connection.close();
    }
  });

  it("hands a statement back in object mode, whatever mode its last user left it in", () => {
    const connection = new CachingConnection(":memory:");
    try {
      connection.startCaching();
      connection.prepare("SELECT 1 AS one").raw(true);
      expect(connection.prepare("SELECT 1 AS one").get()).toEqual({ one: 1 });
    } finally {
      connection.close();
    }
  });
});
