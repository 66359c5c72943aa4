import { DomainError, type Project } from "@maestro/domain";
import { checkedOutBranch } from "../../git/refs";

/** Where the project's work lands: its setting, else the branch checked out in its directory. */
export async function targetBranchOf(project: Project): Promise<string> {
  if (project.settings.targetBranch) return project.settings.targetBranch;
  const branch = await checkedOutBranch(project.rootDir);
  if (branch) return branch;
  throw new DomainError(
    "INVALID_INPUT",
    `project ${project.key} has no target branch and ${project.rootDir} has no branch checked out: set one with --target-branch`,
    { field: "targetBranch" },
  );
}
