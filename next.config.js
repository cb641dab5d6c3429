/** @type {import('next').NextConfig} */

// Next.js hydrates with inline scripts and our charts use inline styles, hence 'unsafe-inline'; everything
// else is same-origin only, QR codes are data: URLs, and no page may be framed.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig = {
  // better-sqlite3, pg and @prisma/client are already external; the adapters must be too, and esbuild, which
  // bundles the read pool's worker script when the server starts (lib/reads/bundle.ts).
  serverExternalPackages: ["@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "@node-rs/argon2", "esbuild"],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
