/**
 * The sign-in endpoints are plain HTTP rather than tRPC: they answer before any credential and
 * set or clear the HttpOnly session cookie, which no script on the page can read.
 */
export type SignInCredential = { code: string } | { token: string };

async function failureMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not JSON (a proxy's page, say): the status says enough.
  }
  return `sign-in failed (HTTP ${response.status})`;
}

export async function signIn(credential: SignInCredential): Promise<void> {
  const response = await fetch("/auth/signin", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(credential),
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(await failureMessage(response));
}

export async function signOut(): Promise<void> {
  const response = await fetch("/auth/signout", { method: "POST", credentials: "same-origin" });
  if (!response.ok) throw new Error(await failureMessage(response));
}
