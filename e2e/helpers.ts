import { expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { ADMIN_PASSWORD, ADMIN_USERNAME } from "./env";

export const uniqueEmail = (tag: string) => `e2e-${tag}-${Date.now()}-${randomUUID().slice(0, 8)}@example.com`;
export const MEMBER_PASSWORD = "member-pass-123";

/** Registers through /register and waits until the member lands on /me; returns their sid. */
export async function registerMember(page: Page, username: string, password = MEMBER_PASSWORD, name = "E2E 会员"): Promise<string> {
  await page.goto("/register");
  await page.getByLabel("手机号或邮箱").fill(username);
  await page.getByLabel("密码（至少 8 位）").fill(password);
  await page.getByLabel("昵称（选填）").fill(name);
  await page.getByLabel(/我已阅读并同意/).check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(/\/me$/);
  const sid = page.getByTestId("my-sid");
  await expect(sid).toHaveText(/\S+/);
  return (await sid.innerText()).trim();
}

/** Logs in through /login; `/` then sends admins to 概览 (/admin) and members to /me. */
export async function login(page: Page, username: string, password: string, landing: RegExp, openLoginPage = true) {
  if (openLoginPage) await page.goto("/login");
  await page.getByLabel("手机号或邮箱").fill(username);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(landing);
}

export const loginAsAdmin = (page: Page) => login(page, ADMIN_USERNAME, ADMIN_PASSWORD, /\/admin$/);
