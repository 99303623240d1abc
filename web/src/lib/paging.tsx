import { type QueryKey, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from './api.ts';

/** One page of a list the API pages by cursor. */
export type Page<T> = { items: T[]; nextCursor: string | null };

type Params = Record<string, string | number | boolean | undefined | null>;

/**
 * A list the API pages by cursor, read as one list of the pages loaded so far; `fetchNextPage` loads the next.
 * Its key ends in 'paged' so it never shares a cache entry with a one-page query of the same list, while a refresh
 * of the list's key (a live event, a write) still reaches it and refetches every loaded page.
 */
export function usePagedList<T>(queryKey: QueryKey, path: string, params: Params, options: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: [...queryKey, 'paged'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<Page<T>>(`${path}${qs({ ...params, cursor: pageParam })}`),
    getNextPageParam: (last) => last.nextCursor,
    select: (data) => ({ items: data.pages.flatMap((page) => page.items) }),
    enabled: options.enabled,
  });
}

/** "Show more" under a paged list, while the API says there is more. */
export function MoreButton({ list }: { list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  const { t } = useTranslation();
  if (!list.hasNextPage) return null;
  return (
    <p>
      <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage} aria-busy={list.isFetchingNextPage}>
        {t('common.more')}
      </button>
    </p>
  );
}
