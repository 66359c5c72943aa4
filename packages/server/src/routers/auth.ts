import { createSignInLink } from "../services/auth/create-sign-in-link";
import { publicProcedure, router } from "../trpc";

export const authRouter = router({
  signInLink: publicProcedure.mutation(({ ctx }) => createSignInLink({ ctx })),
});
