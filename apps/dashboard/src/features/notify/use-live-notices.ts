import { OPEN_TASK_STATUSES, type MaestroEvent, noticeTriggerOf } from "@maestro/domain";
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useNavigate } from "react-router";
import { useTRPC } from "../../lib/trpc";
import { ATTENTION_EVENT_KINDS, changesAttention, isRecent } from "./attention-events";
import { isAway } from "./notification-permission";
import { type NotifyPrefs, readNotifyPrefs } from "./notify-prefs";
import { type NoticeLookups, browserNoticeFor } from "./resolve-notice";
import { showNotification } from "./show-notification";

type Trpc = ReturnType<typeof useTRPC>;

/**
 * Follows what can wait for the person: keeps the title's count fresh, refreshes the webhook
 * deliveries a notice may have queued, and (when opted in, and the person is away from this
 * tab) shows a browser notification whose click opens the page it is about.
 */
export function useLiveNotices(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  useSubscription(
    trpc.event.onEvent.subscriptionOptions(
      { kinds: [...ATTENTION_EVENT_KINDS] },
      {
        onStarted: () => void queryClient.invalidateQueries(trpc.attention.counts.queryFilter()),
        onData: ({ data: event }) => {
          if (changesAttention(event)) void queryClient.invalidateQueries(trpc.attention.counts.queryFilter());
          if (noticeTriggerOf(event)) void queryClient.invalidateQueries(trpc.webhook.deliveries.pathFilter());
          void notify(event, readNotifyPrefs(), lookupsOf(queryClient, trpc), (path) => void navigate(path));
        },
      },
    ),
  );
}

async function notify(event: MaestroEvent, prefs: NotifyPrefs, lookups: NoticeLookups, open: (path: string) => void) {
  if (!prefs.isEnabled || window.Notification?.permission !== "granted") return;
  if (!isAway() || !isRecent(event)) return;
  const notice = await browserNoticeFor(event, prefs.kinds, lookups).catch(() => null);
  if (notice) showNotification(notice, open);
}

/** Lookups from the cache when it has them, else from the API. */
function lookupsOf(queryClient: QueryClient, trpc: Trpc): NoticeLookups {
  return {
    projectKey: async (id) => (await queryClient.fetchQuery(trpc.project.byId.queryOptions({ id }))).key,
    task: (id) => queryClient.fetchQuery(trpc.task.byId.queryOptions({ id })).catch(() => null),
    isGraphFinished: async (projectId) => {
      // Fresh reads: the answer depends on the change that just happened.
      const autopilot = await queryClient.fetchQuery({
        ...trpc.autopilot.status.queryOptions({ projectId }),
        staleTime: 0,
      });
      if (autopilot.state !== "on") return false;
      const open = await queryClient.fetchQuery({
        ...trpc.task.list.queryOptions({ projectId, status: [...OPEN_TASK_STATUSES], limit: 1 }),
        staleTime: 0,
      });
      return open.items.length === 0;
    },
  };
}
