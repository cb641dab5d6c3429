// The read pool's worker script as one file on disk, which is what node:worker_threads runs: the worker entry
// (lib/reads/worker.ts) and the project modules it imports, bundled from the TypeScript sources by esbuild when
// the pool starts (a few hundred milliseconds), so that the same file serves vitest, tsx scripts, `next dev` and
// the production server (whose own bundles are Turbopack's and have no such entry). Packages stay imports,
// resolved from node_modules like the server's own.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

// Relative to the working directory, like DATA_DIR: the server, the tests and the scripts all run from the
// project's root (a bundled route module has no reliable path of its own).
const root = () => process.cwd();

export async function workerScript(): Promise<string> {
  // A variable specifier, so that Turbopack leaves esbuild to Node (it is also in serverExternalPackages).
  const esbuildModule = "esbuild";
  const esbuild = (await import(esbuildModule)) as typeof import("esbuild");
  const out = await esbuild.build({
    entryPoints: [path.join(root(), "lib/reads/worker.ts")],
    absWorkingDir: root(),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    write: false,
    logLevel: "silent",
  });
  // esbuild's build runs in a service process of its own, which it keeps for the next build: there is none.
  await esbuild.stop();
  const code = out.outputFiles[0].contents;
  // Named by content: processes built from other sources (another checkout's tests, a server not yet restarted)
  // never overwrite each other's script, and an unchanged one is written once.
  const dir = path.join(root(), "node_modules/.cache/read-pool");
  const file = path.join(dir, `worker-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  }
  return file;
}
