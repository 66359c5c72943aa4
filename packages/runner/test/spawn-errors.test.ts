import { describe, expect, it } from "vitest";
import { LaunchError, spawnErrorOf } from "../src/launch";

/** What Node hands spawn()'s 'error' listener: an Error with an errno code. */
function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`spawn claude ${code}`), { code, syscall: "spawn claude" });
}

// A launch error ends the session spawn_failed, which is never retried: only a cause that would
// fail the same way again may be one. A machine short of processes or files is not such a cause.
describe("which spawn errors end a session spawn_failed", () => {
  it("a missing or non-executable command is the profile's to fix: a LaunchError", () => {
    expect(spawnErrorOf("claude", errno("ENOENT"))).toBeInstanceOf(LaunchError);
    expect(spawnErrorOf("./agent.sh", errno("EACCES"))).toBeInstanceOf(LaunchError);
  });

  it("too many processes or open files for a moment is not: a plain error, so the attempt is retried", () => {
    for (const code of ["EAGAIN", "EMFILE", "ENFILE", "ENOMEM"]) {
      const error = spawnErrorOf("claude", errno(code));
      expect(error).not.toBeInstanceOf(LaunchError);
      expect(error.message).toMatch(new RegExp(`^could not start claude: spawn claude ${code} .*retried`));
    }
  });
});
