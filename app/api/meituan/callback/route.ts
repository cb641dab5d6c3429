import type { NextRequest } from "next/server";
import { ready } from "@/lib/db";
import { pushWriter } from "@/lib/inbox";
import { handleCallback } from "@/lib/meituan/callback";
import { callbackSecrets } from "@/lib/meituan/secrets";

export const dynamic = "force-dynamic";

export function POST(req: NextRequest) {
  const remoteAddr = req.headers.get("x-forwarded-for")?.split(",")[0].trim() || req.headers.get("x-real-ip") || null;
  return handleCallback(
    req,
    {
      secrets: callbackSecrets(),
      store: async (entry) => {
        await ready();
        return pushWriter().submit(entry);
      },
    },
    remoteAddr,
  );
}
