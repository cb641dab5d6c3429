// A list loaded page by page with usePaged: its states, the rows once there are some, and 加载更多 under them.
import { ListStates } from "./list-states";
import { LoadMore } from "./load-more";

interface Paged {
  items: readonly unknown[];
  error: Error | undefined;
  isLoading: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  mutate: () => unknown;
}

export function PagedList({
  list,
  loadingRows,
  emptyTitle,
  emptyHint,
  children,
}: {
  list: Paged;
  loadingRows: number;
  emptyTitle: string;
  emptyHint?: string;
  children: React.ReactNode;
}) {
  return (
    <>
      <ListStates
        error={list.error}
        isLoading={list.isLoading}
        loadingRows={loadingRows}
        onRetry={() => list.mutate()}
        isEmpty={list.items.length === 0}
        emptyTitle={emptyTitle}
        emptyHint={emptyHint}
      >
        {children}
      </ListStates>
      {list.items.length > 0 ? <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onClick={list.loadMore} /> : null}
    </>
  );
}
