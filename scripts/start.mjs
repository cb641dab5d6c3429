// `npm start`: builds once if there is no production build yet, then serves it. Migrations, the first admin
// and the session secret are handled by the server itself on start (instrumentation.ts).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const next = "node_modules/next/dist/bin/next";

/** The newest modification time of the sources a build depends on. */
function newestSource(entries = ["app", "lib", "components", "prisma", "generated", "next.config.js", "package.json", "instrumentation.ts", "proxy.ts"]) {
  let newest = 0;
  for (const entry of entries) {
    if (!existsSync(entry)) continue;
    const st = statSync(entry);
    if (st.isDirectory()) newest = Math.max(newest, newestSource(readdirSync(entry).map((name) => path.join(entry, name))));
    else newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

const stale = !existsSync(".next/BUILD_ID") || newestSource() > statSync(".next/BUILD_ID").mtimeMs;
if (!dev && stale) {
  console.log("No production build of the current sources: running next build (about a minute)…");
  const build = spawnSync(process.execPath, [next, "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawn(process.execPath, [next, dev ? "dev" : "start", "-p", port], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
