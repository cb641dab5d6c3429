// Runs once when the server starts: validates the environment, migrates, bootstraps, starts background jobs.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/startup");
    await startServer();
  }
}
