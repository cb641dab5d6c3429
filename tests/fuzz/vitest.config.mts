// The fuzz suite: `npm run test:fuzz`. Its files are *.fuzz.ts so the main config (tests/**/*.test.ts) never runs them.
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    include: ["tests/fuzz/**/*.fuzz.ts"],
    environment: "node",
    // The callback logs a warning per refused push; at FUZZ_RUNS scale only errors are worth printing.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "error" },
    // Property runs are long; each file bounds itself through FUZZ_RUNS.
    testTimeout: 20 * 60_000,
    hookTimeout: 120_000,
    // Each file opens its own database; one at a time keeps the two cores for the work itself.
    fileParallelism: false,
  },
});
