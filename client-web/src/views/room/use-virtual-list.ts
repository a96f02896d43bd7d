// @tanstack/virtual-core bound to Preact: only the rows in view (and a few around) are in the DOM,
// each measured after it renders, so a room with 10,000 events opens and scrolls like a small one.
import { elementScroll, measureElement, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import { useLayoutEffect, useReducer, useState } from 'preact/hooks';

export function useVirtualList(count: number, getKey: (index: number) => string, scrollRef: { current: HTMLElement | null }) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const options = {
    count,
    getItemKey: getKey,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 72,
    overscan: 6,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    measureElement,
    onChange: () => rerender(0),
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLElement, HTMLElement>(options));
  virtualizer.setOptions(options);
  useLayoutEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => virtualizer._willUpdate());
  return virtualizer;
}
