// The edit run of the real Codex CLI (codex.test.ts, captured as fixtures/codex-transcripts/edit.jsonl
// and replayed by fake-codex.mjs): what the stand-in answers, and what Maestro makes of Codex's output.
import { join } from "node:path";
import type { AgentEvent } from "@maestro/domain";
import type { Turn } from "./responses-stand-in";

/** A shell command that edits, one that fails, a patch, the report through `maestro`, the last word. */
export const EDIT_SCRIPT: Turn[] = [
  {
    kind: "answer",
    items: [
      { type: "reasoning", summary: "**Writing the notes**" },
      { type: "shell", command: "printf 'edited by codex\\n' > notes.md" },
    ],
  },
  { kind: "answer", items: [{ type: "shell", command: "ls missing-file" }] },
  {
    kind: "answer",
    items: [{ type: "patch", patch: "*** Begin Patch\n*** Add File: app.ts\n+export {};\n*** End Patch\n" }],
  },
  { kind: "answer", items: [{ type: "shell", command: 'maestro report done "wrote notes.md"' }] },
  { kind: "answer", items: [{ type: "message", text: "Wrote notes.md and app.ts." }] },
];

/** The run's events (usage aside) in the working directory `cwd`. */
export function editRunOutputs(cwd: string): AgentEvent[] {
  return [
    { type: "tool_use", tool: "shell", summary: "printf 'edited by codex\\n' > notes.md", exitCode: 0 },
    {
      type: "tool_use",
      tool: "shell",
      summary: "ls missing-file",
      exitCode: 2,
      output: "ls: cannot access 'missing-file': No such file or directory\n",
    },
    { type: "file_edit", path: join(cwd, "app.ts") },
    {
      type: "tool_use",
      tool: "shell",
      summary: 'maestro report done "wrote notes.md"',
      exitCode: 0,
      output: "✓ Reported done\n",
    },
    { type: "message", text: "Wrote notes.md and app.ts." },
  ];
}
