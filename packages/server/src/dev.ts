// Contributor loop: `pnpm dev` runs this under `node --watch`, restarting on every change.
import { readServerEnv } from "./env";
import { startServer } from "./main";

const env = readServerEnv();
const server = await startServer({
  home: env.MAESTRO_HOME,
  host: env.MAESTRO_HOST,
  port: env.MAESTRO_PORT,
  token: env.MAESTRO_TOKEN,
  allowedOrigins: env.MAESTRO_ALLOWED_ORIGINS,
  allowedHosts: env.MAESTRO_ALLOWED_HOSTS,
  dashboardDir: env.MAESTRO_DASHBOARD_DIR,
});
console.error(`maestro dev server on ${server.url} (API for the Vite dev server)`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
