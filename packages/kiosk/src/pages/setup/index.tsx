import { useState } from 'react';
import Taro from '@tarojs/taro';
import { routes } from '@cc/shared';
import { call, errorMessage, isUnauthorized } from '../../api';
import { goHome } from '../../nav';
import { cacheContext, clearCredentials, isValidTerminalId, saveCredentials } from '../../terminal';
import { BigButton, Frame, Notice } from '../../ui';

/**
 * One-time terminal setup by an operator: the terminal id and secret from 登记社区终端
 * (routes.registerKiosk). A provisioning link with ?terminal_id=…&terminal_secret=… skips this.
 */
export default function SetupPage() {
  const invalid = Taro.getCurrentInstance().router?.params?.reason === 'invalid';
  const [id, setId] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(invalid ? '终端凭据已失效，请重新输入。' : null);

  async function save() {
    const terminalId = id.trim();
    const terminalSecret = secret.trim();
    if (!isValidTerminalId(terminalId)) {
      setError('终端编号应以 ksk_ 开头，请核对后重新输入。');
      return;
    }
    if (!terminalSecret) {
      setError('请输入终端密钥。');
      return;
    }
    setBusy(true);
    setError(null);
    saveCredentials({ id: terminalId, secret: terminalSecret });
    try {
      cacheContext(await call(routes.kioskContext, {}));
      goHome();
    } catch (e) {
      if (isUnauthorized(e)) {
        clearCredentials();
        setError('终端编号或密钥不对，请核对后重新输入。');
      } else {
        setError(errorMessage(e));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Frame title="终端设置" speech="终端设置：请社区工作人员输入终端编号和终端密钥。" home idle={false}>
      <form
        className="panel setup"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <p className="panel__text">请社区工作人员输入登记终端时得到的终端编号和终端密钥（只需设置一次）。</p>
        <label className="field">
          <span className="field__label">终端编号</span>
          <input
            className="field__input"
            name="terminal_id"
            value={id}
            autoComplete="off"
            spellCheck={false}
            placeholder="ksk_…"
            onChange={(e) => setId(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">终端密钥</span>
          <input
            className="field__input"
            name="terminal_secret"
            type="password"
            value={secret}
            autoComplete="off"
            onChange={(e) => setSecret(e.target.value)}
          />
        </label>
        {error && <Notice>{error}</Notice>}
        <BigButton type="submit" tone="primary" wide disabled={busy} label={busy ? '正在验证…' : '保存并验证'} />
      </form>
    </Frame>
  );
}
