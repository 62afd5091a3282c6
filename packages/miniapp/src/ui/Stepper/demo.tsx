import { useState } from 'react';
import { View } from '@tarojs/components';
import { Stepper } from './index';

/** At its minimum (减少 off), in between, at its maximum (增加 off), and disabled. */
export function Demo() {
  const [mid, setMid] = useState(3);
  const none = () => undefined;
  return (
    <>
      <View data-testid="demo-stepper-min">
        <Stepper value={1} max={9} onChange={none} />
      </View>
      <View data-testid="demo-stepper-mid">
        <Stepper value={mid} max={9} label="斤数" onChange={setMid} />
      </View>
      <View data-testid="demo-stepper-max">
        <Stepper value={9} max={9} onChange={none} />
      </View>
      <View>
        <Stepper value={2} max={9} disabled onChange={none} />
      </View>
    </>
  );
}
