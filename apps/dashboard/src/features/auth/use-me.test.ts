import type { Me } from "@maestro/domain";
import type { AppRouter } from "@maestro/server";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpLink } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { type ReactNode, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TRPCProvider } from "../../lib/trpc";
import { OnlyIfAllowed } from "./only-if-allowed";
import { SignedInAs } from "./signed-in-as";
import { useCan } from "./use-me";

/** Renders `node` as `me` would see it: auth.me's answer is already in the cache, as after sign-in. */
function renderAs(me: Me | undefined, node: ReactNode): string {
  const queryClient = new QueryClient();
  const trpcClient = createTRPCClient<AppRouter>({ links: [httpLink({ url: "http://127.0.0.1:1/trpc" })] });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  if (me) queryClient.setQueryData(trpc.auth.me.queryKey(), me);
  const withTrpc = createElement(TRPCProvider, { trpcClient, queryClient, children: node });
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: queryClient, children: withTrpc }));
}

function NewTaskButton() {
  return useCan("task.create") ? createElement("button", { type: "button" }, "New task") : null;
}

const viewer: Me = { kind: "person", name: "ana", role: "viewer" };
const member: Me = { kind: "person", name: "bo", role: "member" };
const owner: Me = { kind: "owner", name: null, role: "admin" };

describe("useMe and useCan", () => {
  it("hide a control from a viewer and show it to a member", () => {
    expect(renderAs(viewer, createElement(NewTaskButton))).toBe("");
    expect(renderAs(member, createElement(NewTaskButton))).toContain("New task");
  });

  it("show nothing until auth.me has answered", () => {
    expect(renderAs(undefined, createElement(NewTaskButton))).toBe("");
    expect(renderAs(undefined, createElement(SignedInAs))).toBe("");
  });

  it("name who is signed in, and their role", () => {
    expect(renderAs(viewer, createElement(SignedInAs))).toBe(
      '<span class="muted">Signed in as <strong>ana</strong> (viewer)</span>',
    );
    expect(renderAs(owner, createElement(SignedInAs))).toContain("<strong>owner</strong> (admin)");
  });

  it("say which role a page needs instead of showing it", () => {
    const page = createElement(OnlyIfAllowed, {
      procedure: "token.list",
      what: "manage tokens",
      children: "the tokens",
    });
    expect(renderAs(owner, page)).toBe("the tokens");
    const refused = renderAs(member, page);
    expect(refused).toContain("Only an admin may manage tokens");
    expect(refused).toContain("You are signed in as a member.");
    expect(refused).not.toContain("the tokens");
  });
});
