import { AgreementView } from "@/components/agreement-view";
import { currentAgreement } from "@/lib/agreements";
import { rawDb, ready } from "@/lib/db";

export const dynamic = "force-dynamic";
export const metadata = { title: "隐私政策 · 美团联盟推广平台" };

export default async function Page() {
  await ready();
  return <AgreementView agreement={await rawDb().run(() => currentAgreement("privacy"))} />;
}
