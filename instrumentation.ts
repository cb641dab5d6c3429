// Runs once when the server starts: stamps each request with its socket's address (lib/net/peer.ts), validates
// the environment, migrates, bootstraps, starts background jobs.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // First, before anything is awaited: Next serves no request before this hook has run.
    const { installPeerStamp } = await import("./lib/net/peer");
    installPeerStamp();
    const { startServer } = await import("./lib/startup");
    await startServer();
  }
}
