// Bundled line icons (no icon font or CDN). Each sits next to a text label: colour and icon are
// never the only signal.
import type { ReactElement } from 'react';

/** The frame every kiosk line icon is drawn in (24 × 24, the text colour, hidden from screen readers). */
export function Svg({ children, size = 48 }: { children: ReactElement | ReactElement[]; size?: number }) {
  return (
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
      {children}
    </svg>
  );
}

export const CardIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <rect x="2" y="5" width="20" height="14" rx="2" />
    <line x1="2" y1="10" x2="22" y2="10" />
    <line x1="6" y1="15" x2="10" y2="15" />
  </Svg>
);

export const HelpCallIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z" />
  </Svg>
);

export const AlertIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
    <line x1="12" y1="9" x2="12" y2="13" />
    <line x1="12" y1="17" x2="12.01" y2="17" />
  </Svg>
);

export const WalletIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M20 7H5a2 2 0 0 1 0-4h13v4" />
    <path d="M3 5v14a2 2 0 0 0 2 2h15V7" />
    <circle cx="16" cy="14" r="1.5" />
  </Svg>
);

export const SpeakerIcon = ({ on, size }: { on: boolean; size?: number }) => (
  <Svg size={size}>
    <polygon points="11 5 6 9 2 9 2 15 6 15 11 19 11 5" />
    {on ? <path d="M15.5 8.5a5 5 0 0 1 0 7M19 5a10 10 0 0 1 0 14" /> : <path d="M23 9l-6 6M17 9l6 6" />}
  </Svg>
);

export const QuestionIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="10" />
    <path d="M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3" />
    <line x1="12" y1="17" x2="12.01" y2="17" />
  </Svg>
);

export const HomeIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M3 10.5 12 3l9 7.5V21H3z" />
    <path d="M9 21v-6h6v6" />
  </Svg>
);

export const BackIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <polyline points="15 18 9 12 15 6" />
  </Svg>
);

export const ClockIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="10" />
    <polyline points="12 6 12 12 16 14" />
  </Svg>
);

export const CheckIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <polyline points="20 6 9 17 4 12" />
  </Svg>
);

export const DeleteIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M21 4H8l-7 8 7 8h13a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2z" />
    <line x1="18" y1="9" x2="12" y2="15" />
    <line x1="12" y1="9" x2="18" y2="15" />
  </Svg>
);

export const LogoutIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4" />
    <polyline points="16 17 21 12 16 7" />
    <line x1="21" y1="12" x2="9" y2="12" />
  </Svg>
);

// ---- 便民呼叫: one picture per service category (chosen in src/services.ts), and a fallback ----

/** 水电维修: a drop of water and a lightning bolt. */
export const WaterElectricIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M7 4s-5 5.6-5 9a5 5 0 0 0 10 0c0-3.4-5-9-5-9z" />
    <polygon points="18 2 13 13 17.5 13 16.5 22 22.5 10 18 10 18 2" />
  </Svg>
);

/** 家政保洁: an upright broom. */
export const BroomIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <line x1="12" y1="2" x2="12" y2="11" />
    <rect x="8.5" y="11" width="7" height="3" rx="1" />
    <path d="M8.5 14 4.5 22h15l-4-8" />
    <line x1="9.5" y1="18" x2="9" y2="22" />
    <line x1="12" y1="18" x2="12" y2="22" />
    <line x1="14.5" y1="18" x2="15" y2="22" />
  </Svg>
);

/** 助餐: a bowl with chopsticks. */
export const MealIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M2.5 12h19a9.5 8 0 0 1-19 0z" />
    <line x1="8" y1="21" x2="16" y2="21" />
    <line x1="13" y1="9" x2="18" y2="2" />
    <line x1="16" y1="9" x2="21.5" y2="3.5" />
  </Svg>
);

/** 助浴: a bathtub with a shower head. */
export const BathIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M2.5 12h19v2.5a4.5 4.5 0 0 1-4.5 4.5H7a4.5 4.5 0 0 1-4.5-4.5z" />
    <line x1="6" y1="19" x2="5" y2="21.5" />
    <line x1="18" y1="19" x2="19" y2="21.5" />
    <path d="M5.5 12V5.5a2.5 2.5 0 0 1 5 0" />
    <line x1="8.5" y1="7.5" x2="12.5" y2="7.5" />
  </Svg>
);

/** 陪诊: a medical kit. */
export const MedicalIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <rect x="2.5" y="7" width="19" height="14" rx="2" />
    <path d="M9 7V4.5a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1V7" />
    <line x1="12" y1="10.5" x2="12" y2="17.5" />
    <line x1="8.5" y1="14" x2="15.5" y2="14" />
  </Svg>
);

/** 开锁换锁: a padlock. */
export const LockIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <rect x="4" y="10.5" width="16" height="11" rx="2" />
    <path d="M7.5 10.5V7a4.5 4.5 0 0 1 9 0v3.5" />
    <circle cx="12" cy="15.5" r="1.5" />
    <line x1="12" y1="17" x2="12" y2="19" />
  </Svg>
);

/** 家电维修: a washing machine. */
export const ApplianceIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <rect x="4" y="2" width="16" height="20" rx="2" />
    <line x1="4" y1="7" x2="20" y2="7" />
    <line x1="7.5" y1="4.5" x2="8" y2="4.5" />
    <line x1="11" y1="4.5" x2="16.5" y2="4.5" />
    <circle cx="12" cy="14" r="4.5" />
  </Svg>
);

/** 其他: a circle of three dots ("more"). */
export const MoreIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="10" />
    <circle cx="7.5" cy="12" r="1" />
    <circle cx="12" cy="12" r="1" />
    <circle cx="16.5" cy="12" r="1" />
  </Svg>
);

/** Any other service the catalogue may list: a service bell. */
export const ServiceBellIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M3.5 17.5a8.5 8.5 0 0 1 17 0z" />
    <line x1="2" y1="20.5" x2="22" y2="20.5" />
    <line x1="12" y1="9" x2="12" y2="6" />
    <line x1="10" y1="5" x2="14" y2="5" />
  </Svg>
);

/** Help is on its way: a check in a circle. */
export const CheckCircleIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="10" />
    <polyline points="16.5 8.5 10.5 15 7.5 12" />
  </Svg>
);

/** Something to know (not an error): an i in a circle. */
export const InfoIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <circle cx="12" cy="12" r="10" />
    <line x1="12" y1="11" x2="12" y2="17" />
    <line x1="12" y1="7.5" x2="12.01" y2="7.5" />
  </Svg>
);

/** Where: a map pin. */
export const PinIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M12 22s7-6.2 7-12a7 7 0 0 0-14 0c0 5.8 7 12 7 12z" />
    <circle cx="12" cy="10" r="2.5" />
  </Svg>
);

/** Try again: a circular arrow. */
export const RetryIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <polyline points="1 4 1 10 7 10" />
    <path d="M3.5 15a9 9 0 1 0 2.1-9.4L1 10" />
  </Svg>
);

export const ParcelIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <path d="M21 8 12 3 3 8v8l9 5 9-5z" />
    <polyline points="3 8 12 13 21 8" />
    <line x1="12" y1="13" x2="12" y2="21" />
  </Svg>
);

/** Two people side by side: 我的家人. */
export const PeopleIcon = ({ size }: { size?: number }) => (
  <Svg size={size}>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20a6.5 6.5 0 0 1 13 0" />
    <circle cx="17" cy="9" r="2.5" />
    <path d="M16 14.2a5 5 0 0 1 5.5 4.8" />
  </Svg>
);
