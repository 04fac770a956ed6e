// Bridges Dexie liveQuery to @preact/signals: a component reads a signal that updates whenever the data does.
import { type Signal, signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import { useEffect, useMemo } from 'preact/hooks';

export interface LiveState<T> {
  value: Signal<T | undefined>;
  error: Signal<Error | undefined>;
}

/** Subscribe to a query for the component's lifetime; re-subscribes when `deps` change. */
export function useLive<T>(query: () => Promise<T>, deps: unknown[]): LiveState<T> {
  const state = useMemo<LiveState<T>>(() => ({ value: signal(undefined), error: signal(undefined) }), []);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => {
        state.value.value = value;
        state.error.value = undefined;
      },
      error: (error: unknown) => {
        state.error.value = error instanceof Error ? error : new Error(String(error));
      },
    });
    return () => subscription.unsubscribe();
  }, deps);
  return state;
}
