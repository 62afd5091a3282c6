import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PHOTO_PROOF_REASONS, PHOTO_PROOF_REASON_WORDS, type DeliveryTask, type PhotoProofReason } from '@cc/shared';
import { type AttachedPhoto, Chips, Field, NoteBox, Notice, PhotoPicker } from '../../ui';
import type { useTask } from './useTask';
import type { WelfareCall } from './doorActions';

type Task = ReturnType<typeof useTask>;

/** 拍照送达: one photo, one of the accepted reasons, and a note of what happened (the API refuses anything less). */
function PhotoDeliver({ m }: { m: Task }) {
  const [photos, setPhotos] = useState<AttachedPhoto[]>([]);
  const [reason, setReason] = useState<PhotoProofReason | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const submit = async (note: string) => {
    const problem = !reason ? '请选择原因' : photos.length === 0 ? '请拍一张照片' : null;
    setMissing(problem);
    if (problem || !reason || !photos[0]) return false;
    return m.actions.deliverByPhoto(photos[0].id, reason, note);
  };
  return (
    <View className="courier-door courier-door--photo" data-testid="photo-deliver">
      <Field label="没有收件码的原因" required boxed={false} error={missing} errorTestid="photo-deliver-missing">
        <Chips<PhotoProofReason>
          className="courier-door__reasons"
          options={PHOTO_PROOF_REASONS.map((r) => ({ value: r, label: PHOTO_PROOF_REASON_WORDS[r] }))}
          value={reason}
          onChange={(r) => {
            setReason(r);
            setMissing(null);
          }}
        />
      </Field>
      <Field label="送达照片" required boxed={false}>
        <PhotoPicker
          value={photos}
          onChange={(p) => {
            setPhotos(p);
            setMissing(null);
          }}
          max={1}
          hint="拍下包裹放好的位置，或交到收件人手中的情形"
        />
      </Field>
      <NoteBox
        className="courier-door__note"
        label="说明"
        placeholder="如：电话联系后按要求放在门口鞋柜上"
        submitText="确认拍照送达"
        min={2}
        max={200}
        onCancel={() => m.setAsking(null)}
        onSubmit={submit}
      />
    </View>
  );
}

/** 放到服务站: a task whose drop is a station is left there with a photo; the resident collects it at the kiosk. */
function StationDrop({ m }: { m: Task }) {
  const [photos, setPhotos] = useState<AttachedPhoto[]>([]);
  const [missing, setMissing] = useState<string | null>(null);
  const submit = () => {
    if (!photos[0]) return setMissing('请拍一张包裹放在服务站的照片');
    setMissing(null);
    void m.actions.dropAtStation(photos[0].id);
  };
  return (
    <View className="courier-door courier-door--station" data-testid="station-drop">
      <Field label="包裹在服务站的照片" required boxed={false} error={missing}>
        <PhotoPicker value={photos} onChange={setPhotos} max={1} hint="拍下放在服务站货架上的包裹" />
      </Field>
      <View className="cc-actions cc-actions--row">
        <Button fill="outline" disabled={m.busy} onClick={() => m.setAsking(null)}>
          取消
        </Button>
        <Button type="primary" className="courier-door__confirm" loading={m.busy} disabled={m.busy} onClick={submit}>
          确认放到服务站
        </Button>
      </View>
    </View>
  );
}

/** 无人应答: what the courier did (knocked, called); the page adds where they stand. The parcel stays with them. */
function NoAnswer({ m }: { m: Task }) {
  return (
    <NoteBox
      className="courier-door courier-door--no-answer"
      label="无人应答的情况"
      placeholder="如：敲门、打电话都没人应"
      submitText="记录无人应答"
      min={2}
      max={200}
      onCancel={() => m.setAsking(null)}
      onSubmit={m.actions.noAnswer}
    />
  );
}

/** The door's other steps while the parcel is picked up: by photo (never past a locked code), at the station, 无人应答. */
export function DoorSteps({ m, task: t }: { m: Task; task: DeliveryTask }) {
  if (m.asking === 'photo') return <PhotoDeliver m={m} />;
  if (m.asking === 'station') return <StationDrop m={m} />;
  if (m.asking === 'no_answer') return <NoAnswer m={m} />;
  if (m.asking) return null;
  const station = t.drop.station_id !== null;
  const offers: { kind: 'photo' | 'station' | 'no_answer'; words: string }[] = [
    ...(station ? [{ kind: 'station' as const, words: '放到服务站' }] : []),
    ...(!station && !t.codes_locked.delivery ? [{ kind: 'photo' as const, words: '拍照送达' }] : []),
    { kind: 'no_answer', words: '无人应答' },
  ];
  return (
    <View className="courier-door__offers">
      {offers.map((o) => (
        <Button
          key={o.kind}
          size="large"
          block
          fill="outline"
          type="primary"
          className={`courier-act courier-act--${o.kind}`}
          onClick={() => m.setAsking(o.kind)}
        >
          {o.words}
        </Button>
      ))}
    </View>
  );
}

/** Said calmly after 无人应答 at the door of a person living alone: the community was asked to check on them. */
export function WelfareNotice({ call }: { call: WelfareCall | null }) {
  if (!call) return null;
  return (
    <Notice tone="info" title="已请社区关怀探访" testid="welfare-notice">
      <Text>
        收件人是社区登记的独居老人。社区已收到关怀探访请求{call.number ? `（呼叫 ${call.number}）` : ''}
        ，会尽快上门或打电话确认老人平安。包裹请先由您保管。
      </Text>
    </Notice>
  );
}
