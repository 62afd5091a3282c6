import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow, useUnload } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Progress } from '@nutui/nutui-react-taro';
import { routes, type CatalogImport } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { pageParam } from '../../calls-common/lib';
import { SELLER_PAGES, when, type Tone } from '../../commerce/lib';
import { useShop } from '../lib/shop';
import '../lib/seller.css';
import { Card, EmptyView, ErrorView, LoadingView, Notice, Tag } from '../../ui';

/** The API's default upload bound (UPLOAD_MAX_BYTES). */
const MAX_BYTES = 2 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface PickedFile {
  name: string;
  bytes: Uint8Array;
  content_type: string;
}

/** The media type by the file's name: the server looks at the bytes anyway (a zip is xlsx). */
function typeOf(name: string): string | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'csv') return 'text/csv';
  if (ext === 'xlsx') return XLSX;
  return null;
}

/** A .csv or .xlsx file: a file input on H5, a file from a WeChat chat on the phone. */
async function pickFile(): Promise<PickedFile | null> {
  if (process.env.TARO_ENV === 'h5') {
    const file = await new Promise<File | null>((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      input.className = 'seller-import__file-input';
      input.style.display = 'none';
      input.onchange = () => {
        resolve(input.files?.[0] ?? null);
        input.remove();
      };
      input.oncancel = () => {
        resolve(null);
        input.remove();
      };
      document.body.appendChild(input);
      input.click();
    });
    if (!file) return null;
    return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), content_type: typeOf(file.name) ?? file.type };
  }
  const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'xlsx'] }).catch(() => null);
  const f = r?.tempFiles[0];
  if (!f) return null;
  const data = await new Promise<ArrayBuffer>((resolve, reject) =>
    Taro.getFileSystemManager().readFile({ filePath: f.path, success: (x) => resolve(x.data as ArrayBuffer), fail: reject }),
  );
  return { name: f.name, bytes: new Uint8Array(data), content_type: typeOf(f.name) ?? '' };
}

const STATUS: Record<CatalogImport['status'], { text: string; tone: Tone }> = {
  queued: { text: '排队中', tone: 'info' },
  running: { text: '处理中', tone: 'info' },
  completed: { text: '已完成', tone: 'ok' },
  failed: { text: '失败', tone: 'danger' },
};

const sizeText = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** One import: progress while it runs, then the counts and the problems row by row. */
function ImportReport({ imp }: { imp: CatalogImport }) {
  const running = imp.status === 'queued' || imp.status === 'running';
  const percent = imp.rows_total > 0 ? Math.floor((imp.rows_done * 100) / imp.rows_total) : running ? 0 : 100;
  return (
    <Card className={`seller-import-report seller-import-report--${imp.status}`}>
      <View className="seller-import-report__head">
        <Text className="seller-import-report__name">{imp.file_name ?? `${imp.format.toUpperCase()} 文件`}</Text>
        <Tag tone={STATUS[imp.status].tone} className="seller-import-report__status">
          {STATUS[imp.status].text}
        </Tag>
      </View>
      <Text className="biz-muted">
        {when(imp.created_at)} · {sizeText(imp.size_bytes)} · 共 {imp.rows_total} 行商品
      </Text>
      {running && (
        <View className="seller-import-progress" aria-live="polite">
          <Progress percent={percent} color="#0b6e4f" background="#dfe7e3" strokeWidth="12" />
          <Text className="seller-import-progress__text">
            已检查 {imp.rows_done} / {imp.rows_total} 行（{percent}%）
          </Text>
        </View>
      )}
      {imp.status === 'failed' && (
        <Notice tone="danger" title="导入没有完成" className="seller-import-report__failure">
          <Text>{imp.failure ?? '处理文件时出了问题，请稍后重新导入'}</Text>
        </Notice>
      )}
      {imp.status === 'completed' && (
        <View className="seller-import-counts">
          <View className="seller-import-count seller-import-count--created">
            <Text className="seller-import-count__n">{imp.created}</Text>
            <Text>新建</Text>
          </View>
          <View className="seller-import-count seller-import-count--updated">
            <Text className="seller-import-count__n">{imp.updated}</Text>
            <Text>更新</Text>
          </View>
          <View className="seller-import-count">
            <Text className="seller-import-count__n">{imp.unchanged}</Text>
            <Text>无变化</Text>
          </View>
          <View className={`seller-import-count seller-import-count--rejected ${imp.rejected ? 'seller-import-count--bad' : ''}`}>
            <Text className="seller-import-count__n">{imp.rejected}</Text>
            <Text>有问题</Text>
          </View>
        </View>
      )}
      {imp.ignored_columns.length > 0 && (
        <Text className="biz-muted seller-import-report__ignored">没有用到的列：{imp.ignored_columns.join('、')}</Text>
      )}
      {imp.errors.length > 0 && (
        <View className="seller-import-errors">
          <Text className="seller-import-errors__title">
            有问题的行（这些行没有导入，改好后可以把整个文件再导入一次，已导入的不会重复）
          </Text>
          {imp.errors.map((e, i) => (
            <View key={`${e.row}-${e.column}-${i}`} className="seller-import-error" data-row={e.row}>
              <Text className="seller-import-error__where">
                第 {e.row} 行{e.column ? ` · ${e.column}` : ''}
              </Text>
              <Text className="seller-import-error__message">{e.message}</Text>
            </View>
          ))}
          {imp.errors_truncated && <Text className="biz-muted">问题太多，只列出前 {imp.errors.length} 条。</Text>}
        </View>
      )}
    </Card>
  );
}

/** 批量导入: a CSV or Excel file of products, created or updated by SKU in the background, with a report per row. */
export default function SellerImport() {
  const { state: shopState, reload: reloadShop } = useShop();
  const shop = shopState.kind === 'ready' ? shopState.shop : null;
  const [current, setCurrent] = useState<CatalogImport | null>(null);
  const [history, setHistory] = useState<
    { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: CatalogImport[] }
  >({
    kind: 'loading',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const visible = useRef(true);

  const loadHistory = useCallback(async (merchant_id: string) => {
    try {
      const page = await call(routes.listCatalogImports, { params: { merchant_id }, query: { limit: 10 } });
      setHistory({ kind: 'ready', items: page.items });
    } catch (e) {
      setHistory({ kind: 'error', message: errorMessage(e) });
    }
  }, []);

  const stop = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  /** Follows one import once a second until it is finished. */
  const follow = useCallback(
    (import_id: string) => {
      stop();
      const tick = async () => {
        timer.current = null;
        try {
          const imp = await call(routes.getCatalogImport, { params: { import_id } });
          setCurrent(imp);
          if (imp.status === 'queued' || imp.status === 'running') {
            if (visible.current) timer.current = setTimeout(() => void tick(), 800);
          } else if (shop) void loadHistory(shop.id);
        } catch (e) {
          setError(errorMessage(e));
          if (visible.current) timer.current = setTimeout(() => void tick(), 3000);
        }
      };
      void tick();
    },
    [shop?.id, loadHistory],
  );

  useEffect(() => {
    if (!shop) return;
    void loadHistory(shop.id);
    const opened = pageParam('import');
    if (opened) follow(opened);
  }, [shop?.id]);
  useDidShow(() => {
    visible.current = true;
    if (current && (current.status === 'queued' || current.status === 'running')) follow(current.id);
  });
  useDidHide(() => {
    visible.current = false;
    stop();
  });
  useUnload(stop);

  async function upload() {
    if (!shop) return;
    setError(null);
    let file: PickedFile | null;
    try {
      file = await pickFile();
    } catch {
      setError('读取文件失败，请重试');
      return;
    }
    if (!file) return;
    if (!typeOf(file.name)) return setError('请选择 .csv 或 .xlsx 文件（旧版 .xls 请在 Excel 里另存为 .xlsx）');
    if (file.bytes.byteLength > MAX_BYTES)
      return setError(`文件太大了（${sizeText(file.bytes.byteLength)}），最大 2 MB：请分成几个文件导入`);
    if (file.bytes.byteLength === 0) return setError('文件是空的');
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

  if (shopState.kind === 'loading') return <LoadingView />;
  if (shopState.kind !== 'ready')
    return (
      <View className="page">
        <ErrorView
          message={shopState.kind === 'none' ? '您还没有店铺，请先登记开店' : shopState.message}
          onRetry={() => void reloadShop()}
        />
      </View>
    );
  const running = current && (current.status === 'queued' || current.status === 'running');

  return (
    <View className="page seller-import">
      <Card title="表格格式" className="seller-import-help">
        <Text className="biz-muted">第一行是表头，下面每行一个商品。按 SKU 新建或更新：同一个 SKU 再导入会更新它，不会重复。</Text>
        <View className="seller-import-columns">
          <Text className="seller-import-columns__label">必填</Text>
          <Text className="seller-import-columns__list">SKU、商品名称、分类、单位、价格（元）、库存</Text>
        </View>
        <View className="seller-import-columns">
          <Text className="seller-import-columns__label seller-import-columns__label--optional">选填</Text>
          <Text className="seller-import-columns__list">规格、产地、采收日期、关键词、描述、图片、状态</Text>
        </View>
        <Text className="biz-muted">
          分类写名称（如「叶菜类」或「蔬菜/叶菜类」）；单位如 斤、公斤、个、箱、袋；状态写「在售」或「草稿」
          {shop?.verification.status === 'verified' ? '' : '（店铺认证通过前只能导入草稿）'}。CSV 或 Excel（.xlsx），最大 2 MB、5000 行。
        </Text>
      </Card>
      {error && (
        <Notice tone="danger" className="seller-import__error">
          <Text>{error}</Text>
        </Notice>
      )}
      <Button
        type="primary"
        size="large"
        block
        className="seller-import__pick"
        loading={busy}
        disabled={busy || !!running}
        onClick={() => void upload()}
      >
        {running ? '正在导入…' : process.env.TARO_ENV === 'h5' ? '选择表格文件并导入' : '从聊天记录选择表格并导入'}
      </Button>
      {current && (
        <View className="seller-import__current">
          <View className="section-title">
            <Text>本次导入</Text>
          </View>
          <ImportReport imp={current} />
          {current.status === 'completed' && current.created + current.updated > 0 && (
            <Button
              fill="outline"
              block
              className="seller-import__products"
              onClick={() => void Taro.navigateTo({ url: `${SELLER_PAGES.products}?status=all` })}
            >
              查看商品
            </Button>
          )}
        </View>
      )}
      <View className="section-title">
        <Text>导入记录</Text>
      </View>
      {history.kind === 'loading' ? (
        <LoadingView />
      ) : history.kind === 'error' ? (
        <ErrorView message={history.message} onRetry={() => shop && void loadHistory(shop.id)} />
      ) : history.items.filter((i) => i.id !== current?.id).length === 0 ? (
        <EmptyView title={current ? '没有更早的导入记录' : '还没有导入记录'} />
      ) : (
        history.items
          .filter((i) => i.id !== current?.id)
          .map((i) => (
            <View
              key={i.id}
              className="biz-card seller-import-row"
              onClick={() => {
                follow(i.id);
                void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
              }}
            >
              <View className="seller-import-report__head">
                <Text className="seller-import-row__name">{i.file_name ?? `${i.format.toUpperCase()} 文件`}</Text>
                <Tag tone={STATUS[i.status].tone}>{STATUS[i.status].text}</Tag>
              </View>
              <Text className="biz-muted">
                {when(i.created_at)} · {i.rows_total} 行 · 新建 {i.created} · 更新 {i.updated} · 有问题 {i.rejected}
              </Text>
              <Text className="biz-link seller-import-row__open">查看报告</Text>
            </View>
          ))
      )}
    </View>
  );
}
