// Shared by playwright.config.ts and the specs, so the server and the tests agree on secrets and accounts.
export const E2E_PORT = 3100;
export const BASE_URL = `http://localhost:${E2E_PORT}`;

export const CALLBACK_SECRET = "e2e-callback-secret-0123456789";
export const ADMIN_USERNAME = "admin@example.com";
export const ADMIN_PASSWORD = "e2e-admin-password";
export const NEXTAUTH_SECRET = "e2e-nextauth-secret-0123456789abcdefghijklmnop";
/** Wiped by the webServer command before each start, so every run begins with an empty database. */
export const DATA_DIR = "test-results/e2e-data";

export const serverEnv: Record<string, string> = {
  DATA_DIR,
  MEITUAN_CALLBACK_SECRET: CALLBACK_SECRET,
  ADMIN_USERNAME,
  ADMIN_PASSWORD,
  NEXTAUTH_URL: BASE_URL,
  NEXTAUTH_SECRET,
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: "error",
};
