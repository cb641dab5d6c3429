import { memberRoute, SMALL_BODY_LIMIT } from "@/lib/api/handler";
import { ConsentBody, ConsentRecorded } from "@/lib/contracts/members";
import { recordConsent } from "@/lib/agreements";

export const POST = memberRoute(
  async ({ user, body }) => {
    const b = await body(ConsentBody);
    return recordConsent(user.id, { terms: b.termsVersion, privacy: b.privacyVersion });
  },
  { response: ConsentRecorded, maxBody: SMALL_BODY_LIMIT },
);
