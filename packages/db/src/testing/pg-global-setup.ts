import type { TestProject } from "vitest/node";
import { startPgCluster } from "./pg-cluster";

/** What test files get with `inject("maestroPg")`: the run's one cluster. */
export interface ProvidedPg {
  adminUrl: string;
  url: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    maestroPg: ProvidedPg;
  }
}

/**
 * A vitest globalSetup: one throw-away cluster for the whole run (files make databases of their
 * own in it with createPgDatabase), stopped and removed when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPgCluster();
  project.provide("maestroPg", { adminUrl: cluster.adminUrl, url: cluster.url });
  return () => cluster.stop();
}
