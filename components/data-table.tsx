// The admin tables' frame: a table on wider screens, its rows as cards on a phone (see .table-cards in
// globals.css); anything still too wide scrolls inside the frame. Header cells are given by the page.
export function DataTable({ testId, head, children }: { testId: string; head: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
      <table className="table-cards min-w-full text-sm" data-testid={testId}>
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
