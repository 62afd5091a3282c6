import { Svg } from '../../components/Icons';

// The shop's line icons, drawn like components/Icons.tsx (always next to words).
export const BasketIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M3 9h18l-2 11H5z" />
    <path d="M8 9l4-6 4 6" />
    <line x1="9" y1="13" x2="9" y2="17" />
    <line x1="15" y1="13" x2="15" y2="17" />
  </Svg>
);
