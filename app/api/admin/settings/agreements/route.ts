import { adminRoute } from "@/lib/api/handler";
import { currentAgreements, saveAgreement } from "@/lib/agreements";
import { AgreementBody, Agreements } from "@/lib/contracts/agreements";

export const GET = adminRoute(async () => currentAgreements(), { response: Agreements });
export const PUT = adminRoute(async ({ body, user }) => saveAgreement(await body(AgreementBody), user.id), { response: Agreements });
