// End-to-end tests against a production build (`next build` must have run): `npx playwright test`.
import { defineConfig, devices } from "@playwright/test";
import { BASE_URL, CALLBACK_URL, DATA_DIR, E2E_PORT, FAKE_MEITUAN_PORT, FAKE_MEITUAN_URL, fakeMeituanEnv, serverEnv } from "./e2e/env";

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: BASE_URL,
    headless: true,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions,
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions },
    },
    {
      // The member-facing pages are mobile-first, and operators approve withdrawals from their phones: run the order
      // flow, the money story and the console walk-through on a phone too.
      name: "mobile",
      testMatch: /(order-tracking|money-truth|admin-console|live|team)\.spec\.ts/,
      use: { ...devices["Pixel 7"], launchOptions },
    },
  ],
  webServer: [
    {
      // The fake Meituan: the app's order API and link generation point at it, and it sends signed pushes.
      command: `node node_modules/tsx/dist/cli.mjs e2e/fake-meituan/main.ts --port ${FAKE_MEITUAN_PORT} --host 127.0.0.1 --callback-url ${CALLBACK_URL}`,
      url: `${FAKE_MEITUAN_URL}/__control/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: fakeMeituanEnv,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `test -f .next/BUILD_ID || { echo "no production build: run next build first" >&2; exit 1; }; rm -rf ${DATA_DIR} && node node_modules/next/dist/bin/next start -p ${E2E_PORT}`,
      url: `${BASE_URL}/api/ping`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: serverEnv,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
