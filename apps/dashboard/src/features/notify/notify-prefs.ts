import { NOTICE_KINDS, type NoticeKind } from "@maestro/domain";
import { useCallback, useMemo, useSyncExternalStore } from "react";

/** A person's choice, kept in this browser: notifications are per browser, like the permission. */
export interface NotifyPrefs {
  isEnabled: boolean;
  kinds: NoticeKind[];
}

export const NOTIFY_PREFS_KEY = "maestro.notifications";
export const DEFAULT_NOTIFY_PREFS: NotifyPrefs = { isEnabled: false, kinds: [...NOTICE_KINDS] };

/** Whatever is stored (an older shape, a hand edit) reads as a valid choice; kinds unknown here are dropped. */
export function parseNotifyPrefs(raw: string | null): NotifyPrefs {
  if (!raw) return DEFAULT_NOTIFY_PREFS;
  try {
    const value = JSON.parse(raw) as { isEnabled?: unknown; kinds?: unknown };
    const kinds = Array.isArray(value.kinds)
      ? NOTICE_KINDS.filter((kind) => (value.kinds as unknown[]).includes(kind))
      : DEFAULT_NOTIFY_PREFS.kinds;
    return { isEnabled: value.isEnabled === true, kinds };
  } catch {
    return DEFAULT_NOTIFY_PREFS;
  }
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changing the choice changes it here too.
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(NOTIFY_PREFS_KEY);
  } catch {
    return null;
  }
}

/** The choice as stored now (read when an event comes, so a change applies at once). */
export function readNotifyPrefs(): NotifyPrefs {
  return parseNotifyPrefs(readRaw());
}

export function writeNotifyPrefs(prefs: NotifyPrefs): void {
  window.localStorage.setItem(NOTIFY_PREFS_KEY, JSON.stringify(prefs));
  for (const listener of listeners) listener();
}

/** The stored choice, and a setter that stores a change (every reader in this tab and others follows). */
export function useNotifyPrefs(): [NotifyPrefs, (change: Partial<NotifyPrefs>) => void] {
  const raw = useSyncExternalStore(subscribe, readRaw);
  const prefs = useMemo(() => parseNotifyPrefs(raw), [raw]);
  const update = useCallback((change: Partial<NotifyPrefs>) => {
    writeNotifyPrefs({ ...readNotifyPrefs(), ...change });
  }, []);
  return [prefs, update];
}
