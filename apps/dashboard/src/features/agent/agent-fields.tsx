import { AGENT_ADAPTERS, PERSONAS } from "@maestro/domain";
import { Field } from "../../components/field";
import { type AgentForm, usesCommand } from "./agent-form";

interface AgentFieldsProps {
  form: AgentForm;
  isEditing: boolean;
  /** The field the server's error names (`command`, `envAllowlist.0`, …). */
  invalidField: string | null;
  update: (patch: Partial<AgentForm>) => void;
}

const isInvalid = (invalidField: string | null, name: string) =>
  invalidField === name || (invalidField?.startsWith(`${name}.`) ?? false);

/** Fields "Name", "Adapter", "Model", "Command" (custom only), "Extra args", "Env allowlist", "Persona", "Max concurrent". */
export function AgentFields({ form, isEditing, invalidField, update }: AgentFieldsProps) {
  return (
    <>
      <div className="form-row">
        <Field
          label="Name"
          hint={isEditing ? "A profile keeps its name" : "Lowercase letters, digits, '.', '_' or '-'"}
          isInvalid={isInvalid(invalidField, "name")}
        >
          {(props) => (
            <input
              {...props}
              data-autofocus={isEditing ? undefined : true}
              value={form.name}
              readOnly={isEditing}
              onChange={(event) => update({ name: event.target.value })}
              aria-required="true"
              spellCheck={false}
            />
          )}
        </Field>
        <Field
          label="Adapter"
          hint={isEditing ? "A profile keeps its adapter" : undefined}
          isInvalid={isInvalid(invalidField, "adapter")}
        >
          {(props) => (
            <select
              {...props}
              value={form.adapter}
              disabled={isEditing}
              onChange={(event) => update({ adapter: event.target.value as AgentForm["adapter"] })}
            >
              {AGENT_ADAPTERS.map((adapter) => (
                <option key={adapter} value={adapter}>
                  {adapter}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field
        label="Model"
        hint="Optional, e.g. opus or o3; passed to the agent's --model"
        isInvalid={isInvalid(invalidField, "model")}
      >
        {(props) => (
          <input
            {...props}
            data-autofocus={isEditing || undefined}
            value={form.model}
            onChange={(event) => update({ model: event.target.value })}
            spellCheck={false}
          />
        )}
      </Field>
      {form.adapter === "custom" ? (
        <Field
          label="Command"
          hint={
            <>
              One argv element per line (no shell). <code>{"{prompt}"}</code> becomes the prompt,{" "}
              <code>{"{promptFile}"}</code> the path of a file holding it.
            </>
          }
          isInvalid={isInvalid(invalidField, "command")}
        >
          {(props) => (
            <textarea
              {...props}
              rows={3}
              className="mono"
              placeholder={"./agent.sh\n{promptFile}"}
              value={form.command}
              onChange={(event) => update({ command: event.target.value })}
              aria-required="true"
              spellCheck={false}
            />
          )}
        </Field>
      ) : usesCommand(form.adapter) ? (
        <Field
          label="Executable"
          hint="Optional: what to run instead of the tool's own command (another install, a wrapper); one argv element per line"
          isInvalid={isInvalid(invalidField, "command")}
        >
          {(props) => (
            <textarea
              {...props}
              rows={1}
              className="mono"
              value={form.command}
              onChange={(event) => update({ command: event.target.value })}
              spellCheck={false}
            />
          )}
        </Field>
      ) : null}
      <Field
        label="Extra args"
        hint="Appended to the command, one per line"
        isInvalid={isInvalid(invalidField, "args")}
      >
        {(props) => (
          <textarea
            {...props}
            rows={2}
            className="mono"
            value={form.args}
            onChange={(event) => update({ args: event.target.value })}
            spellCheck={false}
          />
        )}
      </Field>
      <Field
        label="Env allowlist"
        hint="Server environment variables passed to the agent (nothing else is), e.g. ANTHROPIC_API_KEY, HOME"
        isInvalid={isInvalid(invalidField, "envAllowlist")}
      >
        {(props) => (
          <input
            {...props}
            className="mono"
            value={form.envAllowlist}
            onChange={(event) => update({ envAllowlist: event.target.value })}
            spellCheck={false}
          />
        )}
      </Field>
      <div className="form-row">
        <Field label="Persona" isInvalid={isInvalid(invalidField, "persona")}>
          {(props) => (
            <select
              {...props}
              value={form.persona}
              onChange={(event) => update({ persona: event.target.value as AgentForm["persona"] })}
            >
              {PERSONAS.map((persona) => (
                <option key={persona} value={persona}>
                  {persona}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Max concurrent"
          hint="Sessions at once; empty for no limit"
          isInvalid={isInvalid(invalidField, "maxConcurrent")}
        >
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              max={64}
              value={form.maxConcurrent}
              onChange={(event) => update({ maxConcurrent: event.target.value })}
            />
          )}
        </Field>
      </div>
    </>
  );
}
