import { AGENT_ADAPTERS, PERSONAS } from "@maestro/domain";
import { SelectField } from "../../components/select-field";
import { TextAreaField, TextField } from "../../components/text-field";
import { type AgentForm, usesCommand } from "./agent-form";

interface AgentFieldsProps {
  form: AgentForm;
  isEditing: boolean;
  /** The field the server's error names (`command`, `envAllowlist.0`, …). */
  invalidField: string | null;
  update: (patch: Partial<AgentForm>) => void;
}

const COMMAND_HINT = (
  <>
    One argv element per line (no shell). <code>{"{prompt}"}</code> becomes the prompt, <code>{"{promptFile}"}</code>{" "}
    the path of a file holding it.
  </>
);

/** Fields "Name", "Adapter", "Model", "Command" (custom only), "Extra args", "Env allowlist", "Persona", "Max concurrent". */
export function AgentFields({ form, isEditing, invalidField, update }: AgentFieldsProps) {
  const isInvalid = (name: string) => invalidField === name || (invalidField?.startsWith(`${name}.`) ?? false);
  return (
    <>
      <div className="form-row">
        <TextField
          label="Name"
          hint={isEditing ? "A profile keeps its name" : "Lowercase letters, digits, '.', '_' or '-'"}
          isInvalid={isInvalid("name")}
          value={form.name}
          onChange={(name) => update({ name })}
          data-autofocus={isEditing ? undefined : true}
          readOnly={isEditing}
          aria-required="true"
          spellCheck={false}
        />
        <SelectField
          label="Adapter"
          hint={isEditing ? "A profile keeps its adapter" : undefined}
          isInvalid={isInvalid("adapter")}
          value={form.adapter}
          values={AGENT_ADAPTERS}
          disabled={isEditing}
          onChange={(adapter) => update({ adapter })}
        />
      </div>
      <TextField
        label="Model"
        hint="Optional, e.g. opus or o3; passed to the agent's --model"
        isInvalid={isInvalid("model")}
        value={form.model}
        onChange={(model) => update({ model })}
        data-autofocus={isEditing || undefined}
        spellCheck={false}
      />
      {form.adapter === "custom" ? (
        <TextAreaField
          label="Command"
          hint={COMMAND_HINT}
          isInvalid={isInvalid("command")}
          value={form.command}
          onChange={(command) => update({ command })}
          rows={3}
          className="mono"
          placeholder={"./agent.sh\n{promptFile}"}
          aria-required="true"
          spellCheck={false}
        />
      ) : usesCommand(form.adapter) ? (
        <TextAreaField
          label="Executable"
          hint="Optional: what to run instead of the tool's own command (another install, a wrapper); one argv element per line"
          isInvalid={isInvalid("command")}
          value={form.command}
          onChange={(command) => update({ command })}
          rows={1}
          className="mono"
          spellCheck={false}
        />
      ) : null}
      <TextAreaField
        label="Extra args"
        hint="Appended to the command, one per line"
        isInvalid={isInvalid("args")}
        value={form.args}
        onChange={(args) => update({ args })}
        rows={2}
        className="mono"
        spellCheck={false}
      />
      <TextField
        label="Env allowlist"
        hint="Server environment variables passed to the agent (nothing else is), e.g. ANTHROPIC_API_KEY, HOME"
        isInvalid={isInvalid("envAllowlist")}
        value={form.envAllowlist}
        onChange={(envAllowlist) => update({ envAllowlist })}
        className="mono"
        spellCheck={false}
      />
      <div className="form-row">
        <SelectField
          label="Persona"
          isInvalid={isInvalid("persona")}
          value={form.persona}
          values={PERSONAS}
          onChange={(persona) => update({ persona })}
        />
        <TextField
          label="Max concurrent"
          hint="Sessions at once; empty for no limit"
          isInvalid={isInvalid("maxConcurrent")}
          value={form.maxConcurrent}
          onChange={(maxConcurrent) => update({ maxConcurrent })}
          type="number"
          min={1}
          max={64}
        />
      </div>
    </>
  );
}
