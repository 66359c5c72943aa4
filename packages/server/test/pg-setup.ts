import { createPgDatabase, openPgStore, startPgCluster } from "@maestro/db";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    maestroPg: { adminUrl: string; url: string };
  }
}

/** The migrated database each test's copies are made from (CREATE DATABASE … TEMPLATE). */
export const TEMPLATE_DATABASE = "maestro_template";

/**
 * The `postgres` project's globalSetup: one throw-away cluster for the run, with a database
 * migrated once as the template of every test's own (`inject("maestroPg")`); stopped at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPgCluster();
  try {
    const url = await createPgDatabase(cluster, TEMPLATE_DATABASE);
    const store = await openPgStore({ url, maxConnections: 1 });
    await store.close();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  project.provide("maestroPg", { adminUrl: cluster.adminUrl, url: cluster.url });
  return () => cluster.stop();
}
