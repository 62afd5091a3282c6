import { Tag, type TagTone } from './index';

const TAGS: [TagTone, string][] = [
  ['success', '已认证'],
  ['ok', '可自提'],
  ['info', '合作社'],
  ['warning', '库存紧张'],
  ['danger', '已下架'],
  ['neutral', '本地产'],
  ['muted', '已停售'],
];

/** Every tone, each with its words. */
export function Demo() {
  return (
    <>
      {TAGS.map(([tone, words]) => (
        <Tag key={tone} tone={tone}>
          {words}
        </Tag>
      ))}
    </>
  );
}
