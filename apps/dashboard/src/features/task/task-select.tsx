import type { Task } from "@maestro/domain";
import { type Ref, useState } from "react";
import { Field } from "../../components/field";
import { LoadMore } from "../../components/load-more";
import { type TaskIndex, byKeyNumber } from "./task-index";
import styles from "./task-pickers.module.css";
import { useTaskSearch } from "./use-task-search";

interface TaskSelectProps {
  projectId: string;
  label: string;
  /** The search box's accessible name (not containing `label`, so each control's name stays unique). */
  searchLabel: string;
  /** The input's name in the request: marked invalid when a failed request names it. */
  name?: string;
  index: TaskIndex;
  /** Tasks not offered (the task itself, its subtasks, those already chosen). */
  excludeIds: ReadonlySet<string>;
  /** The chosen task's key, or "" for the first option. */
  value: string;
  /** The first option ("None (top level)", "Choose a task…"). */
  placeholder: string;
  /** With it, a select with nothing to offer is disabled and says this instead. */
  emptyPlaceholder?: string;
  onChange: (task: Task | undefined) => void;
  ref?: Ref<HTMLSelectElement>;
}

/**
 * A labelled select of the project's tasks in key order, each option "WEB-2 · Title". Option
 * values are task keys (what people and tests type); callers get the task itself. It offers the
 * tasks loaded so far; the search box under it (`searchLabel`) asks the server
 * instead, a page of matches at a time, so any task of a big project can be picked.
 */
export function TaskSelect({
  projectId,
  label,
  searchLabel,
  name,
  index,
  excludeIds,
  value,
  placeholder,
  emptyPlaceholder,
  onChange,
  ref,
}: TaskSelectProps) {
  const [text, setText] = useState("");
  const search = useTaskSearch(projectId, text);
  const offered = search.isSearching ? search.tasks : [...index.tasks].sort(byKeyNumber);
  const candidates = offered.filter((task) => !excludeIds.has(task.id));
  // The chosen task stays an option while a search shows others.
  const chosen = value ? index.byKey.get(value) : undefined;
  const options = chosen && !candidates.includes(chosen) ? [chosen, ...candidates] : candidates;
  const isEmpty = options.length === 0 && emptyPlaceholder !== undefined && !search.isSearching;
  const first =
    search.isSearching && candidates.length === 0 ? (search.query.isFetching ? "Searching…" : "No match") : null;
  return (
    <>
      <Field label={label} name={name}>
        {(props) => (
          <select
            {...props}
            ref={ref}
            value={value}
            disabled={isEmpty}
            onChange={(event) => onChange(options.find((task) => task.key === event.target.value))}
          >
            <option value="">{first ?? (isEmpty ? emptyPlaceholder : placeholder)}</option>
            {options.map((task) => (
              <option key={task.id} value={task.key}>
                {`${task.key} · ${task.title}`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <input
        type="search"
        className={styles.search}
        aria-label={searchLabel}
        placeholder="Find by key or title…"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      {search.isSearching ? <LoadMore query={search.query} what="matching tasks" /> : null}
    </>
  );
}
