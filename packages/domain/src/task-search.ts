/**
 * Searching a project's tasks (`task.list`'s `q`, the dashboard's task pickers): a task matches
 * when its key is the text (any case), its number is the text ("12" finds WEB-12), or its title
 * contains the text, ignoring the case of ASCII letters only — exactly what SQLite's LIKE does,
 * so the server's pages and the dashboard's live patches agree on every task.
 */
export const TASK_SEARCH_MAX_LENGTH = 200;

/** Lower-cases A–Z and nothing else (SQLite's LIKE folds only ASCII). */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

export function taskMatchesSearch(task: { key: string; title: string }, q: string): boolean {
  const number = task.key.slice(task.key.lastIndexOf("-") + 1);
  return asciiLower(task.key) === asciiLower(q) || number === q || asciiLower(task.title).includes(asciiLower(q));
}
