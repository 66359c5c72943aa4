import { type Store, findLiveTokenByHash, findTokenById, touchTokenLastUsed } from "@maestro/db";
import { type TokenInfo, looksLikePersonToken } from "@maestro/domain";
import { ConnectionClosers } from "./connection-closers";
import { type PersonPrincipal, hashToken } from "./context";
import { inWriteGroup } from "./services/group-commit";
import { inStoreTransaction } from "./services/unit-of-work";

/** `last_used_at` is written at most this often per token: a read-mostly client costs no write per call. */
export const LAST_USED_EVERY_MS = 60_000;

/**
 * Named tokens as the server meets them: who a secret (or a dashboard session's token id) is,
 * when each was last used, and the open WebSocket connections to end when one is revoked.
 */
export class PersonTokens {
  readonly #lastTouched = new Map<string, number>();
  readonly #connections = new ConnectionClosers();
  /** Tokens revoked while this process ran: a connection made before keeps its context until it is gone. */
  readonly #revoked = new Set<string>();

  constructor(
    readonly database: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** The person presenting this secret, while their token is live. */
  async bySecret(secret: string): Promise<PersonPrincipal | undefined> {
    if (!looksLikePersonToken(secret)) return undefined;
    const token = await findLiveTokenByHash(this.database.db, hashToken(secret));
    return token ? this.#used(token) : undefined;
  }

  /** The person a dashboard session is bound to, while their token is live. */
  async byId(tokenId: string): Promise<PersonPrincipal | undefined> {
    const token = await findTokenById(this.database.db, tokenId);
    return token && token.revokedAt === null ? this.#used(token) : undefined;
  }

  /** Calls `close` when the token is revoked, until `signal` aborts (the connection closed). */
  watch(tokenId: string, signal: AbortSignal, close: () => void): void {
    this.#connections.watch(tokenId, signal, close);
  }

  /**
   * Whether the token was revoked since a context was made with it. A WebSocket's context
   * outlives the revocation until its close handshake ends (up to 30 s if the client never
   * answers), and calls it sends meanwhile must still be refused.
   */
  isRevoked(tokenId: string): boolean {
    return this.#revoked.has(tokenId);
  }

  /** After the revocation committed: every connection made with the token ends now. */
  revoked(tokenId: string): void {
    this.#revoked.add(tokenId);
    this.#lastTouched.delete(tokenId);
    this.#connections.end(tokenId);
  }

  #used(token: TokenInfo): PersonPrincipal {
    const now = this.now();
    const last = this.#lastTouched.get(token.id) ?? 0;
    if (now - last >= LAST_USED_EVERY_MS) {
      this.#lastTouched.set(token.id, now);
      // Joins the next group commit; a failed write (a full disk) only leaves the time older.
      const touch = () => inStoreTransaction(this.database, (tx) => touchTokenLastUsed(tx, token.id, new Date(now)));
      inWriteGroup(this.database, touch).catch(() => this.#lastTouched.delete(token.id));
    }
    return { kind: "person", tokenId: token.id, name: token.name, role: token.role };
  }
}
