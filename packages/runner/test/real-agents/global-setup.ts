import { REAL_CLIS, type RealCli, ensureCli } from "./clis";

/** Before any test file runs: every pinned real CLI is installed (once; later runs find it cached). */
export default function installRealClis(): void {
  for (const name of Object.keys(REAL_CLIS) as RealCli[]) ensureCli(name);
}
