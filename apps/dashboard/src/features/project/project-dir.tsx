import styles from "./project-dir.module.css";

/** A project's directory, cut to one line (the whole path in its tooltip). */
export function ProjectDir({ rootDir }: { rootDir: string }) {
  return (
    <code className={styles.dir} title={rootDir}>
      {rootDir}
    </code>
  );
}
