// Payout accounts: what an operator needs to send money, checked before it is saved, masked in lists.
import { describe, expect, it } from "vitest";
import { luhnValid, PayoutAccountSchema } from "@/lib/contracts/earnings";
import { maskAccount } from "@/lib/earnings/payout";

const parse = (v: Record<string, unknown>) => {
  const r = PayoutAccountSchema.safeParse(v);
  return r.success ? r.data : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("payout accounts", () => {
  it("accept each method with what a transfer needs", () => {
    expect(parse({ method: "alipay", account: "13800138000", realName: "张三" })).toEqual({ method: "alipay", account: "13800138000", realName: "张三", bankName: null });
    expect(parse({ method: "wechat", account: "wx_zhang3", realName: "欧阳·娜娜" })).toMatchObject({ method: "wechat", account: "wx_zhang3" });
    expect(parse({ method: "bank", account: "6222 0212 3456 7890 128", realName: "Li Lei", bankName: "招商银行" })).toEqual({ method: "bank", account: "6222021234567890128", realName: "Li Lei", bankName: "招商银行" });
  });

  it("say what is wrong with each field, all at once", () => {
    expect(parse({ method: "alipay", account: "", realName: "" })).toEqual({ account: "请输入收款账号", realName: "请输入真实姓名" });
    expect(parse({ method: "alipay", account: "12345", realName: "张" })).toEqual({ account: "支付宝账号应为手机号或邮箱", realName: "请输入与收款账户一致的真实姓名（2–20 个汉字或英文字母）" });
    expect(parse({ method: "wechat", account: "1abc", realName: "张三" })).toEqual({ account: "微信号应为 6–20 位字母、数字、下划线或减号（以字母开头），或绑定的手机号" });
    expect(parse({ method: "bank", account: "6222021234567890129", realName: "张三" })).toEqual({ account: "银行卡号校验未通过，请核对后重新输入", bankName: "请填写开户银行，如 招商银行" });
    expect(parse({ method: "bank", account: "12345", realName: "张三", bankName: "工行" })).toEqual({ account: "银行卡号应为 12–19 位数字" });
    expect(parse({ method: "paypal", account: "x", realName: "张三" })).toEqual({ method: "请选择收款方式" });
  });

  it("check card numbers and mask accounts", () => {
    expect(luhnValid("6222021234567890128")).toBe(true);
    expect(luhnValid("6222021234567890120")).toBe(false);
    expect(maskAccount("13800138000", "alipay")).toBe("138****8000");
    expect(maskAccount("zhang@example.com", "alipay")).toBe("z***@example.com");
    expect(maskAccount("6222021234567890128", "bank")).toBe("**** **** **** 0128");
    expect(maskAccount("wx_zhang3", "wechat")).toBe("wx***g3");
  });
});
