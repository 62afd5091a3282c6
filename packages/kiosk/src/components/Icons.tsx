// Bundled line icons (no icon font or CDN). Each sits next to a text label: colour and icon are
// never the only signal.
import { cloneElement, type ReactElement } from 'react';

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

// Each icon is the list of its strokes on the 24 × 24 grid, drawn by `lineIcon` in the frame above.
const path = (d: string) => <path d={d} />;
const line = (x1: number, y1: number, x2: number, y2: number) => <line x1={x1} y1={y1} x2={x2} y2={y2} />;
const circle = (cx: number, cy: number, r: number) => <circle cx={cx} cy={cy} r={r} />;
const rect = (x: number, y: number, width: number, height: number, rx?: number) => (
  <rect x={x} y={y} width={width} height={height} rx={rx} />
);
const polyline = (points: string) => <polyline points={points} />;
const polygon = (points: string) => <polygon points={points} />;

/** An icon component from its strokes (keyed once by their place, as React wants of a list). */
function lineIcon(...strokes: ReactElement[]) {
  const keyed = strokes.map((s, i) => cloneElement(s, { key: i }));
  return ({ size }: { size?: number }) => <Svg size={size}>{keyed}</Svg>;
}

export const CardIcon = lineIcon(rect(2, 5, 20, 14, 2), line(2, 10, 22, 10), line(6, 15, 10, 15));

export const HelpCallIcon = lineIcon(
  path(
    'M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z',
  ),
);

export const AlertIcon = lineIcon(
  path('M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z'),
  line(12, 9, 12, 13),
  line(12, 17, 12.01, 17),
);

export const WalletIcon = lineIcon(path('M20 7H5a2 2 0 0 1 0-4h13v4'), path('M3 5v14a2 2 0 0 0 2 2h15V7'), circle(16, 14, 1.5));

export const SpeakerIcon = ({ on, size }: { on: boolean; size?: number }) => (
  <Svg size={size}>
    <polygon points="11 5 6 9 2 9 2 15 6 15 11 19 11 5" />
    {on ? <path d="M15.5 8.5a5 5 0 0 1 0 7M19 5a10 10 0 0 1 0 14" /> : <path d="M23 9l-6 6M17 9l6 6" />}
  </Svg>
);

export const QuestionIcon = lineIcon(circle(12, 12, 10), path('M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3'), line(12, 17, 12.01, 17));

export const HomeIcon = lineIcon(path('M3 10.5 12 3l9 7.5V21H3z'), path('M9 21v-6h6v6'));

export const BackIcon = lineIcon(polyline('15 18 9 12 15 6'));

export const ClockIcon = lineIcon(circle(12, 12, 10), polyline('12 6 12 12 16 14'));

export const CheckIcon = lineIcon(polyline('20 6 9 17 4 12'));

export const DeleteIcon = lineIcon(path('M21 4H8l-7 8 7 8h13a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2z'), line(18, 9, 12, 15), line(12, 9, 18, 15));

export const LogoutIcon = lineIcon(path('M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4'), polyline('16 17 21 12 16 7'), line(21, 12, 9, 12));

// ---- 便民呼叫: one picture per service category (chosen in src/services.ts), and a fallback ----

/** 水电维修: a drop of water and a lightning bolt. */
export const WaterElectricIcon = lineIcon(
  path('M7 4s-5 5.6-5 9a5 5 0 0 0 10 0c0-3.4-5-9-5-9z'),
  polygon('18 2 13 13 17.5 13 16.5 22 22.5 10 18 10 18 2'),
);

/** 家政保洁: an upright broom. */
export const BroomIcon = lineIcon(
  line(12, 2, 12, 11),
  rect(8.5, 11, 7, 3, 1),
  path('M8.5 14 4.5 22h15l-4-8'),
  line(9.5, 18, 9, 22),
  line(12, 18, 12, 22),
  line(14.5, 18, 15, 22),
);

/** 助餐: a bowl with chopsticks. */
export const MealIcon = lineIcon(path('M2.5 12h19a9.5 8 0 0 1-19 0z'), line(8, 21, 16, 21), line(13, 9, 18, 2), line(16, 9, 21.5, 3.5));

/** 助浴: a bathtub with a shower head. */
export const BathIcon = lineIcon(
  path('M2.5 12h19v2.5a4.5 4.5 0 0 1-4.5 4.5H7a4.5 4.5 0 0 1-4.5-4.5z'),
  line(6, 19, 5, 21.5),
  line(18, 19, 19, 21.5),
  path('M5.5 12V5.5a2.5 2.5 0 0 1 5 0'),
  line(8.5, 7.5, 12.5, 7.5),
);

/** 陪诊: a medical kit. */
export const MedicalIcon = lineIcon(
  rect(2.5, 7, 19, 14, 2),
  path('M9 7V4.5a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1V7'),
  line(12, 10.5, 12, 17.5),
  line(8.5, 14, 15.5, 14),
);

/** 开锁换锁: a padlock. */
export const LockIcon = lineIcon(
  rect(4, 10.5, 16, 11, 2),
  path('M7.5 10.5V7a4.5 4.5 0 0 1 9 0v3.5'),
  circle(12, 15.5, 1.5),
  line(12, 17, 12, 19),
);

/** 家电维修: a washing machine. */
export const ApplianceIcon = lineIcon(
  rect(4, 2, 16, 20, 2),
  line(4, 7, 20, 7),
  line(7.5, 4.5, 8, 4.5),
  line(11, 4.5, 16.5, 4.5),
  circle(12, 14, 4.5),
);

/** 其他: a circle of three dots ("more"). */
export const MoreIcon = lineIcon(circle(12, 12, 10), circle(7.5, 12, 1), circle(12, 12, 1), circle(16.5, 12, 1));

/** Any other service the catalogue may list: a service bell. */
export const ServiceBellIcon = lineIcon(
  path('M3.5 17.5a8.5 8.5 0 0 1 17 0z'),
  line(2, 20.5, 22, 20.5),
  line(12, 9, 12, 6),
  line(10, 5, 14, 5),
);

/** Help is on its way: a check in a circle. */
export const CheckCircleIcon = lineIcon(circle(12, 12, 10), polyline('16.5 8.5 10.5 15 7.5 12'));

/** Something to know (not an error): an i in a circle. */
export const InfoIcon = lineIcon(circle(12, 12, 10), line(12, 11, 12, 17), line(12, 7.5, 12.01, 7.5));

/** Where: a map pin. */
export const PinIcon = lineIcon(path('M12 22s7-6.2 7-12a7 7 0 0 0-14 0c0 5.8 7 12 7 12z'), circle(12, 10, 2.5));

/** Try again: a circular arrow. */
export const RetryIcon = lineIcon(polyline('1 4 1 10 7 10'), path('M3.5 15a9 9 0 1 0 2.1-9.4L1 10'));

export const ParcelIcon = lineIcon(path('M21 8 12 3 3 8v8l9 5 9-5z'), polyline('3 8 12 13 21 8'), line(12, 13, 12, 21));

/** Two people side by side: 我的家人. */
export const PeopleIcon = lineIcon(
  circle(9, 8, 3.5),
  path('M2.5 20a6.5 6.5 0 0 1 13 0'),
  circle(17, 9, 2.5),
  path('M16 14.2a5 5 0 0 1 5.5 4.8'),
);
