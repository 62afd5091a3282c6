import { NoteBox, ReasonBox } from './index';

/** An optional note and a reason (at least 2 characters, danger): sending only resolves here. */
export function Demo() {
  const done = () => Promise.resolve(true);
  return (
    <>
      <NoteBox label="给商家留言" placeholder="例如：请挑新鲜一点的" submitText="发送" onSubmit={done} />
      <ReasonBox label="拒绝原因" placeholder="请写明原因" submitText="拒绝退款" danger onSubmit={done} onCancel={() => undefined} />
    </>
  );
}
