import { Svg } from '../../components/Icons';

/** A person with a name badge: the station's staff (next to the words 找工作人员, never alone). */
export const StaffIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <circle cx="12" cy="7" r="4" />
    <path d="M4 21v-1a6 6 0 0 1 6-6h4a6 6 0 0 1 6 6v1" />
    <rect x="14" y="16" width="5" height="3" rx="0.5" />
  </Svg>
);
