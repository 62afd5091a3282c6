import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { LoadingView } from '../../ui';
import { Notice } from '../../ui';
import { SELLER_PAGES } from '../../commerce/lib';
import { NoShop } from '../lib/NoShop';
import { ImportHelp, ImportHistory, ImportReport } from './sections';
import { isRunning, useImport, type ImportPage } from './useImport';
import '../lib/seller.css';

/** 本次导入: the import being followed, and 查看商品 once something was created or updated. */
function CurrentImport({ s }: { s: ImportPage }) {
  const { current } = s;
  if (!current) return null;
  return (
    <View className="seller-import__current" data-testid="seller-import-current">
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
  );
}

/** 批量导入: a CSV or Excel file of products, created or updated by SKU in the background, with a report per row. */
export default function SellerImport() {
  const s = useImport();
  const { shopState } = s;
  if (shopState.kind === 'loading') return <LoadingView />;
  if (shopState.kind !== 'ready') return <NoShop state={shopState} onRetry={() => void s.reloadShop()} />;
  const running = isRunning(s.current);
  return (
    <View className="page seller-import" data-testid="seller-import">
      <ImportHelp verified={shopState.shop.verification.status === 'verified'} />
      {s.error && (
        <Notice tone="danger" className="seller-import__error">
          <Text>{s.error}</Text>
        </Notice>
      )}
      <Button
        type="primary"
        size="large"
        block
        className="seller-import__pick"
        loading={s.busy}
        disabled={s.busy || running}
        onClick={() => void s.upload()}
      >
        {running ? '正在导入…' : process.env.TARO_ENV === 'h5' ? '选择表格文件并导入' : '从聊天记录选择表格并导入'}
      </Button>
      <CurrentImport s={s} />
      <View className="section-title">
        <Text>导入记录</Text>
      </View>
      <ImportHistory s={s} />
    </View>
  );
}
