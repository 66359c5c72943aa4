/*
 * A project's recent webhook deliveries, newest first. Accessible names: region "Recent
 * deliveries" holding table "Recent deliveries" (columns Time, Event, Status, Attempts,
 * Response), or the empty state "No deliveries yet"; button "Load more deliveries".
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { EmptyState, Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { TableHead } from "../../components/table-head";
import { loadedItems, nextCursorOf } from "../../lib/pages";
import { useTRPC } from "../../lib/trpc";
import { formatTime } from "../task/task-labels";
import { deliveryRefreshMs } from "./delivery-refresh";
import { WEBHOOK_EVENT_LABELS, deliveryResponseText, deliveryStatusText } from "./webhook-labels";

export function WebhookDeliveries({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.webhook.deliveries.infiniteQueryOptions(
      { projectId, limit: 20 },
      { getNextPageParam: nextCursorOf, refetchInterval: (query) => deliveryRefreshMs(query.state.data) },
    ),
  );
  const deliveries = loadedItems(query.data);
  return (
    <section className="form" aria-labelledby="deliveries-heading">
      <div className="section-head">
        <h2 id="deliveries-heading">Recent deliveries</h2>
      </div>
      {query.isPending ? <Loading label="Loading deliveries…" /> : null}
      <ErrorAlert error={query.error} />
      {query.isSuccess && deliveries.length === 0 ? (
        <EmptyState title="No deliveries yet">
          <p>Each event the webhook notifies about is listed here with how its receiver answered.</p>
        </EmptyState>
      ) : null}
      {deliveries.length > 0 ? (
        <table className="data-table" aria-label="Recent deliveries">
          <TableHead columns={["Time", "Event", "Status", "Attempts", "Response"]} />
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>{formatTime(delivery.createdAt)}</td>
                <td>{WEBHOOK_EVENT_LABELS[delivery.event]}</td>
                <td>{deliveryStatusText(delivery)}</td>
                <td>{delivery.attempts}</td>
                <td className="mono">{deliveryResponseText(delivery)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <LoadMore query={query} what="deliveries" />
    </section>
  );
}
