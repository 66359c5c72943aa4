import type { Page, WebhookDelivery } from "@maestro/domain";
import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { DELIVERY_REFRESH_MS, deliveryRefreshMs } from "./delivery-refresh";

function delivery(id: string, status: WebhookDelivery["status"]): WebhookDelivery {
  const ts = "2026-01-01T00:00:00.000Z";
  return {
    id,
    projectId: "p1",
    event: "failed",
    status,
    attempts: status === "queued" ? 0 : 1,
    lastStatusCode: null,
    lastError: null,
    nextAttemptAt: null,
    createdAt: ts,
    updatedAt: ts,
  };
}

function pages(...statuses: WebhookDelivery["status"][][]): InfiniteData<Page<WebhookDelivery>> {
  return {
    pages: statuses.map((page, p) => ({ items: page.map((s, i) => delivery(`${p}-${i}`, s)), nextCursor: null })),
    pageParams: statuses.map(() => null),
  };
}

describe("deliveryRefreshMs", () => {
  it("regression: an idle list (nothing queued) is not re-read every 3 s", () => {
    expect(deliveryRefreshMs(undefined)).toBe(false);
    expect(deliveryRefreshMs(pages([]))).toBe(false);
    expect(deliveryRefreshMs(pages(["delivered", "failed"], ["delivered"]))).toBe(false);
  });

  it("follows a queued delivery (on any loaded page) until it settles", () => {
    expect(deliveryRefreshMs(pages(["queued", "delivered"]))).toBe(DELIVERY_REFRESH_MS);
    expect(deliveryRefreshMs(pages(["delivered"], ["failed", "queued"]))).toBe(DELIVERY_REFRESH_MS);
  });
});
