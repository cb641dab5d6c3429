import type { NextRequest } from "next/server";
import { ready } from "@/lib/db";
import { pushWriter } from "@/lib/inbox";
import { handleCallback } from "@/lib/meituan/callback";
import { callbackSecrets } from "@/lib/meituan/secrets";
import { clientAddress } from "@/lib/net/client-address";

export const dynamic = "force-dynamic";

export function POST(req: NextRequest) {
  return handleCallback(
    req,
    {
      secrets: callbackSecrets(),
      store: async (entry) => {
        await ready();
        return pushWriter().submit(entry);
      },
    },
    clientAddress(req.headers),
  );
}
