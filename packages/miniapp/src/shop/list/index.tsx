import { View } from '@tarojs/components';
import { ListBody, ListFilters, ListSearch } from './sections';
import { useProductList } from './useProductList';
import '../shop.css';

/** 商品列表: text search, category, sort; the next page by cursor on reaching the bottom. */
export default function ProductList() {
  const m = useProductList();
  return (
    <View className="page shop-list-page">
      <ListSearch m={m} />
      <ListFilters m={m} />
      <ListBody m={m} />
    </View>
  );
}
