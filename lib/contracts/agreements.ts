// 用户协议 and 隐私政策 as the API returns them (the console's editor, the public pages and the invite landing read
// the same shape), and the operator's save.
import { z } from "zod";
import { Instant } from "./common";
import { AgreementKindSchema } from "./enums";

export const Agreement = z.object({
  kind: AgreementKindSchema,
  /** 1 is the text the platform ships with; each save by an operator is the next version. */
  version: z.number().int().positive(),
  /** Plain text: paragraphs separated by blank lines, no markup. */
  body: z.string(),
  /** null for the shipped text. */
  updatedAt: Instant.nullable(),
  /** The operator who saved it (name or masked login); null for the shipped text. */
  updatedBy: z.string().nullable(),
});
export type Agreement = z.infer<typeof Agreement>;

export const Agreements = z.object({ terms: Agreement, privacy: Agreement });
export type Agreements = z.infer<typeof Agreements>;

export const AGREEMENT_MAX_CHARS = 20_000;

export const AgreementBody = z.object({
  kind: AgreementKindSchema,
  body: z
    .string({ error: "请填写协议正文" })
    .transform((v) => v.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().min(20, "协议正文至少 20 个字").max(AGREEMENT_MAX_CHARS, `协议正文最多 ${AGREEMENT_MAX_CHARS} 个字`)),
  /** The version the operator edited: a save over a newer one (someone else saved meanwhile) is refused. */
  baseVersion: z.number({ error: "请刷新后重试" }).int().positive(),
});
export type AgreementInput = z.infer<typeof AgreementBody>;
