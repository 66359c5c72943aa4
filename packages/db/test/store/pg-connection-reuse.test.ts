import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useStores } from "./engines";

const stores = useStores();

// A transaction that the application rejects is rolled back on its connection, which is sound:
// the pool keeps it. Only a connection whose state is unknown (ROLLBACK failed, the socket broke)
// is thrown away; discarding every connection an ordinary error passed through would reconnect
// (TCP, authentication, a new backend) once per refused request.
describe("the postgres store's connections", () => {
  it("keeps a connection after an application error was rolled back on it", async () => {
    const store = await stores.open("postgres", { maxConnections: 1 });
    const backend = async () =>
      await store.transaction(async (tx) => (await tx.get<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`))!.pid);
    const first = await backend();
    await expect(
      store.transaction(async (tx) => {
        await tx.run(sql`SELECT 1`);
        throw new Error("refused by the application");
      }),
    ).rejects.toThrow("refused by the application");
    expect(await backend()).toBe(first);
  }, 30_000);
});
