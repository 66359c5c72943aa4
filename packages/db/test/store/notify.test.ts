import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { notify, NOTIFY_PAYLOAD_MAX_BYTES } from "../../src/store/notify";
import { type OpenPgListenerOptions, type PgListener, openPgListener } from "../../src/store/notify-listener";
import { openPgStore } from "../../src/store/pg-store";
import { openSqliteStore } from "../../src/store/sqlite-store";
import type { Store } from "../../src/store/store";
import { type Recorder, type Relay, recorder, startRelay, until } from "./notify-helpers";
import { useStores } from "./engines";

const stores = useStores();
let url: string;
let store: Store;
let admin: pg.Client;
const opened: PgListener[] = [];
const relays: Relay[] = [];

beforeAll(async () => {
  url = await stores.newDatabaseUrl();
  store = await openPgStore({ url });
  admin = new pg.Client({ connectionString: inject("maestroPg").adminUrl });
  await admin.connect();
}, 60_000);

afterEach(async () => {
  await Promise.all(opened.splice(0).map((listener) => listener.close()));
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

afterAll(async () => {
  await store.close();
  await admin.end();
});

const unique = (prefix: string) => `${prefix}_${randomBytes(4).toString("hex")}`;

async function listen(options: Partial<OpenPgListenerOptions> & { channels: string[]; subscriber: Recorder }) {
  const listener = await openPgListener({ url, ...options });
  opened.push(listener);
  return listener;
}

/** The backends of a connection named `applicationName` in the test database. */
async function backends(applicationName: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = $2",
    [applicationName, new URL(url).pathname.slice(1)],
  );
  return rows.map(({ pid }) => pid);
}

async function terminate(applicationName: string): Promise<void> {
  await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [
    applicationName,
  ]);
}

describe("notify inside a transaction, heard by a PgListener", () => {
  it("delivers a notification only once its transaction has committed", async () => {
    const rec = recorder();
    await listen({ channels: ["t_commit"], subscriber: rec });
    expect(rec.connects).toBe(1);
    await store.transaction(async (tx) => {
      await notify(tx, "t_commit", "inside");
      // Notifications reach a listener in commit order: the marker, sent and committed while this
      // transaction is open, arriving alone shows that "inside" waits for the COMMIT.
      await store.transaction((other) => notify(other, "t_commit", "marker"));
      await rec.until("the marker", () => rec.payloads().includes("marker"));
      expect(rec.payloads()).toEqual(["marker"]);
    });
    await rec.until("the committed notification", () => rec.notifications.length === 2);
    expect(rec.notifications).toEqual([
      { channel: "t_commit", payload: "marker" },
      { channel: "t_commit", payload: "inside" },
    ]);
  }, 30_000);

  it("delivers nothing of a transaction or savepoint that was rolled back", async () => {
    const rec = recorder();
    await listen({ channels: ["t_rollback"], subscriber: rec });
    const refused = store.transaction(async (tx) => {
      await notify(tx, "t_rollback", "rolled back");
      throw new Error("refused by the application");
    });
    await expect(refused).rejects.toThrow("refused by the application");
    await store.transaction(async (tx) => {
      await expect(
        tx.savepoint(async (savepoint) => {
          await notify(savepoint, "t_rollback", "undone savepoint");
          throw new Error("undo the savepoint");
        }),
      ).rejects.toThrow("undo the savepoint");
      await notify(tx, "t_rollback", "after");
    });
    await rec.until("the notification sent after the rollbacks", () => rec.notifications.length > 0);
    expect(rec.payloads()).toEqual(["after"]);
  }, 30_000);

  it("says which of its channels a notification came on and hears no other channel", async () => {
    const rec = recorder("boom");
    await listen({ channels: ["t_first", "t_second"], subscriber: rec });
    await store.transaction(async (tx) => {
      await notify(tx, "t_unheard", "elsewhere");
      await notify(tx, "t_first", "boom");
    });
    await store.transaction((tx) => notify(tx, "t_second", ""));
    await rec.until("both notifications", () => rec.notifications.length === 2);
    expect(rec.notifications).toEqual([
      { channel: "t_first", payload: "boom" },
      { channel: "t_second", payload: "" },
    ]);
    // A subscriber that throws is told so and keeps hearing.
    expect(rec.errors.map((error) => error.message)).toEqual(["subscriber failed on boom"]);
  }, 30_000);

  it("refuses a bad channel or payload naming it, and sends nothing", async () => {
    const rec = recorder();
    await listen({ channels: ["t_input"], subscriber: rec });
    await store.transaction(async (tx) => {
      await expect(notify(tx, "T_Input", "x")).rejects.toThrow(/^channel: .*"T_Input"/);
      await expect(notify(tx, "t_input", "x".repeat(NOTIFY_PAYLOAD_MAX_BYTES + 1))).rejects.toThrow(
        /^payload: at most/,
      );
      await expect(notify(tx, "t_input", "é".repeat(4000))).rejects.toThrow(/^payload: .*\(got 8000\)/);
      await expect(notify(tx, "t_input", "a\0b")).rejects.toThrow(/^payload: .*NUL/);
      await notify(tx, "t_input", "x".repeat(NOTIFY_PAYLOAD_MAX_BYTES));
    });
    await rec.until("the one valid notification", () => rec.notifications.length > 0);
    expect(rec.notifications.map(({ payload }) => payload.length)).toEqual([NOTIFY_PAYLOAD_MAX_BYTES]);
  }, 30_000);

  it("does nothing on SQLite, checking its input all the same", async () => {
    const sqlite = openSqliteStore({ path: ":memory:" });
    try {
      expect(await sqlite.transaction(async (tx) => (await notify(tx, "maestro_events", "1"), "committed"))).toBe(
        "committed",
      );
      await expect(sqlite.transaction((tx) => notify(tx, "bad-name", "1"))).rejects.toThrow(/^channel: /);
    } finally {
      await sqlite.close();
    }
  });
});

describe("a PgListener's connection", () => {
  it("re-connects after its backend is terminated and calls for a catch-up", async () => {
    const rec = recorder();
    const name = unique("listener");
    const listener = await listen({ channels: ["t_reconnect"], subscriber: rec, applicationName: name });
    const [first] = await backends(name);
    expect(first).toBeTypeOf("number");
    await terminate(name);
    await rec.until("a catch-up call after the re-connect", () => rec.connects === 2);
    expect(listener.isConnected).toBe(true);
    expect(rec.errors.length).toBeGreaterThan(0);
    await until("the new backend alone", async () => {
      const now = await backends(name);
      return now.length === 1 && now[0] !== first;
    });
    await store.transaction((tx) => notify(tx, "t_reconnect", "heard again"));
    await rec.until("a notification on the new connection", () => rec.payloads().includes("heard again"));
  }, 30_000);

  it("keeps trying while the server cannot be reached, then catches up", async () => {
    const relay = await startRelay(url);
    relays.push(relay);
    const rec = recorder();
    const name = unique("listener");
    await listen({
      url: relay.url,
      channels: ["t_retry"],
      subscriber: rec,
      applicationName: name,
      retry: { initialDelayMs: 10, maxDelayMs: 40 },
    });
    relay.refuse = true;
    await terminate(name);
    await rec.until("three failed attempts", () => relay.accepted >= 4 && rec.errors.length >= 4);
    expect(rec.connects).toBe(1);
    relay.refuse = false;
    await rec.until("the catch-up call", () => rec.connects === 2);
  }, 30_000);

  it("drops a connection that stopped answering and catches up on a new one", async () => {
    const relay = await startRelay(url);
    relays.push(relay);
    const rec = recorder();
    const name = unique("listener");
    const ping = { intervalMs: 20, timeoutMs: 1_000 };
    await listen({ url: relay.url, channels: ["t_silent"], subscriber: rec, applicationName: name, ping });
    const [first] = await backends(name);
    relay.freeze();
    await rec.until("the catch-up call", () => rec.connects === 2);
    expect(rec.errors.map((error) => error.message)).toContain(
      "the listening connection did not answer: Query read timeout",
    );
    await until("a second backend", async () => (await backends(name)).some((pid) => pid !== first));
    await store.transaction((tx) => notify(tx, "t_silent", "heard again"));
    await rec.until("a notification on the new connection", () => rec.payloads().includes("heard again"));
  }, 30_000);

  it("closes cleanly: the backend ends and nothing more is heard", async () => {
    const rec = recorder();
    const name = unique("listener");
    const listener = await listen({ channels: ["t_close"], subscriber: rec, applicationName: name });
    expect(await backends(name)).toHaveLength(1);
    await listener.close();
    await listener.close();
    expect(listener.isConnected).toBe(false);
    await until("the backend to end", async () => (await backends(name)).length === 0);
    const witness = recorder();
    await listen({ channels: ["t_close"], subscriber: witness });
    await store.transaction((tx) => notify(tx, "t_close", "after close"));
    await witness.until("the witness's notification", () => witness.notifications.length === 1);
    expect(rec.notifications).toEqual([]);
    expect(rec.errors).toEqual([]);
  }, 30_000);

  it("stops re-connecting once closed while waiting to re-connect", async () => {
    const relay = await startRelay(url);
    relays.push(relay);
    const rec = recorder();
    const name = unique("listener");
    const listener = await listen({
      url: relay.url,
      channels: ["t_closing"],
      subscriber: rec,
      applicationName: name,
      retry: { initialDelayMs: 300 },
    });
    await terminate(name);
    await rec.until("the broken connection to be noticed", () => !listener.isConnected);
    await listener.close();
    // Past the longest first wait (the delay is jittered between half and all of 300 ms).
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(relay.accepted).toBe(1);
    expect(await backends(name)).toEqual([]);
    expect(rec.connects).toBe(1);
  }, 30_000);

  it("closes at once while a re-connect waits on a server that does not answer", async () => {
    const relay = await startRelay(url);
    relays.push(relay);
    const rec = recorder();
    const name = unique("listener");
    // Without cutting the attempt short, close() would wait out this timeout, past the test's.
    const ping = { intervalMs: 60_000, timeoutMs: 60_000 };
    const retry = { initialDelayMs: 10 };
    const listener = await listen({
      url: relay.url,
      channels: ["t_stall"],
      subscriber: rec,
      applicationName: name,
      ping,
      retry,
    });
    relay.stall = true;
    await terminate(name);
    await rec.until("a re-connect attempt", () => relay.accepted === 2);
    await listener.close();
    expect(listener.isConnected).toBe(false);
    expect(rec.connects).toBe(1);
  }, 30_000);

  it("fails to open, naming the field, on bad channels or an unreachable server", async () => {
    const subscriber = recorder();
    await expect(openPgListener({ url, channels: [], subscriber })).rejects.toThrow(/^channels: /);
    await expect(openPgListener({ url, channels: ["ok", "Not-OK"], subscriber })).rejects.toThrow(/^channels\[1\]: /);
    const wrongPassword = new URL(url);
    wrongPassword.password = "wrong";
    await expect(openPgListener({ url: wrongPassword.toString(), channels: ["ok"], subscriber })).rejects.toThrow(
      /password authentication failed/,
    );
    await expect(openPgListener({ url, channels: ["ok"], subscriber, ping: { timeoutMs: 0 } })).rejects.toThrow(
      /^ping\.timeoutMs: /,
    );
    await expect(openPgListener({ url, channels: ["ok"], subscriber, retry: { initialDelayMs: 0.5 } })).rejects.toThrow(
      /^retry\.initialDelayMs: /,
    );
    expect(subscriber.connects).toBe(0);
  }, 30_000);
});
