import { AlertIcon, CardIcon, MealIcon, WaterElectricIcon } from '../../components/Icons';
import { Tile } from './index';

/** Solid tiles of the welcome screen and soft tiles of 呼叫帮助's services. */
export function Demo() {
  const none = () => undefined;
  return (
    <div className="kit__tiles">
      <Tile tone="blue" icon={<CardIcon size={96} />} label="刷卡登录" hint="查余额、取件" onClick={none} />
      <Tile tone="red" icon={<AlertIcon size={96} />} label="紧急求助" testid="demo-tile-sos" onClick={none} />
      <Tile look="soft" tone="repair" icon={<WaterElectricIcon size={72} />} label="水电维修" onClick={none} />
      <Tile look="soft" tone="elder" icon={<MealIcon size={72} />} label="助餐送餐" hint="午餐 11:00 前预约" onClick={none} />
    </div>
  );
}
