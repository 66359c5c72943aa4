import type { Me } from "@maestro/domain";
import type { Context } from "../../context";

/** Who the caller is: the dashboard hides what the role may not do (the server refuses it anyway). */
export function whoAmI({ ctx }: { ctx: Context }): Me {
  const principal = ctx.principal;
  switch (principal.kind) {
    case "owner":
      return { kind: "owner", name: null, role: "admin" };
    case "person":
      return { kind: "person", name: principal.name, role: principal.role };
    case "agent":
      return { kind: "agent", name: null, role: "member" };
    case "runner":
      return { kind: "runner", name: null, role: "member" };
  }
}
