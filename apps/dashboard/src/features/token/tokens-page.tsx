/*
 * Tokens (`/settings/tokens`, admins): named tokens for people and scripts. Accessible names:
 * heading "Tokens"; button "New token" → dialog "New token" (see new-token-dialog.tsx); table
 * "Tokens" (name, role, created, last used, status), one row per token, with button
 * "Revoke <name>" on a live one → dialog "Revoke token <name>?" with button "Revoke token";
 * empty state "No named tokens yet". Who is not an admin reads which role may instead.
 */
import type { TokenInfo } from "@maestro/domain";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { EmptyState, Loading } from "../../components/empty-state";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { TableHead } from "../../components/table-head";
import { OnlyIfAllowed } from "../auth/only-if-allowed";
import { formatTime } from "../task/task-labels";
import { NewTokenDialog } from "./new-token-dialog";
import { ROLE_LABELS, sortTokens } from "./token-format";
import { useRevokeToken, useTokens } from "./use-tokens";

export function TokensPage() {
  return (
    <div className="page">
      <title>Tokens · Maestro</title>
      <p>
        <Link to="/settings" className="breadcrumb">
          Settings
        </Link>
      </p>
      <OnlyIfAllowed procedure="token.list" what="manage tokens">
        <TokenManager />
      </OnlyIfAllowed>
    </div>
  );
}

type Dialog = { kind: "new" } | { kind: "revoke"; token: TokenInfo } | null;

function TokenManager() {
  const tokens = useTokens();
  const sorted = useMemo(() => sortTokens(tokens.data ?? []), [tokens.data]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  return (
    <>
      <PageHeader
        title="Tokens"
        intro="Named tokens let people and scripts sign in with a role. The owner token is not listed: it is above every role."
      >
        <button type="button" className="button button--primary" onClick={() => setDialog({ kind: "new" })}>
          New token
        </button>
      </PageHeader>
      {tokens.isPending ? <Loading label="Loading tokens…" /> : null}
      <ErrorAlert error={tokens.error} />
      {tokens.isSuccess && sorted.length === 0 ? <NoTokens /> : null}
      {sorted.length > 0 ? (
        <TokensTable tokens={sorted} onRevoke={(token) => setDialog({ kind: "revoke", token })} />
      ) : null}
      {dialog?.kind === "new" ? <NewTokenDialog onClose={close} /> : null}
      {dialog?.kind === "revoke" ? <RevokeTokenDialog token={dialog.token} onClose={close} /> : null}
    </>
  );
}

function NoTokens() {
  return (
    <EmptyState title="No named tokens yet">
      <p>
        Create one with <strong>New token</strong> for each person or script, or from a terminal:
      </p>
      <pre className="command">maestro token create &lt;name&gt; --role viewer|member|admin</pre>
    </EmptyState>
  );
}

export function TokensTable({
  tokens,
  onRevoke,
}: {
  tokens: readonly TokenInfo[];
  onRevoke: (token: TokenInfo) => void;
}) {
  return (
    <table className="data-table" aria-label="Tokens">
      <TableHead
        columns={["Name", "Role", "Created", "Last used", "Status", <span className="visually-hidden">Actions</span>]}
      />
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id}>
            <th scope="row">{token.name}</th>
            <td>{ROLE_LABELS[token.role]}</td>
            <td>{formatTime(token.createdAt)}</td>
            <td>{token.lastUsedAt ? formatTime(token.lastUsedAt) : "Never"}</td>
            <td>{token.revokedAt ? `Revoked ${formatTime(token.revokedAt)}` : "Active"}</td>
            <td>
              {token.revokedAt ? null : (
                <button
                  type="button"
                  className="button button--small button--danger-ghost"
                  aria-label={`Revoke ${token.name}`}
                  onClick={() => onRevoke(token)}
                >
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RevokeTokenDialog({ token, onClose }: { token: TokenInfo; onClose: () => void }) {
  const revoke = useRevokeToken();
  return (
    <ConfirmDialog
      title={`Revoke token ${token.name}?`}
      confirmLabel="Revoke token"
      pendingLabel="Revoking…"
      request={revoke}
      onConfirm={() => revoke.mutate({ id: token.id }, { onSuccess: onClose })}
      onClose={onClose}
    >
      <p>
        Whoever uses {token.name} is signed out at their next request, in the dashboard and the CLI alike. This cannot
        be undone: create a new token if they need access again.
      </p>
    </ConfirmDialog>
  );
}
