import { useState } from 'react';
import { Field } from './index';

/** The setup screen's fields: a terminal id and its secret. */
export function Demo() {
  const [id, setId] = useState('kiosk-yile-01');
  const [secret, setSecret] = useState('');
  return (
    <>
      <Field label="终端编号" name="demo_terminal_id" value={id} spellCheck={false} onChange={setId} />
      <Field label="终端密钥" name="demo_terminal_secret" type="password" placeholder="请输入密钥" value={secret} onChange={setSecret} />
    </>
  );
}
