import type { WebhookDelivery } from "@maestro/domain";
import type { Output } from "./output";

export function renderDeliveryTable(output: Output, deliveries: readonly WebhookDelivery[]): string {
  return output.table(
    deliveries,
    [
      { header: "TIME", value: (delivery) => delivery.createdAt },
      { header: "EVENT", value: (delivery) => delivery.event },
      { header: "STATUS", value: (delivery) => delivery.status },
      { header: "ATTEMPTS", value: (delivery) => String(delivery.attempts) },
      {
        header: "CODE",
        value: (delivery) => (delivery.lastStatusCode === null ? "—" : String(delivery.lastStatusCode)),
      },
      { header: "ERROR", value: (delivery) => delivery.lastError ?? "", max: 60 },
    ],
    "No webhook deliveries yet.",
  );
}
