// npm run fake-meituan -- [--port 4010] [--host 127.0.0.1] [--app-key K] [--api-secret S] [--callback-secret C]
//                         [--callback-url http://localhost:3000/api/meituan/callback] [--seed 300] [--sid m10086]
// Starts the fake Meituan (union + media APIs on one port) and prints the environment the app needs to use it.
// Each flag can also come from the environment: FAKE_MEITUAN_PORT, FAKE_MEITUAN_HOST, and MEITUAN_APP_KEY,
// MEITUAN_API_SECRET, MEITUAN_CALLBACK_SECRET (so the same .env drives both sides).
import { parseArgs } from "node:util";
import { startFakeMeituan } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "app-key": { type: "string" },
    "api-secret": { type: "string" },
    "callback-secret": { type: "string" },
    "callback-url": { type: "string" },
    seed: { type: "string" },
    sid: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log("usage: npm run fake-meituan -- [--port 4010] [--host 127.0.0.1] [--app-key K] [--api-secret S] [--callback-secret C] [--callback-url URL] [--seed N] [--sid SID]");
  process.exit(0);
}

const env = process.env;
const port = Number(values.port ?? env.FAKE_MEITUAN_PORT ?? 4010);
const appKey = values["app-key"] ?? env.MEITUAN_APP_KEY ?? "fake_appkey";
const apiSecret = values["api-secret"] ?? env.MEITUAN_API_SECRET ?? "fake_api_secret";
const callbackSecret = values["callback-secret"] ?? env.MEITUAN_CALLBACK_SECRET ?? "fake_callback_secret";
const callbackUrl = values["callback-url"] ?? `http://localhost:${env.PORT ?? 3000}/api/meituan/callback`;

const fake = await startFakeMeituan({ port, host: values.host ?? env.FAKE_MEITUAN_HOST, appKey, apiSecret, callbackSecret, callbackUrl });

const seed = Number(values.seed ?? 0);
if (seed > 0) {
  const end = Math.floor(Date.now() / 1000);
  fake.generateOrders(seed, { start: end - 7 * 86_400, end, sids: values.sid ? [values.sid] : undefined, seed: 1 });
}

console.log(`fake Meituan listening on ${fake.url} (union /api/*, media /cps_open/common/api/v1/*), ${fake.orders.size} orders
pushes go to ${callbackUrl}

Put this in the app's environment (.env):
MEITUAN_API_KIND=union   # or media: the fake serves both
MEITUAN_APP_KEY=${appKey}
MEITUAN_API_SECRET=${apiSecret}
MEITUAN_CALLBACK_SECRET=${callbackSecret}
MEITUAN_UNION_BASE_URL=${fake.url}
MEITUAN_MEDIA_BASE_URL=${fake.url}

Control (JSON):
  curl ${fake.url}/__control/health
  curl -X POST ${fake.url}/__control/orders/generate -d '{"count":300,"start":${Math.floor(Date.now() / 1000) - 86_400},"end":${Math.floor(Date.now() / 1000)},"sids":["m10086"]}'
  curl -X POST ${fake.url}/__control/orders -d '{"orders":[{"orderid":"601234567890123456","sid":"m10086","paytime":"${Math.floor(Date.now() / 1000)}"}]}'
  curl -X POST ${fake.url}/__control/push -d '{"orderId":"601234567890123456","overrides":{"status":"8","modTime":"${Math.floor(Date.now() / 1000) + 60}"}}'
  curl -X POST ${fake.url}/__control/fail -d '{"n":2,"kind":"500"}'     # or timeout | ratelimit | 429
  curl ${fake.url}/__control/requests
`);

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
