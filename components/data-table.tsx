// The admin tables' frame: scrolls sideways on narrow screens, header cells given by the page.
export function DataTable({ testId, head, children }: { testId: string; head: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
      <table className="min-w-full text-sm" data-testid={testId}>
        <thead className="bg-slate-50 text-left text-xs whitespace-nowrap text-slate-500">
          <tr>{head}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export function Th({ className = "", children }: { className?: string; children?: React.ReactNode }) {
  return <th className={className ? `px-3 py-2 ${className}` : "px-3 py-2"}>{children}</th>;
}
