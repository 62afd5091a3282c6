/**
 * What makes a View tappable for everyone (issue 12, item 12): role="button", reachable with Tab, and Enter or Space
 * act like a tap. Taro's ViewProps do not declare tabIndex and onKeyDown, which the H5 view passes to the element.
 */
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
