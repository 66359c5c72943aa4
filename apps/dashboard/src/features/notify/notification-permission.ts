import { useCallback, useEffect, useState } from "react";

export type PermissionState = NotificationPermission | "unsupported";

function currentPermission(): PermissionState {
  return typeof window.Notification === "function" ? window.Notification.permission : "unsupported";
}

/**
 * The browser's notification permission, kept current (a person may change it in the site
 * settings at any time), and a request for it that only a click may make.
 */
export function useNotificationPermission(): [PermissionState, () => Promise<PermissionState>] {
  const [permission, setPermission] = useState(currentPermission);
  useEffect(() => {
    if (!navigator.permissions) return;
    let status: PermissionStatus | null = null;
    const onChange = () => setPermission(currentPermission());
    void navigator.permissions
      .query({ name: "notifications" })
      .then((result) => {
        status = result;
        result.addEventListener("change", onChange);
      })
      .catch(() => undefined);
    return () => status?.removeEventListener("change", onChange);
  }, []);
  const request = useCallback(async () => {
    if (currentPermission() === "unsupported") return "unsupported";
    const answer = await window.Notification.requestPermission();
    setPermission(answer);
    return answer;
  }, []);
  return [permission, request];
}

/** Whether the person is elsewhere: the tab is hidden or the window does not have the focus. */
export function isAway(): boolean {
  return document.visibilityState === "hidden" || !document.hasFocus();
}
