import type { ReactNode } from 'react';

/** Solid tiles (the welcome screen): white words on a dark fill. */
export type SolidTileTone = 'blue' | 'green' | 'red' | 'purple' | 'dark';
/** Soft tiles (the services of 呼叫帮助): dark words on a light background per group. */
export type SoftTileTone = 'repair' | 'home' | 'elder' | 'plain';

interface TileBase {
  label: string;
  hint?: string | null;
  /** The picture above the words (the words are always written: colour is never the only signal). */
  icon: ReactNode;
  testid?: string;
  onClick: () => void;
}

export type TileProps = TileBase & ({ look?: 'solid'; tone: SolidTileTone } | { look: 'soft'; tone: SoftTileTone });
