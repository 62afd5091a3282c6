// The shop's line icons, drawn like components/Icons.tsx (always next to words).
export const BasketIcon = ({ size = 48 }: { size?: number }) => (
  <svg
    width={size}
    height={size}
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth={2}
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    <path d="M3 9h18l-2 11H5z" />
    <path d="M8 9l4-6 4 6" />
    <line x1="9" y1="13" x2="9" y2="17" />
    <line x1="15" y1="13" x2="15" y2="17" />
  </svg>
);
