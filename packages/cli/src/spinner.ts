import yoctoSpinner from "yocto-spinner";
import type { CommandContext } from "./command";

/**
 * Runs `work` with a spinner on stderr saying what it waits for — on a terminal and for human
 * output only, and only once it has taken a moment, so quick answers do not flicker.
 */
export async function withSpinner<T>(ctx: CommandContext, text: string, work: () => Promise<T>): Promise<T> {
  if (!ctx.io.isTTY || ctx.output.json) return work();
  const spinner = yoctoSpinner({ text, stream: process.stderr });
  const timer = setTimeout(() => spinner.start(), 300);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    spinner.stop();
  }
}
