import type { ComponentType } from 'react';
import { Demo as Card } from '../../ui/Card/demo';
import { Demo as Chips } from '../../ui/Chips/demo';
import { Demo as Fact } from '../../ui/Fact/demo';
import { Demo as Field } from '../../ui/Field/demo';
import { Demo as LinkCells } from '../../ui/LinkCells/demo';
import { Demo as Money } from '../../ui/Money/demo';
import { Demo as MoreLine } from '../../ui/MoreLine/demo';
import { Demo as NoteBox } from '../../ui/NoteBox/demo';
import { Demo as Notice } from '../../ui/Notice/demo';
import { Demo as PhotoPicker } from '../../ui/PhotoPicker/demo';
import { Demo as Photos } from '../../ui/Photos/demo';
import { Demo as PinInput } from '../../ui/PinInput/demo';
import { Demo as RadioGroup } from '../../ui/RadioGroup/demo';
import { Demo as Remark } from '../../ui/Remark/demo';
import { Demo as StateView } from '../../ui/StateView/demo';
import { Demo as Stars } from '../../ui/Stars/demo';
import { Demo as StatusTag } from '../../ui/StatusTag/demo';
import { Demo as Stepper } from '../../ui/Stepper/demo';
import { Demo as Tabs } from '../../ui/Tabs/demo';
import { Demo as Tag } from '../../ui/Tag/demo';
import { Demo as TextField } from '../../ui/TextField/demo';
import { Demo as Thumb } from '../../ui/Thumb/demo';
import { Demo as Timeline } from '../../ui/Timeline/demo';
import { Demo as ErrorNotice } from '../../ui/errors/demo';

/** Every component of the kit with its demo, in the order of ui/index.ts (the name is the section's heading). */
export const DEMOS: [name: string, Demo: ComponentType][] = [
  ['Card', Card],
  ['Chips', Chips],
  ['ErrorNotice', ErrorNotice],
  ['Fact', Fact],
  ['Field', Field],
  ['LinkCells', LinkCells],
  ['Money', Money],
  ['MoreLine', MoreLine],
  ['NoteBox', NoteBox],
  ['Notice', Notice],
  ['PhotoPicker', PhotoPicker],
  ['Photos', Photos],
  ['PinInput', PinInput],
  ['RadioGroup', RadioGroup],
  ['Remark', Remark],
  ['StateView', StateView],
  ['Stars', Stars],
  ['StatusTag', StatusTag],
  ['Stepper', Stepper],
  ['Tabs', Tabs],
  ['Tag', Tag],
  ['TextField', TextField],
  ['Thumb', Thumb],
  ['Timeline', Timeline],
];
