import { useEffect, useRef, useState } from 'react';

export type Fetched<T> = { state: 'loading' } | { state: 'done'; value: T } | { state: 'failed'; error: string };

/** Fetches once per `key` (a new key starts over); the latest fetch function is used. */
export function useFetched<T>(key: string, fetch: () => Promise<T>): Fetched<T> {
  const [result, setResult] = useState<{ key: string; fetched: Fetched<T> }>({ key, fetched: { state: 'loading' } });
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  useEffect(() => {
    let stopped = false;
    setResult({ key, fetched: { state: 'loading' } });
    fetchRef.current().then(
      (value) => !stopped && setResult({ key, fetched: { state: 'done', value } }),
      (err: unknown) => !stopped && setResult({ key, fetched: { state: 'failed', error: err instanceof Error ? err.message : String(err) } }),
    );
    return () => {
      stopped = true;
    };
  }, [key]);
  return result.key === key ? result.fetched : { state: 'loading' };
}
