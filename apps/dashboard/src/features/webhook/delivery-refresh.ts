import type { Page, WebhookDelivery } from "@maestro/domain";
import type { InfiniteData } from "@tanstack/react-query";
import { loadedItems } from "../../lib/pages";

/** Queued deliveries change without an event (the sender's attempts): they are read again this often. */
export const DELIVERY_REFRESH_MS = 3_000;

/**
 * How often the list is read again: only while a delivery it shows is still queued. Settled ones
 * never change, and a new one comes with the event that made it (useLiveNotices), so an idle list
 * (every loaded page of it) is not re-read every few seconds.
 */
export function deliveryRefreshMs(data: InfiniteData<Page<WebhookDelivery>> | undefined): number | false {
  return loadedItems(data).some((delivery) => delivery.status === "queued") ? DELIVERY_REFRESH_MS : false;
}
