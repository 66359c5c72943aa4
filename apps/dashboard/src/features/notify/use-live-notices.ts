import { type MaestroEvent, noticeTriggerOf } from "@maestro/domain";
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { useTRPC } from "../../lib/trpc";
import { ATTENTION_EVENT_KINDS, changesAttention, isRecent } from "./attention-events";
import { coalescedRefresh } from "./attention-refresh";
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
  const [counts] = useState(() => coalescedRefresh(queryClient, trpc.attention.counts.queryFilter()));
  const [deliveries] = useState(() => coalescedRefresh(queryClient, trpc.webhook.deliveries.pathFilter()));
  useEffect(
    () => () => {
      counts.dispose();
      deliveries.dispose();
    },
    [counts, deliveries],
  );
  useSubscription(
    trpc.event.onEvent.subscriptionOptions(
      { kinds: [...ATTENTION_EVENT_KINDS] },
      {
        // Whatever changed while the stream was down (or before it started) is read again.
        onStarted: () => {
          counts.refresh();
          deliveries.refresh();
        },
        onData: ({ data: event }) => {
          if (changesAttention(event)) counts.refresh();
          if (noticeTriggerOf(event)) deliveries.refresh();
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
    // A fresh answer (it depends on the change that just happened), from one cheap server check.
    isGraphFinished: (projectId) =>
      queryClient.fetchQuery({ ...trpc.autopilot.graphFinished.queryOptions({ projectId }), staleTime: 0 }),
  };
}
