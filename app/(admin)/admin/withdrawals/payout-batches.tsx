"use client";
// 打款批次: export every approved withdrawal not yet exported as one CSV for batch transfer, then mark the whole
// batch paid once the transfers are done (a second time changes nothing).
import { formatYuan } from "@/lib/client/format";
import { useOverridableAction } from "@/lib/client/use-overridable-action";
import type { PayoutBatch, PayoutBatches } from "@/lib/contracts/earnings";
import { PAYOUT_BATCHES_KEY as KEY, usePayoutBatches } from "@/lib/client/hooks";
import { sendJson } from "@/lib/client/api";
import { useMutation } from "@/lib/client/use-mutation";
import { useState } from "react";
import { ConfirmDialog, ConfirmLine } from "@/components/confirm-dialog";
import { PAYOUT_BATCH_STATUS_LABEL, label } from "@/lib/labels";
import { formatBeijing } from "@/lib/time";


function ExportDialog({ unexported, onClose, onDone }: { unexported: PayoutBatches["unexported"]; onClose: () => void; onDone: (b: PayoutBatch) => void }) {
  const { busy, error, run } = useMutation();
  const confirm = () => run(() => sendJson<PayoutBatch>(KEY, "POST", {}), { done: onDone });
  return (
    <ConfirmDialog title="生成打款批次？" confirmLabel="生成并导出" busy={busy} error={error} onConfirm={confirm} onCancel={onClose} testId="export-batch-dialog">
      <ConfirmLine label="笔数">{unexported.count} 笔已通过、尚未导出的提现</ConfirmLine>
      <ConfirmLine label="金额合计">{formatYuan(unexported.total)}</ConfirmLine>
      <p className="text-xs text-slate-500">导出的 CSV 含完整收款账号和真实姓名，请妥善保管。打款完成后，在这里把整个批次标记为已打款。</p>
    </ConfirmDialog>
  );
}

function PayDialog({ batch, onClose, onDone }: { batch: PayoutBatch; onClose: () => void; onDone: (text: string) => void }) {
  const { reason, setReason, warning, busy, error, run } = useOverridableAction();
  const confirm = () =>
    run(async (overrideReason) => {
      const r = await sendJson<{ paid: number[]; skipped: number[]; alreadyPaid: boolean }>(`${KEY}/${batch.id}/pay`, "POST", overrideReason ? { overrideReason } : {});
      onDone(r.alreadyPaid ? `批次 #${batch.id} 此前已标记打款，没有变化` : `批次 #${batch.id}：${r.paid.length} 笔已标记打款${r.skipped.length ? `，${r.skipped.length} 笔已驳回未标记` : ""}`);
    });
  return (
    <ConfirmDialog
      title={`整批标记已打款：批次 #${batch.id}？`}
      confirmLabel={warning ? "仍要整批标记" : "确认已全部打款"}
      danger={warning !== null}
      warning={warning}
      field={warning ? { label: "原因（必填）", required: true, value: reason, onChange: setReason } : undefined}
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onClose}
      testId="pay-batch-dialog"
    >
      <ConfirmLine label="笔数">{batch.count} 笔</ConfirmLine>
      <ConfirmLine label="金额合计">{formatYuan(batch.total)}</ConfirmLine>
      <p className="text-xs text-slate-500">请确认 CSV 里的每一笔都已转账成功；转账失败的请先在列表里驳回，再整批标记。</p>
    </ConfirmDialog>
  );
}

export function PayoutBatchesPanel({ onChanged }: { onChanged: () => void }) {
  const { data, mutate } = usePayoutBatches();
  const [exporting, setExporting] = useState(false);
  const [paying, setPaying] = useState<PayoutBatch | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  if (!data) return null;
  return (
    <section className="mb-4 rounded-lg bg-white p-3 ring-1 ring-slate-200" data-testid="payout-batches">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="font-medium">打款批次</h2>
        <span className="text-sm text-slate-500">
          待导出 <b>{data.unexported.count}</b> 笔，共 <b>{formatYuan(data.unexported.total)}</b>
        </span>
        <button
          type="button"
          disabled={data.unexported.count === 0}
          onClick={() => setExporting(true)}
          className="rounded-md bg-slate-900 px-3 py-1 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-40"
        >
          生成打款批次
        </button>
        {flash ? (
          <span role="status" className="text-sm text-emerald-700">
            {flash}
          </span>
        ) : null}
      </div>
      {data.items.length ? (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {data.items.map((b) => (
            <li key={b.id} data-batch-id={b.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5">
              <span className="font-medium">批次 #{b.id}</span>
              <span className="text-slate-500">{formatBeijing(b.createdAt)}</span>
              <span>
                {b.count} 笔 · {formatYuan(b.total)}
              </span>
              <span className={b.status === "paid" ? "text-emerald-700" : "text-amber-700"}>{label(PAYOUT_BATCH_STATUS_LABEL, b.status)}</span>
              <a href={`${KEY}/${b.id}/export.csv`} download className="text-amber-700 underline">
                下载 CSV
              </a>
              {b.status === "exported" ? (
                <button type="button" onClick={() => setPaying(b)} className="rounded-md border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50">
                  整批标记已打款
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {exporting ? (
        <ExportDialog
          unexported={data.unexported}
          onClose={() => setExporting(false)}
          onDone={(b) => {
            setExporting(false);
            setFlash(`已生成批次 #${b.id}（${b.count} 笔，${formatYuan(b.total)}），请下载 CSV 打款`);
            mutate();
            onChanged();
          }}
        />
      ) : null}
      {paying ? (
        <PayDialog
          batch={paying}
          onClose={() => setPaying(null)}
          onDone={(text) => {
            setPaying(null);
            setFlash(text);
            mutate();
            onChanged();
          }}
        />
      ) : null}
    </section>
  );
}
