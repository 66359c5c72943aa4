import { attentionTotal } from "@maestro/domain";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "../../lib/trpc";
import { keepTitleCount } from "./title-count";

/**
 * The page title starts with the count of what waits for the person ("(3) Maestro"): sessions
 * needing input, tasks waiting for review, specs waiting for approval. Live events refetch it.
 */
export function useTitleCount(): void {
  const trpc = useTRPC();
  const counts = useQuery(trpc.attention.counts.queryOptions());
  const total = counts.data ? attentionTotal(counts.data) : 0;
  useEffect(() => keepTitleCount(total), [total]);
}
