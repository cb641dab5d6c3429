// A list's error, loading and empty states in the order they win; the list itself only once there is something to show.
import { Empty, ErrorBox, Loading } from "./states";

export function ListStates({
  error,
  isLoading,
  loadingRows,
  onRetry,
  isEmpty,
  emptyTitle,
  emptyHint,
  children,
}: {
  error: Error | undefined;
  isLoading: boolean;
  loadingRows: number;
  onRetry: () => void;
  isEmpty: boolean;
  emptyTitle: string;
  emptyHint?: string;
  children: React.ReactNode;
}) {
  if (error) return <ErrorBox error={error} onRetry={onRetry} />;
  if (isLoading) return <Loading rows={loadingRows} />;
  if (isEmpty) return <Empty title={emptyTitle} hint={emptyHint} />;
  return children;
}
