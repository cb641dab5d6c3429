import { AgreementsEditor } from "./agreements-editor";

export const metadata = { title: "用户协议与隐私政策 · 管理后台" };

export default function AgreementsPage() {
  return <AgreementsEditor />;
}
