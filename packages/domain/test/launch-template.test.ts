import { describe, expect, it } from "vitest";
import { type DomainError, type LaunchTemplate, assertLaunchTemplate } from "../src/index";

const template = (overrides: Partial<LaunchTemplate>): LaunchTemplate => ({
  name: "bot",
  adapter: "custom",
  command: ["./agent.sh"],
  args: [],
  ...overrides,
});

/** The error a template is refused with, as { field, message }; undefined when it is accepted. */
function refusal(overrides: Partial<LaunchTemplate>): { field: unknown; message: string } | undefined {
  try {
    assertLaunchTemplate(template(overrides));
    return undefined;
  } catch (error) {
    return { field: (error as DomainError).details.field, message: (error as Error).message };
  }
}

describe("assertLaunchTemplate", () => {
  it("accepts {promptFile} as a whole element of a custom command, and templates without placeholders", () => {
    expect(refusal({ command: ["./agent.sh", "--file", "{promptFile}"] })).toBeUndefined();
    expect(refusal({ command: ["./agent.sh", "{not-a-placeholder}"], args: ["--x={y}"] })).toBeUndefined();
    expect(refusal({ adapter: "claude-code", command: ["/opt/claude"], args: ["--max-turns", "3"] })).toBeUndefined();
  });

  it("refuses {promptFile} inside a larger string, naming the field and showing the element", () => {
    expect(refusal({ command: ["sh", "-c", "agent --file {promptFile}"] })).toEqual({
      field: "command",
      message: expect.stringContaining('command element "agent --file {promptFile}" embeds {promptFile}'),
    });
    expect(refusal({ command: ["./agent.sh", "--file={promptFile}"] })?.field).toBe("command");
  });

  it("refuses {prompt} anywhere, pointing to stdin and {promptFile}", () => {
    for (const part of ["{prompt}", "sh -c 'agent {prompt}'"]) {
      const refused = refusal({ command: ["./agent.sh", part] });
      expect(refused?.field).toBe("command");
      expect(refused?.message).toMatch(/uses \{prompt\}.*stdin.*\{promptFile\}/);
    }
  });

  it("refuses placeholders in args and in a built-in adapter's command, which are never filled", () => {
    expect(refusal({ args: ["{promptFile}"] })).toEqual({
      field: "args",
      message: expect.stringContaining('args element "{promptFile}" has a placeholder'),
    });
    expect(
      refusal({ adapter: "claude-code", command: null, args: ["--append-system-prompt", "{prompt}"] })?.field,
    ).toBe("args");
    expect(refusal({ adapter: "gemini", command: ["gemini", "{promptFile}"] })).toEqual({
      field: "command",
      message: expect.stringContaining("a gemini profile's command is only the tool's executable"),
    });
  });
});
