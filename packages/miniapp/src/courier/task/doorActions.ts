import Taro from '@tarojs/taro';
import { routes, type DeliveryTask, type PhotoProofReason } from '@cc/shared';
import { call } from '../../api';

/** The eldercare call a 无人应答 opened for a person registered as living alone: its readable number is shown. */
export type WelfareCall = { id: string; number: string | null };
type Step = (work: () => Promise<DeliveryTask>, message: string) => Promise<boolean>;

/** Where the courier stands now (the API records it with 无人应答); null when the phone will not say. */
async function here(): Promise<{ lat: number; lng: number } | null> {
  try {
    const p = await Taro.getLocation({ type: 'wgs84', highAccuracyExpireTime: 10_000 });
    return { lat: p.latitude, lng: p.longitude };
  } catch {
    return null;
  }
}

/**
 * The steps at the door besides the code (issue 13 §1, §7): 拍照送达 with a reason and a note, 放到服务站 with a
 * photo, and 无人应答 with a note and the courier's position — which, for a person registered as elderly living alone,
 * also answers the welfare call the community was asked to make (kept for the page to say so).
 */
export function doorActions(id: string, step: Step, setWelfare: (c: WelfareCall | null) => void, setError: (message: string) => void) {
  const params = { task_id: id };
  return {
    deliverByPhoto: (photo_upload_id: string, reason: PhotoProofReason, note: string) =>
      step(
        () => call(routes.deliverDeliveryTaskByPhoto, { params, body: { photo_upload_id, reason, note } }),
        '已拍照送达，配送费将记入您的钱包',
      ),
    dropAtStation: (photo_upload_id: string) =>
      step(
        () => call(routes.dropDeliveryTaskAtStation, { params, body: { photo_upload_id } }),
        '已放到服务站，居民凭市民卡在服务站终端取件；配送费将记入您的钱包',
      ),
    noAnswer: async (note: string) => {
      const position = await here();
      if (!position) {
        setError('无法获取您的位置，请打开手机定位并允许本程序使用后再试');
        return false;
      }
      return step(async () => {
        const r = await call(routes.noAnswerDeliveryTask, { params, body: { note, position } });
        setWelfare(r.welfare_call);
        return r.task;
      }, '已记录无人应答。包裹仍由您保管：可以稍等再敲门，或报配送失败');
    },
  };
}
