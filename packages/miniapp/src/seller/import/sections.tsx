import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Progress } from '@nutui/nutui-react-taro';
import type { CatalogImport } from '@cc/shared';
import { EmptyView, ErrorView, LoadingView } from '../../ui';
import { Card, Notice, Tag } from '../../ui';
import { when, type Tone } from '../../commerce/lib';
import { tappable } from '../../ui/tappable';
import { sizeText } from './file';
import { isRunning, type ImportPage } from './useImport';

const STATUS: Record<CatalogImport['status'], { text: string; tone: Tone }> = {
  queued: { text: '排队中', tone: 'info' },
  running: { text: '处理中', tone: 'info' },
  completed: { text: '已完成', tone: 'ok' },
  failed: { text: '失败', tone: 'danger' },
};

const fileName = (imp: CatalogImport) => imp.file_name ?? `${imp.format.toUpperCase()} 文件`;

/** The table's columns and rules. */
export function ImportHelp({ verified }: { verified: boolean }) {
  return (
    <View data-testid="seller-import-help">
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
          {verified ? '' : '（店铺认证通过前只能导入草稿）'}。CSV 或 Excel（.xlsx），最大 2 MB、5000 行。
        </Text>
      </Card>
    </View>
  );
}

/** New, updated, unchanged and rejected rows of a completed import. */
function ImportCounts({ imp }: { imp: CatalogImport }) {
  const counts: [string, number, string][] = [
    ['seller-import-count--created', imp.created, '新建'],
    ['seller-import-count--updated', imp.updated, '更新'],
    ['', imp.unchanged, '无变化'],
    [`seller-import-count--rejected ${imp.rejected ? 'seller-import-count--bad' : ''}`, imp.rejected, '有问题'],
  ];
  return (
    <View className="seller-import-counts" data-testid="seller-import-counts">
      {counts.map(([cls, n, label]) => (
        <View key={label} className={`seller-import-count ${cls}`}>
          <Text className="seller-import-count__n">{n}</Text>
          <Text>{label}</Text>
        </View>
      ))}
    </View>
  );
}

/** The rows that were not imported, each with its column and reason. */
function ImportErrors({ imp }: { imp: CatalogImport }) {
  return (
    <View className="seller-import-errors" data-testid="seller-import-errors">
      <Text className="seller-import-errors__title">有问题的行（这些行没有导入，改好后可以把整个文件再导入一次，已导入的不会重复）</Text>
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
  );
}

/** One import: progress while it runs, then the counts and the problems row by row. */
export function ImportReport({ imp }: { imp: CatalogImport }) {
  const running = isRunning(imp);
  const percent = imp.rows_total > 0 ? Math.floor((imp.rows_done * 100) / imp.rows_total) : running ? 0 : 100;
  return (
    <Card className={`seller-import-report seller-import-report--${imp.status}`}>
      <View className="seller-import-report__head cc-spread">
        <Text className="seller-import-report__name cc-grow">{fileName(imp)}</Text>
        <Tag tone={STATUS[imp.status].tone} className="seller-import-report__status">
          {STATUS[imp.status].text}
        </Tag>
      </View>
      <Text className="biz-muted">
        {when(imp.created_at)} · {sizeText(imp.size_bytes)} · 共 {imp.rows_total} 行商品
      </Text>
      {running && (
        <View className="seller-import-progress" aria-live="polite" data-testid="seller-import-progress">
          <Progress percent={percent} color="var(--cc-color-brand)" background="var(--cc-color-border)" strokeWidth="12" />
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
      {imp.status === 'completed' && <ImportCounts imp={imp} />}
      {imp.ignored_columns.length > 0 && (
        <Text className="biz-muted seller-import-report__ignored">没有用到的列：{imp.ignored_columns.join('、')}</Text>
      )}
      {imp.errors.length > 0 && <ImportErrors imp={imp} />}
    </Card>
  );
}

/** 导入记录: the earlier imports, each opening its report. */
export function ImportHistory({ s }: { s: ImportPage }) {
  const { history, current, shop } = s;
  if (history.kind === 'loading') return <LoadingView />;
  if (history.kind === 'error') return <ErrorView message={history.message} onRetry={() => shop && void s.loadHistory(shop.id)} />;
  const earlier = history.items.filter((i) => i.id !== current?.id);
  if (earlier.length === 0) return <EmptyView title={current ? '没有更早的导入记录' : '还没有导入记录'} />;
  const open = (id: string) => {
    s.follow(id);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
  };
  return (
    <View data-testid="seller-import-history">
      {earlier.map((i) => (
        <View
          key={i.id}
          className="biz-card seller-import-row"
          data-testid="seller-import-row"
          data-import={i.id}
          {...tappable(() => open(i.id))}
        >
          <View className="seller-import-report__head cc-spread">
            <Text className="seller-import-row__name cc-grow">{fileName(i)}</Text>
            <Tag tone={STATUS[i.status].tone}>{STATUS[i.status].text}</Tag>
          </View>
          <Text className="biz-muted">
            {when(i.created_at)} · {i.rows_total} 行 · 新建 {i.created} · 更新 {i.updated} · 有问题 {i.rejected}
          </Text>
          <Text className="biz-link seller-import-row__open">查看报告</Text>
        </View>
      ))}
    </View>
  );
}
