/** The server refuses to start, and says why in terms its operator can act on. */
export class StartupError extends Error {}
