// `npm start`: builds once if there is no production build yet, then serves it. Migrations, the first admin
// and the session secret are handled by the server itself on start (instrumentation.ts).
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const next = "node_modules/next/dist/bin/next";

if (!dev && !existsSync(".next/BUILD_ID")) {
  console.log("No production build yet: running next build (about a minute, once)…");
  const build = spawnSync(process.execPath, [next, "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawn(process.execPath, [next, dev ? "dev" : "start", "-p", port], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
