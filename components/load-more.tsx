"use client";

export function LoadMore({ hasMore, loading, onClick }: { hasMore: boolean; loading: boolean; onClick: () => void }) {
  if (!hasMore) return <p className="py-4 text-center text-xs text-slate-400">没有更多了</p>;
  return (
    <div className="py-4 text-center">
      <button
        onClick={onClick}
        disabled={loading}
        className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-50"
      >
        {loading ? "加载中…" : "加载更多"}
      </button>
    </div>
  );
}
