export const SIGN_IN_PATH = "/signin";

/**
 * The one-time code of a sign-in link (`/signin#code=…`). It travels in the fragment, which
 * browsers never send to a server, so it stays out of logs and Referer headers.
 */
export function readSignInCode(href: string): string | undefined {
  const url = new URL(href);
  const code = new URLSearchParams(url.hash.replace(/^#/, "")).get("code");
  return code ? code : undefined;
}

/** The same address without its code: what the address bar (and history) should keep. */
export function withoutSignInCode(href: string): string {
  const url = new URL(href);
  url.hash = "";
  return `${url.pathname}${url.search}`;
}

export function isSignInPath(pathname: string): boolean {
  return pathname === SIGN_IN_PATH || pathname === `${SIGN_IN_PATH}/`;
}
