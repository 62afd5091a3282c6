import { BigButton, Field, Frame, Notice } from '../../ui';
import { useSetup } from './useSetup';

/**
 * One-time terminal setup by an operator: the terminal id and secret from 登记社区终端
 * (routes.registerKiosk). A provisioning link with ?terminal_id=…&terminal_secret=… skips this.
 */
export default function SetupPage() {
  const { id, setId, secret, setSecret, busy, error, save } = useSetup();
  return (
    <Frame title="终端设置" speech="终端设置：请社区工作人员输入终端编号和终端密钥。" home idle={false}>
      <form
        className="panel setup"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <p className="panel__text">请社区工作人员输入登记终端时得到的终端编号和终端密钥（只需设置一次）。</p>
        <Field label="终端编号" name="terminal_id" value={id} spellCheck={false} placeholder="ksk_…" onChange={setId} />
        <Field label="终端密钥" name="terminal_secret" type="password" value={secret} onChange={setSecret} />
        {error && <Notice>{error}</Notice>}
        <BigButton type="submit" tone="primary" wide disabled={busy} label={busy ? '正在验证…' : '保存并验证'} />
      </form>
    </Frame>
  );
}
