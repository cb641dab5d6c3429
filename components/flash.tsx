// The green confirmation line after an action succeeded.
export function Flash({ message, className }: { message: string | null; className?: string }) {
  if (!message) return null;
  return <p role="status" className={`${className ? `${className} ` : ""}rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700 ring-1 ring-emerald-200`}>{message}</p>;
}
