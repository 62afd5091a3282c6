import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidHide, useDidShow, useUnload } from '@tarojs/taro';
import { routes, type CatalogImport } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { useShop } from '../lib/shop';
import { fileProblem, pickFile, type PickedFile } from './file';

export type History = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: CatalogImport[] };

export const isRunning = (imp: CatalogImport | null) => !!imp && (imp.status === 'queued' || imp.status === 'running');

/** The shop's last imports. */
function useHistory() {
  const [history, setHistory] = useState<History>({ kind: 'loading' });
  const loadHistory = useCallback(async (merchant_id: string) => {
    try {
      const page = await call(routes.listCatalogImports, { params: { merchant_id }, query: { limit: 10 } });
      setHistory({ kind: 'ready', items: page.items });
    } catch (e) {
      setHistory({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  return { history, loadHistory };
}

/** One import followed while the page is shown (a timeout chain, stopped when hidden or left). */
function useFollow(onFinished: () => void, setError: (m: string) => void) {
  const [current, setCurrent] = useState<CatalogImport | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const visible = useRef(true);
  const stop = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  const follow = (import_id: string) => {
    stop();
    const tick = async () => {
      timer.current = null;
      try {
        const imp = await call(routes.getCatalogImport, { params: { import_id } });
        setCurrent(imp);
        if (!isRunning(imp)) return onFinished();
        if (visible.current) timer.current = setTimeout(() => void tick(), 800);
      } catch (e) {
        setError(errorMessage(e));
        if (visible.current) timer.current = setTimeout(() => void tick(), 3000);
      }
    };
    void tick();
  };
  useDidShow(() => {
    visible.current = true;
    if (current && isRunning(current)) follow(current.id);
  });
  useDidHide(() => {
    visible.current = false;
    stop();
  });
  useUnload(stop);
  return { current, setCurrent, follow };
}

/** 批量导入: the shop, the import being followed, the history and the upload of a new file. */
export function useImport() {
  const { state: shopState, reload: reloadShop } = useShop();
  const shop = shopState.kind === 'ready' ? shopState.shop : null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { history, loadHistory } = useHistory();
  const { current, setCurrent, follow } = useFollow(() => shop && void loadHistory(shop.id), setError);

  useEffect(() => {
    if (!shop) return;
    void loadHistory(shop.id);
    const opened = pageParam('import');
    if (opened) follow(opened);
  }, [shop?.id]);

  async function upload() {
    if (!shop) return;
    setError(null);
    let file: PickedFile | null;
    try {
      file = await pickFile();
    } catch {
      return setError('读取文件失败，请重试');
    }
    if (!file) return;
    const problem = fileProblem(file);
    if (problem) return setError(problem);
    setBusy(true);
    try {
      const imp = await call(routes.importCatalog, {
        params: { merchant_id: shop.id },
        query: { file_name: file.name.slice(0, 100) },
        file: { bytes: file.bytes, content_type: file.content_type },
      });
      setCurrent(imp);
      follow(imp.id);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return { shopState, reloadShop, shop, current, follow, history, loadHistory, busy, error, upload };
}

export type ImportPage = ReturnType<typeof useImport>;
