export default definePageConfig({ navigationBarTitleText: '商品', enablePullDownRefresh: true, onReachBottomDistance: 80 });
