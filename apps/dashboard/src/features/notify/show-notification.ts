import type { BrowserNotice } from "./resolve-notice";

/** Shows a notice; a click brings this window forward and opens the notice's page. */
export function showNotification(notice: BrowserNotice, open: (path: string) => void): void {
  const notification = new window.Notification(notice.title, { body: notice.body, tag: notice.tag });
  notification.addEventListener("click", () => {
    window.focus();
    open(notice.path);
    notification.close();
  });
}
