import type { DiffLine, DocumentPhase } from "@maestro/domain";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { ErrorAlert } from "../../components/error-alert";
import { TableHead } from "../../components/table-head";
import { useTRPC } from "../../lib/trpc";
import view from "./spec-view.module.css";
import styles from "./version-history.module.css";

/**
 * Region "Version history": table "Versions" (number, author, source, time) and the diff between
 * any two versions, picked with selects "From version" and "To version" (region "Diff"). The
 * newest 100 versions come first; "Load older versions" brings the next ones.
 */
export function VersionHistory({ specId, phase }: { specId: string; phase: DocumentPhase }) {
  const trpc = useTRPC();
  const versions = useInfiniteQuery(
    trpc.spec.versions.infiniteQueryOptions({ id: specId, phase }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const newestFirst = useMemo(() => versions.data?.pages.flatMap((page) => page.items) ?? [], [versions.data]);
  const list = useMemo(() => [...newestFirst].reverse(), [newestFirst]);
  const latest = list[list.length - 1]?.version ?? 0;
  const [picked, setPicked] = useState<{ from: number | null; to: number | null }>({ from: null, to: null });
  const to = picked.to ?? latest;
  const from = picked.from ?? Math.max(0, to - 1);
  const fromId = useId();
  const toId = useId();
  const diff = useQuery({
    ...trpc.spec.diff.queryOptions({ id: specId, phase, from, to: Math.max(to, 1) }),
    enabled: latest > 0,
  });

  return (
    <section className={view.section} aria-label="Version history">
      <h3>Version history</h3>
      <ErrorAlert error={versions.error ?? diff.error} />
      {versions.isSuccess && list.length === 0 ? <p className="muted">No versions yet.</p> : null}
      {list.length > 0 ? (
        <table className="data-table" aria-label="Versions">
          <TableHead columns={["Version", "Author", "Source", "Saved"]} />
          <tbody>
            {newestFirst.map((version) => (
              <tr key={version.version}>
                <td className="mono">{version.version}</td>
                <td>{version.author}</td>
                <td>{version.source}</td>
                <td>
                  <time dateTime={version.createdAt}>{new Date(version.createdAt).toLocaleString()}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {versions.hasNextPage ? (
        <button type="button" onClick={() => void versions.fetchNextPage()} disabled={versions.isFetchingNextPage}>
          {versions.isFetchingNextPage ? "Loading older versions…" : "Load older versions"}
        </button>
      ) : null}
      {list.length > 0 ? (
        <div className={styles.pickers}>
          <label htmlFor={fromId}>From version</label>
          <select id={fromId} value={from} onChange={(event) => setPicked({ to, from: Number(event.target.value) })}>
            <option value={0}>0 (empty)</option>
            {list.map((version) => (
              <option key={version.version} value={version.version}>
                {version.version}
              </option>
            ))}
          </select>
          <label htmlFor={toId}>To version</label>
          <select id={toId} value={to} onChange={(event) => setPicked({ from, to: Number(event.target.value) })}>
            {list.map((version) => (
              <option key={version.version} value={version.version}>
                {version.version}
              </option>
            ))}
          </select>
          {diff.data ? (
            <span className="muted">
              +{diff.data.added} −{diff.data.removed}
            </span>
          ) : null}
        </div>
      ) : null}
      {diff.data ? <DiffView lines={diff.data.lines} /> : null}
    </section>
  );
}

const OP_MARKS: Record<DiffLine["op"], string> = { add: "+", remove: "−", same: " " };
const OP_NAMES: Record<DiffLine["op"], string> = { add: "added", remove: "removed", same: "unchanged" };

function DiffView({ lines }: { lines: DiffLine[] }) {
  if (lines.length === 0) return <p className="muted">Both versions are empty.</p>;
  return (
    <section className={styles.diff} aria-label="Diff">
      <table className={styles.table}>
        <tbody>
          {lines.map((line, index) => (
            <tr key={index} className={styles.line} data-op={line.op}>
              <td className={styles.number} aria-hidden="true">
                {line.oldLine ?? ""}
              </td>
              <td className={styles.number} aria-hidden="true">
                {line.newLine ?? ""}
              </td>
              <td className={styles.mark}>
                <span aria-hidden="true">{OP_MARKS[line.op]}</span>
                <span className="visually-hidden">{OP_NAMES[line.op]}</span>
              </td>
              <td className={styles.text}>{line.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
