import { describe, expect, it } from "vitest";
import { formatLogLine, isLevelEnabled, redactSecrets } from "../src/log-line";

const TIME = new Date("2026-12-05T12:00:00.000Z");

describe("log lines", () => {
  it("writes JSON as one object with time, level and msg first, leaving out undefined fields", () => {
    const line = formatLogLine(
      {
        time: TIME,
        level: "error",
        msg: "internal error in task.create",
        fields: { requestId: "r-1", sessionId: undefined },
      },
      "json",
    );
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({
      time: "2026-12-05T12:00:00.000Z",
      level: "error",
      msg: "internal error in task.create",
      requestId: "r-1",
    });
    expect(Object.keys(JSON.parse(line) as object).slice(0, 3)).toEqual(["time", "level", "msg"]);
  });

  it("keeps text as the message alone, and a field cannot overwrite time, level or msg", () => {
    expect(
      formatLogLine({ time: TIME, level: "info", msg: "autopilot: WEB-1", fields: { requestId: "r" } }, "text"),
    ).toBe("autopilot: WEB-1");
    const line = JSON.parse(formatLogLine({ time: TIME, level: "info", msg: "m", fields: { level: "error" } }, "json"));
    expect(line.level).toBe("info");
  });

  it("redacts the secrets it is given and anything shaped like a credential, in text and JSON", () => {
    const hex = "ab".repeat(32);
    const msg = `call failed: Authorization: Bearer s3cr3t-value; token=abc123 "apiKey": "k-9" session ${hex} own-secret-xyz named mst_AbC-12_x`;
    for (const format of ["text", "json"] as const) {
      const line = formatLogLine({ time: TIME, level: "warn", msg, fields: { note: `again own-secret-xyz` } }, format, [
        "own-secret-xyz",
      ]);
      for (const secret of ["s3cr3t-value", "abc123", "k-9", hex, "own-secret-xyz", "mst_AbC"]) {
        expect(line).not.toContain(secret);
      }
      if (format === "json") expect(() => JSON.parse(line)).not.toThrow();
    }
    expect(redactSecrets("nothing secret in task WEB-12 (commit 0123456789abcdef0123456789abcdef01234567)")).toBe(
      "nothing secret in task WEB-12 (commit 0123456789abcdef0123456789abcdef01234567)",
    );
  });

  it("redacts the credentials of a URL (a webhook's, a git remote's), whatever their shape", () => {
    const msg =
      "push failed: fatal: unable to access 'https://alice:pa55-w0rd@git.example.com/repo.git/' " +
      "then https://ghs_AbCdEf0123@github.com/o/r.git and POST https://hooks.example.com:8443/x failed";
    for (const format of ["text", "json"] as const) {
      const line = formatLogLine({ time: TIME, level: "warn", msg }, format);
      for (const secret of ["alice", "pa55-w0rd", "ghs_AbCdEf0123"]) expect(line).not.toContain(secret);
      expect(line).toContain("git.example.com/repo.git");
      expect(line).toContain("https://hooks.example.com:8443/x");
    }
  });

  it("writes no terminal control sequences in text (an agent's output cannot drive the operator's terminal)", () => {
    const msg = "lander: WEB-1: conflict in \u001b]0;owned\u0007evil\u001b[2K\rfile\tname\nnext line";
    const line = formatLogLine({ time: TIME, level: "info", msg }, "text");
    for (const control of ["\u001b", "\u0007", "\r"]) expect(line).not.toContain(control);
    expect(line).toContain("\\u001b]0;owned\\u0007evil");
    expect(line).toContain("evil");
    expect(line).toContain("file\tname\nnext line");
  });

  it("orders levels debug < info < warn < error", () => {
    expect(isLevelEnabled("debug", "info")).toBe(false);
    expect(isLevelEnabled("warn", "info")).toBe(true);
    expect(isLevelEnabled("error", "error")).toBe(true);
  });
});
