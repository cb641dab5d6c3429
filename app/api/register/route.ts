import { publicRoute, SMALL_BODY_LIMIT } from "@/lib/api/handler";
import { registerMember } from "@/lib/accounts/register";
import { rawDb } from "@/lib/db";
import { addressKey, registerPerIp, reserveAttempts } from "@/lib/auth/throttle";
import { clientAddress } from "@/lib/net/client-address";
import { Registered } from "@/lib/contracts/members";

export const POST = publicRoute(
  async ({ req, json }) => {
    // Counted before the account is created, so registrations sent at once cannot pass the limit together;
    // one that fails (taken, invalid) gives its attempt back.
    const reserved = await reserveAttempts(rawDb(), [{ key: addressKey("register", clientAddress(req.headers)), limit: registerPerIp() }]);
    try {
      return await registerMember(await json());
    } catch (e) {
      await reserved.release();
      throw e;
    }
  },
  { maxBody: SMALL_BODY_LIMIT, response: Registered, status: 201 },
);
