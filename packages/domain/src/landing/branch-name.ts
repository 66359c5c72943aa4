import { z } from "zod";

/**
 * A branch name git accepts (the rules of `git check-ref-format --branch`, in linear time): no
 * spaces, control characters or `~^:?*[\`, no `..` or `@{`, no segment starting with `.` or
 * ending with `.lock`, not starting with `-` or `/`, not ending with `/` or `.`.
 */
export function isValidBranchName(name: string): boolean {
  if (name.length === 0 || name.length > 255 || name === "@") return false;
  // eslint-disable-next-line no-control-regex -- git refuses control characters in a ref name
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name)) return false;
  if (name.includes("..") || name.includes("@{") || name.includes("//")) return false;
  if (name.startsWith("-") || name.startsWith("/") || name.endsWith("/") || name.endsWith(".")) return false;
  return name.split("/").every((part) => !part.startsWith(".") && !part.endsWith(".lock"));
}

export const BranchName = z
  .string()
  .trim()
  .refine(isValidBranchName, "must be a valid git branch name (e.g. main or release/1.2)");
