// Components that render again only when their props change in value. Rows come out of IndexedDB as new objects
// on every live-query answer, so an identity check (the popup's first version) re-rendered every row of a list on
// each change: a teammate's capture re-rendered the whole board of B's side panel (bench/sync.ts, "B's side
// panel main thread"). Functions still compare by identity; signals read in a render re-render that component
// on their own. preact/compat's memo is not used: it would bring all of compat into the popup's first paint.
import { dequal } from 'dequal/lite';
import { Component, type ComponentType, type FunctionComponent, h } from 'preact';

/** `component`, rendered again only when a prop differs in value (dequal) from the last render's. */
export function memoByValue<P extends object>(component: FunctionComponent<P>): ComponentType<P> {
  class MemoByValue extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      return !dequal(this.props, next);
    }
    override render() {
      return h(component, this.props);
    }
  }
  (MemoByValue as unknown as { displayName: string }).displayName =
    `MemoByValue(${component.displayName ?? component.name})`;
  return MemoByValue as unknown as ComponentType<P>;
}
