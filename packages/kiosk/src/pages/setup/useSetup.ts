import { useState } from 'react';
import Taro from '@tarojs/taro';
import { routes } from '@cc/shared';
import { call, errorMessage, isUnauthorized } from '../../api';
import { goHome } from '../../nav';
import { cacheContext, clearCredentials, isValidTerminalId, saveCredentials } from '../../terminal';

/**
 * 终端设置's state: the terminal id and secret typed, and 保存并验证, which keeps them only if the API accepts them
 * (the context call is the check).
 */
export function useSetup() {
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

  return { id, setId, secret, setSecret, busy, error, save: () => void save() };
}
