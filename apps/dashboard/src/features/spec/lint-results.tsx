import { EARS_TEMPLATES, lintRequirements, parseRequirements } from "@maestro/domain";
import { useDeferredValue, useMemo } from "react";
import { TableHead } from "../../components/table-head";
import styles from "./lint-results.module.css";
import view from "./spec-view.module.css";

/**
 * Region "Requirements lint": every criterion that breaks its EARS pattern (line, text, pattern,
 * problem), checked with the server's own rules on the editor's text as it is typed.
 */
export function LintResults({ text, isDraft }: { text: string; isDraft: boolean }) {
  const deferred = useDeferredValue(text);
  const { issues, criteria } = useMemo(() => {
    const doc = parseRequirements(deferred);
    return {
      issues: lintRequirements(deferred),
      criteria: doc.requirements.reduce((sum, requirement) => sum + requirement.criteria.length, 0),
    };
  }, [deferred]);

  return (
    <section className={view.section} aria-label="Requirements lint">
      <div className="section-head">
        <h3>Requirements lint</h3>
        <span className="muted">{isDraft ? "of your unsaved text" : "of the saved version"}</span>
      </div>
      {issues.length === 0 ? (
        <p className={criteria > 0 ? view.ok : "muted"}>
          {criteria > 0
            ? `All ${criteria} acceptance criteria follow an EARS pattern.`
            : "No numbered acceptance criteria yet (### Requirement 1: … followed by 1. WHEN … THE SYSTEM SHALL …)."}
        </p>
      ) : (
        <table className="data-table" aria-label="Lint problems">
          <caption className={styles.count}>
            {issues.length} problem{issues.length === 1 ? "" : "s"}
          </caption>
          <TableHead columns={["Line", "Criterion", "Text", "Pattern", "Problem"]} />
          <tbody>
            {issues.map((issue, index) => (
              <tr key={`${issue.line}-${index}`}>
                <td className="mono">{issue.line}</td>
                <td className="mono">{issue.criterionId ?? "—"}</td>
                <td>{issue.text}</td>
                <td title={EARS_TEMPLATES[issue.pattern]}>{issue.pattern}</td>
                <td>{issue.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
