import { createSignInLink } from "../services/auth/create-sign-in-link";
import { whoAmI } from "../services/auth/who-am-i";
import { publicProcedure, router } from "../trpc";

export const authRouter = router({
  /** Every principal may ask who it is (agents and runners too). */
  me: publicProcedure.meta({ agents: true, runners: true }).query(({ ctx }) => whoAmI({ ctx })),
  signInLink: publicProcedure.mutation(async ({ ctx }) => await createSignInLink({ ctx })),
});
