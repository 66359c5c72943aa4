import {
  AGENT_ADAPTERS,
  type MemoryFootprint,
  NETWORK_MODES,
  PERSONAS,
  SANDBOXES,
  formatMemoryMb,
} from "@maestro/domain";
import { SelectField } from "../../components/select-field";
import { TextField } from "../../components/text-field";
import { fieldBinder } from "../../lib/field-binder";
import { type AgentForm, derivedAccount, usesCommand } from "./agent-form";

interface AgentFieldsProps {
  form: AgentForm;
  isEditing: boolean;
  update: (patch: Partial<AgentForm>) => void;
  /** What its sessions were seen to use (shown beside the field that overrides it). */
  footprint?: MemoryFootprint | null;
}

/** Says what an empty field means now: the learned footprint, when there is one. */
function memoryHint(footprint: MemoryFootprint | null | undefined): string {
  const learned = footprint?.source === "learned" ? `now ${formatMemoryMb(footprint.mb)}` : "none measured yet";
  return `One session's memory: autopilot starts it only while this much and the free-memory floor stay free. Empty: learned from its recent sessions (${learned})`;
}

const COMMAND_HINT = (
  <>
    One argv element per line (no shell). The agent reads its prompt on stdin; a line that is exactly{" "}
    <code>{"{promptFile}"}</code> becomes the path of a file holding it.
  </>
);

type SectionProps = Pick<AgentFieldsProps, "form" | "isEditing" | "footprint"> & {
  bind: ReturnType<typeof fieldBinder<AgentForm>>;
};

/**
 * Fields "Name", "Adapter", "Model", "Command" (custom only), "Extra args", "Env allowlist", "Persona",
 * "Max concurrent", "Memory (MiB)", "Delegates", "Account", "Sandbox", "Network".
 */
export function AgentFields({ form, isEditing, update, footprint }: AgentFieldsProps) {
  const section = { form, isEditing, footprint, bind: fieldBinder(form, update) };
  return (
    <>
      <IdentityFields {...section} />
      <CommandFields {...section} />
      <LimitFields {...section} />
      <AccessFields {...section} />
    </>
  );
}

/** "Name", "Adapter" (both fixed once the profile exists) and "Model". */
function IdentityFields({ isEditing, bind }: SectionProps) {
  return (
    <>
      <div className="form-row">
        <TextField
          label="Name"
          hint={isEditing ? "A profile keeps its name" : "Lowercase letters, digits, '.', '_' or '-'"}
          {...bind("name")}
          isInitialFocus={!isEditing}
          isReadOnly={isEditing}
          isRequired
          spellCheck={false}
        />
        <SelectField
          label="Adapter"
          hint={isEditing ? "A profile keeps its adapter" : undefined}
          {...bind("adapter")}
          values={AGENT_ADAPTERS}
          disabled={isEditing}
        />
      </div>
      <TextField
        label="Model"
        hint="Optional, e.g. opus or o3; passed to the agent's --model"
        {...bind("model")}
        isInitialFocus={isEditing}
        spellCheck={false}
      />
    </>
  );
}

/** What runs: "Command" or "Executable" by adapter, "Extra args" and "Env allowlist". */
function CommandFields({ form, bind }: SectionProps) {
  return (
    <>
      {form.adapter === "custom" ? (
        <TextField
          label="Command"
          hint={COMMAND_HINT}
          {...bind("command")}
          rows={3}
          placeholder={"./agent.sh\n{promptFile}"}
          isRequired
          isCode
        />
      ) : usesCommand(form.adapter) ? (
        <TextField
          label="Executable"
          hint="Optional: what to run instead of the tool's own command (another install, a wrapper); one argv element per line"
          {...bind("command")}
          rows={1}
          isCode
        />
      ) : null}
      <TextField label="Extra args" hint="Appended to the command, one per line" {...bind("args")} rows={2} isCode />
      <TextField
        label="Env allowlist"
        hint="Server environment variables passed to the agent (nothing else is); empty: the tool's credential variables, e.g. ANTHROPIC_API_KEY"
        {...bind("envAllowlist")}
        isCode
      />
    </>
  );
}

/** "Persona", "Max concurrent" and "Memory (MiB)". */
function LimitFields({ footprint, bind }: SectionProps) {
  return (
    <>
      <div className="form-row">
        <SelectField label="Persona" {...bind("persona")} values={PERSONAS} />
        <TextField
          label="Max concurrent"
          hint="Sessions at once; empty for no limit"
          {...bind("maxConcurrent")}
          type="number"
          min={1}
          max={64}
        />
      </div>
      <TextField label="Memory (MiB)" hint={memoryHint(footprint)} {...bind("memoryMb")} type="number" min={16} />
    </>
  );
}

/** What it may reach: "Delegates", "Account", "Sandbox" and "Network". */
function AccessFields({ form, isEditing, bind }: SectionProps) {
  return (
    <>
      <TextField
        label="Delegates"
        hint="Profiles its sessions may start, on their own subtasks only (comma-separated); empty: it may start none"
        {...bind("delegates")}
        placeholder="worker-a, worker-b"
        spellCheck={false}
        isCode
      />
      <TextField
        label="Account"
        hint={`Profiles of one account share its usage limit: one hitting it pauses them all. Empty: ${derivedAccount(form, isEditing)} (from the adapter and credential variables)`}
        {...bind("account")}
        placeholder="team"
        spellCheck={false}
        isCode
      />
      <div className="form-row">
        <SelectField
          label="Sandbox"
          hint="bwrap: the agent sees its own folder writable, the system read-only, not your home nor Maestro's"
          {...bind("sandbox")}
          values={SANDBOXES}
        />
        <SelectField
          label="Network"
          hint={form.sandbox === "none" ? "Only a sandboxed agent's network can be off" : "Off: no network but Maestro"}
          {...bind("network")}
          values={NETWORK_MODES}
          disabled={form.sandbox === "none"}
        />
      </div>
    </>
  );
}
