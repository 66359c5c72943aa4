import type { Budget, Spend } from "@maestro/domain";
import { spendFraction, spendText } from "./spend-format";
import styles from "./spend-meter.module.css";

interface SpendMeterProps {
  /** What the spend is of, e.g. "project WEB", "task WEB-3", "spec login": the meter's accessible name. */
  scope: string;
  spend: Spend;
  budget: Budget;
}

/** Spend against budget: a meter named "Spend of <scope>" with its words ("$1.20 of $5.00") beside it. */
export function SpendMeter({ scope, spend, budget }: SpendMeterProps) {
  const text = spendText(spend, budget);
  const fraction = spendFraction(spend, budget);
  const isReached = fraction !== null && fraction >= 1;
  return (
    <div className={styles.spend}>
      {fraction !== null ? (
        <meter
          className={styles.meter}
          aria-label={`Spend of ${scope}`}
          aria-valuetext={text}
          min={0}
          max={1}
          high={0.8}
          optimum={0}
          value={fraction}
        />
      ) : null}
      <span className={isReached ? styles.reached : "muted"}>
        {text}
        {isReached ? " — budget reached" : ""}
      </span>
    </div>
  );
}
