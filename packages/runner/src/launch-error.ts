/**
 * The agent could not be started as configured (its executable is missing, its project directory
 * is gone): trying again would fail the same way, so its session ends `spawn_failed`.
 */
export class LaunchError extends Error {}
