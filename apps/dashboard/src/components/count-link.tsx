import { NavLink } from "react-router";
import styles from "./count-link.module.css";

/**
 * A navigation link with a badge counting what waits behind it. The badge is hidden from
 * assistive technology because the name already says the count ("Review, 2 waiting").
 */
export function CountLink({ to, label, count }: { to: string; label: string; count: number }) {
  return (
    <NavLink to={to} aria-label={`${label}, ${count} waiting`} className={styles.link}>
      {label}
      {count > 0 ? (
        <span className={styles.count} aria-hidden="true">
          {count}
        </span>
      ) : null}
    </NavLink>
  );
}
