import { describe, expect, it } from "vitest";
import { deliveryResponseText, deliveryStatusText } from "./webhook-labels";

describe("delivery labels", () => {
  it("says a queued delivery with a failed attempt is retrying", () => {
    expect(deliveryStatusText({ status: "queued", attempts: 0 })).toBe("Queued");
    expect(deliveryStatusText({ status: "queued", attempts: 2 })).toBe("Queued, retrying");
    expect(deliveryStatusText({ status: "delivered", attempts: 1 })).toBe("Delivered");
  });

  it("shows the receiver's status code, or the error when it did not answer", () => {
    expect(deliveryResponseText({ lastStatusCode: 200, lastError: null })).toBe("HTTP 200");
    expect(deliveryResponseText({ lastStatusCode: 500, lastError: "HTTP 500: boom" })).toBe("HTTP 500: boom");
    expect(deliveryResponseText({ lastStatusCode: null, lastError: "fetch failed" })).toBe("fetch failed");
    expect(deliveryResponseText({ lastStatusCode: null, lastError: null })).toBe("—");
  });
});
