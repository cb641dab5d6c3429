"use client";
import { copyText } from "@/lib/client/clipboard";
import Link from "next/link";
import QRCode from "qrcode";
import { useEffect, useRef, useState } from "react";

type CopyState = { ok: boolean; text: string } | null;


export function InviteCard({ inviteCode }: { inviteCode: string }) {
  const [origin, setOrigin] = useState<string | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [qrError, setQrError] = useState(false);
  const [copied, setCopied] = useState<CopyState>(null);
  const linkRef = useRef<HTMLInputElement>(null);

  useEffect(() => setOrigin(window.location.origin), []);
  const link = origin ? `${origin}/register?invite=${encodeURIComponent(inviteCode)}` : "";

  useEffect(() => {
    if (!link) return;
    let cancelled = false;
    QRCode.toDataURL(link, { width: 480, margin: 2, errorCorrectionLevel: "M" })
      .then((url) => !cancelled && setQr(url))
      .catch(() => !cancelled && setQrError(true));
    return () => {
      cancelled = true;
    };
  }, [link]);

  async function copy(text: string, what: string) {
    const ok = await copyText(text);
    if (ok) setCopied({ ok: true, text: `${what}已复制，快发给好友吧` });
    else {
      linkRef.current?.select();
      setCopied({ ok: false, text: "无法自动复制，请长按上方链接手动复制" });
    }
  }

  return (
    <div className="space-y-4">
      <section className="rounded-xl bg-gradient-to-br from-amber-300 to-amber-400 p-5 text-slate-900 shadow-sm">
        <p className="text-sm font-medium">邀请好友注册，一起赚佣金</p>
        <p className="mt-1 text-xs leading-relaxed opacity-80">好友用你的邀请码注册后成为你的一级团队，他们邀请的人是你的二级团队。团队成员推广的订单，你也能获得一部分佣金。</p>
        <p className="mt-3 text-xs opacity-80">我的邀请码</p>
        <div className="flex items-center justify-between gap-3">
          <p className="font-mono text-2xl tracking-wider" data-testid="invite-code">
            {inviteCode}
          </p>
          <button type="button" onClick={() => copy(inviteCode, "邀请码")} className="rounded-full bg-white/70 px-3 py-1 text-xs font-medium hover:bg-white">
            复制邀请码
          </button>
        </div>
      </section>

      <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <label htmlFor="invite-link" className="text-sm font-medium">
          邀请链接
        </label>
        <input
          id="invite-link"
          ref={linkRef}
          readOnly
          value={link}
          placeholder="生成中…"
          onFocus={(e) => e.currentTarget.select()}
          data-testid="invite-link"
          className="mt-1 block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-700"
        />
        <button
          type="button"
          disabled={!link}
          onClick={() => copy(link, "邀请链接")}
          className="mt-3 w-full rounded-md bg-amber-400 px-4 py-2.5 font-medium text-slate-900 hover:bg-amber-300 disabled:opacity-60"
        >
          复制邀请链接
        </button>
        {copied ? (
          <p role="status" className={`mt-2 text-center text-sm ${copied.ok ? "text-emerald-700" : "text-red-600"}`}>
            {copied.text}
          </p>
        ) : null}
      </section>

      <section className="rounded-xl bg-white p-4 text-center shadow-sm ring-1 ring-slate-200">
        <p className="text-sm font-medium">邀请二维码</p>
        <p className="mt-0.5 text-xs text-slate-500">好友用手机扫码即可打开注册页，邀请码已自动填好</p>
        <div className="mx-auto mt-3 flex aspect-square w-56 items-center justify-center rounded-lg ring-1 ring-slate-100">
          {qr ? (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={qr} alt="邀请注册二维码" width={224} height={224} className="h-full w-full rounded-lg" data-testid="invite-qr" />
          ) : qrError ? (
            <p className="px-4 text-sm text-red-600">二维码生成失败，请使用上方链接</p>
          ) : (
            <div className="h-full w-full animate-pulse rounded-lg bg-slate-100" aria-label="二维码生成中" />
          )}
        </div>
        {qr ? (
          <a href={qr} download={`邀请码-${inviteCode}.png`} className="mt-3 inline-block rounded-md border border-slate-300 px-4 py-2 text-sm text-slate-700 hover:bg-slate-50">
            下载二维码
          </a>
        ) : null}
        <p className="mt-2 text-[11px] text-slate-400">微信内无法直接下载时，可长按二维码保存图片。</p>
      </section>

      <p className="text-center text-sm">
        <Link href="/me/team" className="text-amber-700 underline">
          查看我的团队 ›
        </Link>
      </p>
    </div>
  );
}
