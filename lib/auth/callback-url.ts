// Where the login page sends a user afterwards: a path on this site, never another one. `callbackUrl` comes
// from the address bar, so anyone can write one; browsers read "/\evil.example" (and "/\t/evil.example", and
// "//evil.example") as a link to evil.example, so "starts with / but not //" is not enough. The value is
// resolved the way the browser will resolve it, and only a result on our own origin is followed.

/** The same-origin path (with query and fragment) `value` leads to, or "/" when it would leave `origin`. */
export function safeCallbackPath(value: string | null | undefined, origin: string): string {
  if (!value || /[\u0000-\u001f\u007f]/.test(value)) return "/";
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(origin).origin) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
