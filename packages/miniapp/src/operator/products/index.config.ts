export default definePageConfig({ navigationBarTitleText: '商品隐藏', enablePullDownRefresh: true });
