const VIEW_PATHS = ["list", "graph", "sessions"] as const;

/**
 * Views have their own paths (`/projects/WEB/graph`); a hand-written `?view=graph` is sent
 * there, keeping the other parameters. Null when there is nothing to redirect.
 */
export function viewPath(key: string, search: string): string | null {
  const params = new URLSearchParams(search);
  const view = VIEW_PATHS.find((name) => name === params.get("view"));
  if (!view) return null;
  params.delete("view");
  const rest = params.toString();
  return `/projects/${key}/${view}${rest ? `?${rest}` : ""}`;
}
