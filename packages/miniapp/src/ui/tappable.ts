/**
 * What makes a View tappable for everyone (issue 12, item 12): role="button", reachable with Tab, and Enter or Space
 * act like a tap. Taro's ViewProps do not declare tabIndex and onKeyDown, which the H5 view passes to the element.
 */
/**
 * A region that scrolls on its own (a row of chips, a strip of products): reachable with Tab so arrow keys scroll it,
 * and named (WCAG 2.1.1, axe scrollable-region-focusable). Taro's ScrollViewProps do not declare these either.
 */
export function scrollRegion(label: string): Record<string, unknown> {
  return { tabIndex: 0, role: 'region', 'aria-label': label };
}

export function tappable(act: () => void, label?: string): Record<string, unknown> {
  return {
    role: 'button',
    tabIndex: 0,
    ...(label ? { 'aria-label': label } : {}),
    onClick: act,
    onKeyDown: (e: { key?: string; preventDefault?: () => void }) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault?.();
        act();
      }
    },
  };
}
