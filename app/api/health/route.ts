import { health } from "@/lib/health";

export const dynamic = "force-dynamic";

export const GET = () => health();
