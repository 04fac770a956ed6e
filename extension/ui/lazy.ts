// Code a first paint does not need (rrule, Dexie, zod, the task actions), loaded after it. A component reads the
// module through a signal, so it renders without it first and once more when it has arrived.
import { type Signal, signal } from '@preact/signals';

export interface Lazy<T> {
  /** The module once loaded; null until then. Reading it in a component subscribes the component. */
  readonly module: Signal<T | null>;
  /** Load it (once; again after a failed load). */
  load(): Promise<T>;
}

export function lazy<T>(loader: () => Promise<T>): Lazy<T> {
  const module = signal<T | null>(null);
  let loading: Promise<T> | undefined;
  return {
    module,
    load() {
      loading ??= loader().then(
        (loaded) => {
          module.value = loaded;
          return loaded;
        },
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
  };
}

/** Run `act` with the module, loading it first if needed (a click on a row before the module has arrived). */
export function withLazy<T, R>(lazyModule: Lazy<T>, act: (module: T) => R | Promise<R>): Promise<R> {
  const loaded = lazyModule.module.peek();
  return loaded ? Promise.resolve(act(loaded)) : lazyModule.load().then(act);
}
