import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    // Tests register many members from one address; the registration limit has its own test.
    env: { REGISTER_LIMIT_PER_HOUR: "100000" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each open their own database; run them one at a time to keep SQLite files apart.
    fileParallelism: false,
  },
});
