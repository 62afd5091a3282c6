import type { ComponentType } from 'react';
import { Demo as BigButton } from '../../ui/BigButton/demo';
import { Demo as Field } from '../../ui/Field/demo';
import { Demo as Hotline } from '../../ui/Hotline/demo';
import { Demo as MoneyLine } from '../../ui/MoneyLine/demo';
import { Demo as Notice } from '../../ui/Notice/demo';
import { Demo as Panel } from '../../ui/Panel/demo';
import { Demo as PinPad } from '../../ui/PinPad/demo';
import { Demo as StateView } from '../../ui/StateView/demo';
import { Demo as Tile } from '../../ui/Tile/demo';

/** Every kiosk component with its demo (the name is the section's heading). Frame is the gallery's own wrapper. */
export const DEMOS: [name: string, Demo: ComponentType][] = [
  ['BigButton', BigButton],
  ['Field', Field],
  ['Hotline', Hotline],
  ['MoneyLine', MoneyLine],
  ['Notice', Notice],
  ['Panel', Panel],
  ['PinPad', PinPad],
  ['StateView', StateView],
  ['Tile', Tile],
];
