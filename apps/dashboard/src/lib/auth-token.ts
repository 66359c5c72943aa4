const STORAGE_KEY = "maestro.token";

/**
 * The API token, when the server needs one. It arrives once as `?token=…` (the link printed by
 * `maestro serve`), is kept in localStorage, and is removed from the address bar so it does
 * not end up in bookmarks or screenshots.
 */
export function readAuthToken(): string | undefined {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    window.localStorage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete("token");
    window.history.replaceState(window.history.state, "", url);
    return fromUrl;
  }
  return window.localStorage.getItem(STORAGE_KEY) ?? undefined;
}
