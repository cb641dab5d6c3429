// Shared by playwright.config.ts and the specs, so the server and the tests agree on secrets and accounts.
// Overridable so that two checkouts on one machine can run their browser tests side by side.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${E2E_PORT}`;

export const CALLBACK_SECRET = "e2e-callback-secret-0123456789";
export const ADMIN_USERNAME = "admin@example.com";
export const ADMIN_PASSWORD = "e2e-admin-password";
export const NEXTAUTH_SECRET = "e2e-nextauth-secret-0123456789abcdefghijklmnop";
/** Wiped by the webServer command before each start, so every run begins with an empty database. */
export const DATA_DIR = "test-results/e2e-data";

/** The fake Meituan (e2e/fake-meituan) the app's API client talks to; its control endpoints live under /__control/. */
export const FAKE_MEITUAN_PORT = Number(process.env.E2E_FAKE_MEITUAN_PORT ?? 4010);
export const FAKE_MEITUAN_URL = `http://127.0.0.1:${FAKE_MEITUAN_PORT}`;
export const MEITUAN_APP_KEY = "e2e_appkey";
export const MEITUAN_API_SECRET = "e2e-api-secret-0123456789";
/** Where the fake sends its signed pushes. */
export const CALLBACK_URL = `${BASE_URL}/api/meituan/callback`;

export const serverEnv: Record<string, string> = {
  DATA_DIR,
  MEITUAN_CALLBACK_SECRET: CALLBACK_SECRET,
  MEITUAN_API_KIND: "union",
  MEITUAN_APP_KEY,
  MEITUAN_API_SECRET,
  MEITUAN_UNION_BASE_URL: FAKE_MEITUAN_URL,
  MEITUAN_BUSINESS_LINES: "2",
  // The scheduled reconciliation would run alongside the tests' own; once a day is never during a run.
  RECONCILE_SECONDS: "86400",
  // Every spec registers members from 127.0.0.1; the limit itself is tested in tests/integration/security.test.ts.
  REGISTER_LIMIT_PER_HOUR: "100000",
  ADMIN_USERNAME,
  ADMIN_PASSWORD,
  NEXTAUTH_URL: BASE_URL,
  NEXTAUTH_SECRET,
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: "error",
  // Group robots in the notification settings walk-through are a local stand-in (e2e/fake-channels/robot.ts).
  NOTIFY_ROBOT_HOSTS: "127.0.0.1:*",
};

/** The fake Meituan's own environment: the same key and secrets as the app's. */
export const fakeMeituanEnv: Record<string, string> = {
  MEITUAN_APP_KEY,
  MEITUAN_API_SECRET,
  MEITUAN_CALLBACK_SECRET: CALLBACK_SECRET,
};
