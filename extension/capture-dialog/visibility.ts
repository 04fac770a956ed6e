// Is the capture dialog really visible to the person? Inside a page, the page could make the dialog
// transparent, cover it or lay a bait button under Save (clickjacking). IntersectionObserver v2
// (trackVisibility) reports `isVisible` only while the target is unoccluded, unfaded and untransformed,
// across frames; Save is armed after the dialog has stayed so for a moment. Where v2 is missing (Firefox),
// plain intersection with the same dwell is the best the frame can see.

interface VisibilityEntry extends IntersectionObserverEntry {
  isVisible?: boolean;
}

export const supportsVisibilityTracking = (): boolean =>
  typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;

/** Calls back with true once `target` has been visible for `dwellMs`, false as soon as it is not. Returns a stop. */
export function watchUnobscured(
  target: Element,
  onChange: (armed: boolean) => void,
  { dwellMs = 500 }: { dwellMs?: number } = {},
): () => void {
  const v2 = supportsVisibilityTracking();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new IntersectionObserver(
    (entries) => {
      const entry = entries[entries.length - 1] as VisibilityEntry | undefined;
      if (!entry) return;
      const visible = v2 ? entry.isVisible === true : entry.isIntersecting && entry.intersectionRatio >= 0.99;
      clearTimeout(timer);
      if (visible) timer = setTimeout(() => onChange(true), dwellMs);
      else onChange(false);
    },
    // trackVisibility needs a delay of at least 100 ms between notifications.
    { threshold: [0, 1], ...(v2 ? { trackVisibility: true, delay: 100 } : {}) } as IntersectionObserverInit,
  );
  observer.observe(target);
  return () => {
    clearTimeout(timer);
    observer.disconnect();
  };
}
